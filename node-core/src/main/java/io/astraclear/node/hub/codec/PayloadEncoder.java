package io.astraclear.node.hub.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import io.astraclear.node.hub.codec.proto.HubProto;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.hub.HubTransaction;
import java.util.List;

/** Domain payloads to their protobuf messages; {@link PayloadDecoder} is the way back. */
final class PayloadEncoder {
    private PayloadEncoder() {}

    static Message encode(HubTransaction transaction) {
        return switch (transaction) {
            case HubTransaction.Attest attest -> attest(attest);
            case HubTransaction.SignBatch sign -> HubProto.SignBatch.newBuilder()
                    .setBank(sign.batch().bank().value())
                    .setBatchNumber(sign.batch().number())
                    .setSignature(WireValues.signature(sign.signature()))
                    .build();
            case HubTransaction.ConfirmSettlement settle -> HubProto.ConfirmSettlement.newBuilder()
                    .setDebtor(settle.debtor().value())
                    .setCreditor(settle.creditor().value())
                    .setAmount(WireValues.uint256(settle.amount()))
                    .setReference(settle.reference())
                    .build();
            case HubTransaction.RequestNetting request -> HubProto.RequestNetting.newBuilder()
                    .setHeight(request.height())
                    .build();
            case HubTransaction.ApproveValidatorSet approve -> HubProto.ApproveValidatorSet.newBuilder()
                    .setNonce(approve.nonce())
                    .addAllValidators(addresses(approve.validators()))
                    .build();
            case HubTransaction.SignValidatorSet sign -> HubProto.SignValidatorSet.newBuilder()
                    .setNonce(sign.nonce())
                    .setBank(sign.bank().value())
                    .setSignature(WireValues.signature(sign.signature()))
                    .build();
        };
    }

    private static HubProto.Attest attest(HubTransaction.Attest attest) {
        HubProto.Attest.Builder message = HubProto.Attest.newBuilder();
        for (Observation observation : attest.observations()) {
            message.addObservations(observation(observation));
        }
        return message.build();
    }

    private static HubProto.Observation observation(Observation observation) {
        HubProto.Observation.Builder message = HubProto.Observation.newBuilder();
        switch (observation) {
            case Observation.TransferInitiated initiated -> message.setTransferInitiated(transferInitiated(initiated.transfer()));
            case Observation.CommandExecuted executed -> message.setCommandExecuted(HubProto.CommandExecuted.newBuilder()
                    .setBank(executed.bank().value())
                    .setCommandId(WireValues.hash(executed.commandId().value()))
                    .setRecipient(WireValues.address(executed.recipient()))
                    .setAmount(WireValues.uint256(executed.amount()))
                    .setPosition(position(executed.position())));
            case Observation.CommandSkipped skipped -> message.setCommandSkipped(HubProto.CommandSkipped.newBuilder()
                    .setBank(skipped.bank().value())
                    .setCommandId(WireValues.hash(skipped.commandId().value()))
                    .setReason(skipped.reason())
                    .setPosition(position(skipped.position())));
            case Observation.CommandFailed failed -> message.setCommandFailed(HubProto.CommandFailed.newBuilder()
                    .setBank(failed.bank().value())
                    .setCommandId(WireValues.hash(failed.commandId().value()))
                    .setRevertData(UnsafeByteOperations.unsafeWrap(failed.revertData().unsafeArray()))
                    .setPosition(position(failed.position())));
            case Observation.ExecutorSetUpdated updated -> message.setExecutorSetUpdated(HubProto.ExecutorSetUpdated.newBuilder()
                    .setBank(updated.bank().value())
                    .setNonce(updated.nonce())
                    .addAllValidators(addresses(updated.validators()))
                    .setPosition(position(updated.position())));
        }
        return message.build();
    }

    private static HubProto.TransferInitiated transferInitiated(ObservedTransfer transfer) {
        return HubProto.TransferInitiated.newBuilder()
                .setTransferId(WireValues.hash(transfer.transferId().value()))
                .setSourceBank(transfer.sourceBank().value())
                .setSourceChainId(transfer.sourceChainId())
                .setSourceGateway(WireValues.address(transfer.sourceGateway()))
                .setNonce(WireValues.uint256(transfer.nonce()))
                .setSender(WireValues.address(transfer.sender()))
                .setDestinationBank(transfer.destinationBank().value())
                .setRecipient(WireValues.address(transfer.recipient()))
                .setAmount(WireValues.uint256(transfer.amount()))
                .setBlockNumber(transfer.blockNumber())
                .setBlockHash(WireValues.hash(transfer.blockHash()))
                .setTransactionHash(WireValues.hash(transfer.transactionHash()))
                .setLogIndex(transfer.logIndex())
                .build();
    }

    private static HubProto.LogPosition position(Observation.LogPosition position) {
        return HubProto.LogPosition.newBuilder()
                .setTransactionHash(WireValues.hash(position.transactionHash()))
                .setBlockNumber(position.blockNumber())
                .setLogIndex(position.logIndex())
                .build();
    }

    private static List<ByteString> addresses(List<Address> addresses) {
        return addresses.stream().map(WireValues::address).toList();
    }
}
