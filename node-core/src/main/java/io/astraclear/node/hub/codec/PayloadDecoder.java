package io.astraclear.node.hub.codec;

import com.google.protobuf.ByteString;
import io.astraclear.node.hub.codec.proto.HubProto;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload bytes to domain payloads, strictly: canonical protobuf ({@link StrictWire}), then every
 * value through its domain record, whose refusal ({@link IllegalArgumentException}) becomes the
 * reason. Bounds on repeated fields are checked before their elements are converted, and the
 * observation count of an Attest before anything is parsed.
 */
final class PayloadDecoder {
    private PayloadDecoder() {}

    /** The payload message's name, which starts every refused field's path. */
    static String messageName(HubTxType type) {
        return switch (type) {
            case ATTEST -> "Attest";
            case SIGN_BATCH -> "SignBatch";
            case CONFIRM_SETTLEMENT -> "ConfirmSettlement";
            case REQUEST_NETTING -> "RequestNetting";
            case APPROVE_VALIDATOR_SET -> "ApproveValidatorSet";
            case SIGN_VALIDATOR_SET -> "SignValidatorSet";
        };
    }

    /** {@code payload} must not change afterwards: parsed bytes fields are views of it until converted. */
    static HubTransaction decode(HubTxType type, byte[] payload) throws MalformedTransactionException {
        try {
            return switch (type) {
                case ATTEST -> {
                    StrictWire.refuseMoreThan(payload, HubProto.Attest.OBSERVATIONS_FIELD_NUMBER,
                            HubTransaction.Attest.MAX_OBSERVATIONS, "observations");
                    yield attest(StrictWire.parse(HubProto.Attest.parser(), payload));
                }
                case SIGN_BATCH -> signBatch(StrictWire.parse(HubProto.SignBatch.parser(), payload));
                case CONFIRM_SETTLEMENT -> confirmSettlement(StrictWire.parse(HubProto.ConfirmSettlement.parser(), payload));
                case REQUEST_NETTING -> requestNetting(StrictWire.parse(HubProto.RequestNetting.parser(), payload));
                case APPROVE_VALIDATOR_SET -> {
                    StrictWire.refuseMoreThan(payload, HubProto.ApproveValidatorSet.VALIDATORS_FIELD_NUMBER,
                            HubTransaction.ApproveValidatorSet.MAX_VALIDATORS, "validators");
                    yield approveValidatorSet(StrictWire.parse(HubProto.ApproveValidatorSet.parser(), payload));
                }
                case SIGN_VALIDATOR_SET -> signValidatorSet(StrictWire.parse(HubProto.SignValidatorSet.parser(), payload));
            };
        } catch (MalformedTransactionException e) {
            throw e.under(messageName(type));
        } catch (IllegalArgumentException e) {
            throw new MalformedTransactionException(messageName(type), e.getMessage());
        }
    }

    private static HubTransaction.Attest attest(HubProto.Attest message) throws MalformedTransactionException {
        int count = message.getObservationsCount();
        List<Observation> observations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            HubProto.Observation observation = message.getObservations(i);
            try {
                observations.add(observation(observation));
            } catch (MalformedTransactionException e) {
                throw e.under("observations[" + i + "]");
            } catch (IllegalArgumentException e) {
                throw new MalformedTransactionException("observations[" + i + "]." + kindName(observation), e.getMessage());
            }
        }
        return new HubTransaction.Attest(observations);
    }

    private static String kindName(HubProto.Observation observation) {
        HubProto.Observation.KindCase kind = observation.getKindCase();
        return kind == HubProto.Observation.KindCase.KIND_NOT_SET
                ? "kind"
                : HubProto.Observation.getDescriptor().findFieldByNumber(kind.getNumber()).getName();
    }

    private static Observation observation(HubProto.Observation message) throws MalformedTransactionException {
        try {
            return switch (message.getKindCase()) {
                case TRANSFER_INITIATED -> new Observation.TransferInitiated(transfer(message.getTransferInitiated()));
                case COMMAND_EXECUTED -> commandExecuted(message.getCommandExecuted());
                case COMMAND_SKIPPED -> commandSkipped(message.getCommandSkipped());
                case COMMAND_FAILED -> commandFailed(message.getCommandFailed());
                case EXECUTOR_SET_UPDATED -> executorSetUpdated(message.getExecutorSetUpdated());
                case KIND_NOT_SET -> throw new MalformedTransactionException("", "is missing: one of transfer_initiated,"
                        + " command_executed, command_skipped, command_failed, executor_set_updated");
            };
        } catch (MalformedTransactionException e) {
            throw e.under(kindName(message));
        }
    }

    private static ObservedTransfer transfer(HubProto.TransferInitiated message) throws MalformedTransactionException {
        return new ObservedTransfer(
                new TransferId(WireValues.hash(message.getTransferId(), "transfer_id")),
                WireValues.bankId(message.getSourceBank(), "source_bank"),
                WireValues.uint64(message.getSourceChainId(), "source_chain_id"),
                WireValues.address(message.getSourceGateway(), "source_gateway"),
                WireValues.uint256(message.getNonce(), "nonce"),
                WireValues.address(message.getSender(), "sender"),
                WireValues.bankId(message.getDestinationBank(), "destination_bank"),
                WireValues.address(message.getRecipient(), "recipient"),
                WireValues.amount(message.getAmount(), "amount"),
                WireValues.uint64(message.getBlockNumber(), "block_number"),
                WireValues.hash(message.getBlockHash(), "block_hash"),
                WireValues.hash(message.getTransactionHash(), "transaction_hash"),
                WireValues.uint32(message.getLogIndex(), "log_index"));
    }

    private static Observation.CommandExecuted commandExecuted(HubProto.CommandExecuted message) throws MalformedTransactionException {
        return new Observation.CommandExecuted(
                WireValues.bankId(message.getBank(), "bank"),
                new CommandId(WireValues.hash(message.getCommandId(), "command_id")),
                WireValues.address(message.getRecipient(), "recipient"),
                WireValues.amount(message.getAmount(), "amount"),
                position(message.hasPosition(), message.getPosition()));
    }

    private static Observation.CommandSkipped commandSkipped(HubProto.CommandSkipped message) throws MalformedTransactionException {
        return new Observation.CommandSkipped(
                WireValues.bankId(message.getBank(), "bank"),
                new CommandId(WireValues.hash(message.getCommandId(), "command_id")),
                WireValues.uint32(message.getReason(), "reason"),
                position(message.hasPosition(), message.getPosition()));
    }

    private static Observation.CommandFailed commandFailed(HubProto.CommandFailed message) throws MalformedTransactionException {
        ByteString revertData = message.getRevertData();
        if (revertData.size() > Observation.CommandFailed.MAX_REVERT_DATA_BYTES) {
            throw new MalformedTransactionException("revert_data",
                    revertData.size() + " bytes, at most " + Observation.CommandFailed.MAX_REVERT_DATA_BYTES);
        }
        return new Observation.CommandFailed(
                WireValues.bankId(message.getBank(), "bank"),
                new CommandId(WireValues.hash(message.getCommandId(), "command_id")),
                Bytes.wrap(revertData.toByteArray()),
                position(message.hasPosition(), message.getPosition()));
    }

    private static Observation.ExecutorSetUpdated executorSetUpdated(HubProto.ExecutorSetUpdated message)
            throws MalformedTransactionException {
        return new Observation.ExecutorSetUpdated(
                WireValues.bankId(message.getBank(), "bank"),
                WireValues.uint64(message.getNonce(), "nonce"),
                addresses(message.getValidatorsList(), Observation.ExecutorSetUpdated.MAX_VALIDATORS),
                position(message.hasPosition(), message.getPosition()));
    }

    private static Observation.LogPosition position(boolean present, HubProto.LogPosition message) throws MalformedTransactionException {
        if (!present) {
            throw new MalformedTransactionException("position", "is missing");
        }
        try {
            return new Observation.LogPosition(
                    WireValues.hash(message.getTransactionHash(), "transaction_hash"),
                    WireValues.uint64(message.getBlockNumber(), "block_number"),
                    WireValues.uint32(message.getLogIndex(), "log_index"));
        } catch (MalformedTransactionException e) {
            throw e.under("position");
        }
    }

    private static HubTransaction.SignBatch signBatch(HubProto.SignBatch message) throws MalformedTransactionException {
        BankId bank = WireValues.bankId(message.getBank(), "bank");
        long number = WireValues.uint64(message.getBatchNumber(), "batch_number");
        if (number < 1) {
            throw new MalformedTransactionException("batch_number", "must be at least 1, got " + number);
        }
        return new HubTransaction.SignBatch(new BatchId(bank, number), WireValues.signature(message.getSignature(), "signature"));
    }

    private static HubTransaction.ConfirmSettlement confirmSettlement(HubProto.ConfirmSettlement message)
            throws MalformedTransactionException {
        String reference = message.getReference();
        try {
            HubTransaction.ConfirmSettlement.checkReference(reference);
        } catch (IllegalArgumentException e) {
            throw new MalformedTransactionException("reference", e.getMessage());
        }
        return new HubTransaction.ConfirmSettlement(
                WireValues.bankId(message.getDebtor(), "debtor"),
                WireValues.bankId(message.getCreditor(), "creditor"),
                WireValues.amount(message.getAmount(), "amount"),
                reference);
    }

    private static HubTransaction.RequestNetting requestNetting(HubProto.RequestNetting message) throws MalformedTransactionException {
        return new HubTransaction.RequestNetting(WireValues.uint64(message.getHeight(), "height"));
    }

    private static HubTransaction.ApproveValidatorSet approveValidatorSet(HubProto.ApproveValidatorSet message)
            throws MalformedTransactionException {
        return new HubTransaction.ApproveValidatorSet(
                WireValues.uint64(message.getNonce(), "nonce"),
                addresses(message.getValidatorsList(), HubTransaction.ApproveValidatorSet.MAX_VALIDATORS));
    }

    private static HubTransaction.SignValidatorSet signValidatorSet(HubProto.SignValidatorSet message)
            throws MalformedTransactionException {
        return new HubTransaction.SignValidatorSet(
                WireValues.uint64(message.getNonce(), "nonce"),
                WireValues.bankId(message.getBank(), "bank"),
                WireValues.signature(message.getSignature(), "signature"));
    }

    /** Validators: the count is bounded before any address is built. */
    private static List<Address> addresses(List<ByteString> validators, int max) throws MalformedTransactionException {
        if (validators.size() > max) {
            throw new MalformedTransactionException("validators", validators.size() + " entries, at most " + max);
        }
        List<Address> addresses = new ArrayList<>(validators.size());
        for (int i = 0; i < validators.size(); i++) {
            addresses.add(WireValues.address(validators.get(i), "validators[" + i + "]"));
        }
        return addresses;
    }
}
