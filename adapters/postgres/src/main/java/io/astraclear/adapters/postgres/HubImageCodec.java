package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.Attestation;
import io.astraclear.ports.state.BatchSignature;
import io.astraclear.ports.state.Confirmation;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.Mint;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.StatusChange;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.storage.TransferStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The hub's images and nested records as compact bytes, and back, exactly: equal records before
 * and after, every optional, list order and instant to the nanosecond. Every image starts with the
 * format version, so a later format can be read beside this one. The key of an image (transfer id,
 * batch id, observation key) and the columns a log row has anyway are not repeated inside.
 *
 * <p>Enum values are written as explicit codes, never ordinals or names, so renaming or reordering
 * a constant cannot change what stored bytes mean; a new constant fails to compile here until it
 * has its code.
 */
final class HubImageCodec {
    static final int FORMAT = 1;

    private static final int BYTES32 = 32;
    private static final int ADDRESS = 20;

    private HubImageCodec() {}

    // --- transfers --------------------------------------------------------------------------------

    static byte[] transfer(HubTransfer transfer) {
        ImageWriter out = new ImageWriter(512 + 256 * transfer.contents().size() + 64 * transfer.attestations().size());
        out.code(FORMAT).number(transfer.sequence()).code(transferStatus(transfer.status())).number(transfer.firstAttestedHeight())
                .instant(transfer.firstAttestedTime());
        out.list(transfer.contents(), content -> observedWithoutId(out, content));
        // Attestations name one of a few digests (one when validators agree): each distinct digest is written once.
        List<Bytes32> digests = new ArrayList<>(2);
        transfer.attestations().forEach(attestation -> indexOf(digests, attestation.digest()));
        transfer.confirmation().ifPresent(confirmation -> indexOf(digests, confirmation.digest()));
        out.list(digests, out::bytes32);
        out.list(transfer.attestations(), attestation -> out.address(attestation.validator())
                .number(indexOf(digests, attestation.digest())).number(attestation.height()));
        out.list(transfer.equivocators(), out::address);
        out.bool(transfer.confirmation().isPresent());
        transfer.confirmation().ifPresent(confirmation -> {
            out.number(confirmation.height()).number(indexOf(digests, confirmation.digest()));
            mintCommand(out, confirmation.command());
            out.number(confirmation.journalSequence());
        });
        out.bool(transfer.batch().isPresent());
        transfer.batch().ifPresent(batch -> out.bank(batch.bank()).number(batch.number()));
        out.list(transfer.failedMints(), out::bytes32);
        out.bool(transfer.mint().isPresent());
        transfer.mint().ifPresent(mint -> out.bytes32(mint.transactionHash()).number(mint.blockNumber()).number(mint.height()));
        out.list(transfer.history(), change -> out.code(transferStatus(change.status())).number(change.height()).instant(change.time())
                .text(change.reason()));
        return out.toByteArray();
    }

    static HubTransfer transfer(TransferId transferId, byte[] image) {
        ImageReader in = reader(image);
        long sequence = in.number();
        TransferStatus status = transferStatus(in.code());
        long firstAttestedHeight = in.number();
        Instant firstAttestedTime = in.instant();
        List<ObservedTransfer> contents = in.list(BYTES32, () -> observedWithoutId(in, transferId));
        List<Bytes32> digests = in.list(BYTES32, in::bytes32);
        List<Attestation> attestations = in.list(ADDRESS, () -> new Attestation(in.address(), digest(digests, in.smallNumber()), in.number()));
        List<Address> equivocators = in.list(ADDRESS, in::address);
        Optional<Confirmation> confirmation = in.bool()
                ? Optional.of(new Confirmation(in.number(), digest(digests, in.smallNumber()), mintCommand(in), in.number()))
                : Optional.empty();
        Optional<BatchId> batch = in.bool() ? Optional.of(new BatchId(in.bank(), in.number())) : Optional.empty();
        List<Bytes32> failedMints = in.list(BYTES32, in::bytes32);
        Optional<Mint> mint = in.bool() ? Optional.of(new Mint(in.bytes32(), in.number(), in.number())) : Optional.empty();
        List<StatusChange> history = in.list(3, () -> new StatusChange(transferStatus(in.code()), in.number(), in.instant(), in.text()));
        in.end();
        return new HubTransfer(sequence, transferId, contents, status, attestations, equivocators, firstAttestedHeight, firstAttestedTime,
                confirmation, batch, failedMints, mint, history);
    }

    /** A content's transfer id is the image's own (HubTransfer checks it): not repeated. */
    private static void observedWithoutId(ImageWriter out, ObservedTransfer transfer) {
        out.bank(transfer.sourceBank()).number(transfer.sourceChainId()).address(transfer.sourceGateway()).integer(transfer.nonce())
                .address(transfer.sender()).bank(transfer.destinationBank()).address(transfer.recipient()).amount(transfer.amount())
                .number(transfer.blockNumber()).bytes32(transfer.blockHash()).bytes32(transfer.transactionHash()).number(transfer.logIndex());
    }

    private static ObservedTransfer observedWithoutId(ImageReader in, TransferId transferId) {
        return new ObservedTransfer(transferId, in.bank(), in.number(), in.address(), in.integer(), in.address(), in.bank(), in.address(),
                in.amount(), in.number(), in.bytes32(), in.bytes32(), in.smallNumber());
    }

    private static void mintCommand(ImageWriter out, MintCommand command) {
        out.bytes32(command.commandId().value()).bank(command.sourceBank()).bank(command.destinationBank()).address(command.recipient())
                .amount(command.amount()).number(command.destinationChainId()).address(command.destinationExecutor());
    }

    private static MintCommand mintCommand(ImageReader in) {
        return new MintCommand(new CommandId(in.bytes32()), in.bank(), in.bank(), in.address(), in.amount(), in.number(), in.address());
    }

    private static int transferStatus(TransferStatus status) {
        return switch (status) {
            case OBSERVED -> 1;
            case CONFIRMED -> 2;
            case EXECUTED -> 3;
            case STUCK -> 4;
        };
    }

    private static TransferStatus transferStatus(int code) {
        return switch (code) {
            case 1 -> TransferStatus.OBSERVED;
            case 2 -> TransferStatus.CONFIRMED;
            case 3 -> TransferStatus.EXECUTED;
            case 4 -> TransferStatus.STUCK;
            default -> throw new IllegalStateException("a stored image names transfer status " + code + ", which this code does not know");
        };
    }

    // --- batches ----------------------------------------------------------------------------------

    static byte[] batch(HubBatch batch) {
        MintBatch commands = batch.batch();
        ImageWriter out = new ImageWriter(64 + 100 * commands.size() + 100 * batch.signatures().size());
        out.code(FORMAT).number(batch.createdHeight()).code(batchStatus(batch.status())).bool(batch.doneHeight().isPresent());
        batch.doneHeight().ifPresent(out::number);
        // Every command of a batch goes to the same bank (the batch id's), chain and Executor (MintBatch checks it): written once.
        out.number(commands.destinationChainId()).address(commands.destinationExecutor());
        out.list(commands.commands(), command -> out.bytes32(command.commandId().value()).bank(command.sourceBank())
                .address(command.recipient()).amount(command.amount()));
        out.list(batch.signatures(), signature -> out.address(signature.validator()).raw(signature.signature().toByteArray())
                .number(signature.height()));
        return out.toByteArray();
    }

    static HubBatch batch(BatchId id, byte[] image) {
        ImageReader in = reader(image);
        long createdHeight = in.number();
        HubBatch.Status status = batchStatus(in.code());
        OptionalLong doneHeight = in.bool() ? OptionalLong.of(in.number()) : OptionalLong.empty();
        long chainId = in.number();
        Address executor = in.address();
        List<MintCommand> commands = in.list(BYTES32 + ADDRESS,
                () -> new MintCommand(new CommandId(in.bytes32()), in.bank(), id.bank(), in.address(), in.amount(), chainId, executor));
        List<BatchSignature> signatures = in.list(ADDRESS + 65, () -> new BatchSignature(in.address(), Signature.fromBytes(in.raw(65)), in.number()));
        in.end();
        return new HubBatch(id, new MintBatch(commands), createdHeight, signatures, status, doneHeight);
    }

    private static int batchStatus(HubBatch.Status status) {
        return switch (status) {
            case OPEN -> 1;
            case DONE -> 2;
        };
    }

    private static HubBatch.Status batchStatus(int code) {
        return switch (code) {
            case 1 -> HubBatch.Status.OPEN;
            case 2 -> HubBatch.Status.DONE;
            default -> throw new IllegalStateException("a stored image names batch status " + code + ", which this code does not know");
        };
    }

    // --- pending observations ---------------------------------------------------------------------

    static byte[] pending(PendingObservation pending) {
        ImageWriter out = new ImageWriter(128 + 160 * pending.contents().size() + 64 * pending.attestations().size());
        out.code(FORMAT).number(pending.firstAttestedHeight());
        out.list(pending.contents(), log -> executorLog(out, log));
        List<Bytes32> digests = new ArrayList<>(2);
        pending.attestations().forEach(attestation -> indexOf(digests, attestation.digest()));
        out.list(digests, out::bytes32);
        out.list(pending.attestations(), attestation -> out.address(attestation.validator())
                .number(indexOf(digests, attestation.digest())).number(attestation.height()));
        out.list(pending.equivocators(), out::address);
        return out.toByteArray();
    }

    static PendingObservation pending(Bytes32 key, byte[] image) {
        ImageReader in = reader(image);
        long firstAttestedHeight = in.number();
        List<Observation.ExecutorLog> contents = in.list(BYTES32, () -> executorLog(in));
        List<Bytes32> digests = in.list(BYTES32, in::bytes32);
        List<Attestation> attestations = in.list(ADDRESS, () -> new Attestation(in.address(), digest(digests, in.smallNumber()), in.number()));
        List<Address> equivocators = in.list(ADDRESS, in::address);
        in.end();
        return new PendingObservation(key, contents, attestations, equivocators, firstAttestedHeight);
    }

    private static void executorLog(ImageWriter out, Observation.ExecutorLog log) {
        switch (log) {
            case Observation.CommandExecuted executed -> out.code(1).bank(executed.bank()).bytes32(executed.commandId().value())
                    .address(executed.recipient()).amount(executed.amount());
            case Observation.CommandSkipped skipped -> out.code(2).bank(skipped.bank()).bytes32(skipped.commandId().value())
                    .number(skipped.reason());
            case Observation.CommandFailed failed -> out.code(3).bank(failed.bank()).bytes32(failed.commandId().value())
                    .bytes(failed.revertData().unsafeArray());
            case Observation.ExecutorSetUpdated updated -> out.code(4).bank(updated.bank()).number(updated.nonce())
                    .list(updated.validators(), out::address);
        }
        Observation.LogPosition position = log.position();
        out.bytes32(position.transactionHash()).number(position.blockNumber()).number(position.logIndex());
    }

    private static Observation.ExecutorLog executorLog(ImageReader in) {
        int kind = in.code();
        BankId bank = in.bank();
        return switch (kind) {
            case 1 -> new Observation.CommandExecuted(bank, new CommandId(in.bytes32()), in.address(), in.amount(), position(in));
            case 2 -> new Observation.CommandSkipped(bank, new CommandId(in.bytes32()), in.smallNumber(), position(in));
            case 3 -> new Observation.CommandFailed(bank, new CommandId(in.bytes32()), Bytes.wrap(in.bytes()), position(in));
            case 4 -> new Observation.ExecutorSetUpdated(bank, in.number(), in.list(ADDRESS, in::address), position(in));
            default -> throw new IllegalStateException("a stored image names Executor log kind " + kind + ", which this code does not know");
        };
    }

    private static Observation.LogPosition position(ImageReader in) {
        return new Observation.LogPosition(in.bytes32(), in.number(), in.smallNumber());
    }

    // --- validator sets ---------------------------------------------------------------------------

    static byte[] validatorSets(ValidatorSets sets) {
        ImageWriter out = new ImageWriter(1_024);
        out.code(FORMAT);
        validatorSet(out, sets.active());
        out.bool(sets.next().isPresent());
        sets.next().ifPresent(next -> validatorSet(out, next));
        out.list(sets.approvals(), approval -> out.number(approval.nonce()).list(approval.validators(), out::address)
                .address(approval.approver()).number(approval.height()));
        out.list(sets.executorSets(), executorSet -> {
            out.bank(executorSet.bank());
            validatorSet(out, executorSet.set());
        });
        out.list(sets.setSignatures(), signature -> out.number(signature.nonce()).bank(signature.bank()).address(signature.validator())
                .raw(signature.signature().toByteArray()));
        return out.toByteArray();
    }

    static ValidatorSets validatorSets(byte[] image) {
        ImageReader in = reader(image);
        ValidatorSet active = validatorSet(in);
        Optional<ValidatorSet> next = in.bool() ? Optional.of(validatorSet(in)) : Optional.empty();
        List<ValidatorSets.Approval> approvals = in.list(1 + 1 + ADDRESS + 1,
                () -> new ValidatorSets.Approval(in.number(), in.list(ADDRESS, in::address), in.address(), in.number()));
        List<ValidatorSets.ExecutorSet> executorSets = in.list(2 + 1 + ADDRESS, () -> new ValidatorSets.ExecutorSet(in.bank(), validatorSet(in)));
        List<ValidatorSets.SetSignature> setSignatures = in.list(1 + 2 + ADDRESS + 65,
                () -> new ValidatorSets.SetSignature(in.number(), in.bank(), in.address(), Signature.fromBytes(in.raw(65))));
        in.end();
        return new ValidatorSets(active, next, approvals, executorSets, setSignatures);
    }

    private static void validatorSet(ImageWriter out, ValidatorSet set) {
        out.number(set.nonce()).list(set.validators(), out::address);
    }

    private static ValidatorSet validatorSet(ImageReader in) {
        return new ValidatorSet(in.number(), in.list(ADDRESS, in::address));
    }

    // --- head ---------------------------------------------------------------------------------------

    static byte[] head(HubHead head) {
        ImageWriter out = new ImageWriter(160 + 24 * head.nextBatchNumbers().size());
        out.code(FORMAT).number(head.height()).instant(head.time()).bytes32(head.appHash()).bytes32(head.genesisHash())
                .number(head.nextTransferSequence()).number(head.nextJournalSequence()).number(head.nextRoundId()).number(head.nextEventId())
                .number(head.lastNettingHeight());
        out.list(head.nextBatchNumbers().entrySet(), entry -> out.bank(entry.getKey()).number(entry.getValue()));
        return out.toByteArray();
    }

    static HubHead head(byte[] image) {
        ImageReader in = reader(image);
        long height = in.number();
        Instant time = in.instant();
        Bytes32 appHash = in.bytes32();
        Bytes32 genesisHash = in.bytes32();
        long nextTransferSequence = in.number();
        long nextJournalSequence = in.number();
        long nextRoundId = in.number();
        long nextEventId = in.number();
        long lastNettingHeight = in.number();
        Map<BankId, Long> nextBatchNumbers = new TreeMap<>();
        int banks = in.count(3);
        for (int index = 0; index < banks; index++) {
            nextBatchNumbers.put(in.bank(), in.number());
        }
        in.end();
        return new HubHead(height, time, appHash, genesisHash, nextTransferSequence, nextJournalSequence, nextRoundId, nextEventId,
                lastNettingHeight, nextBatchNumbers);
    }

    // --- netting rounds (id, height and time are columns) -----------------------------------------

    static byte[] nettingRound(NettingRecord round) {
        ImageWriter out = new ImageWriter(128 + 48 * (round.before().obligations().size() + round.after().obligations().size()));
        out.code(FORMAT).text(round.strategyId()).text(round.strategyVersion()).bytes32(round.inputDigest());
        snapshot(out, round.before());
        snapshot(out, round.after());
        out.text(round.trigger());
        return out.toByteArray();
    }

    static NettingRecord nettingRound(long roundId, long height, Instant time, byte[] image) {
        ImageReader in = reader(image);
        String strategyId = in.text();
        String strategyVersion = in.text();
        Bytes32 inputDigest = in.bytes32();
        BalanceSnapshot before = snapshot(in);
        BalanceSnapshot after = snapshot(in);
        String trigger = in.text();
        in.end();
        return new NettingRecord(roundId, height, time, strategyId, strategyVersion, inputDigest, before, after, trigger);
    }

    private static void snapshot(ImageWriter out, BalanceSnapshot snapshot) {
        out.list(snapshot.obligations(), obligation -> out.bank(obligation.debtor()).bank(obligation.creditor()).amount(obligation.amount()));
    }

    private static BalanceSnapshot snapshot(ImageReader in) {
        return new BalanceSnapshot(in.list(6, () -> new Obligation(in.bank(), in.bank(), in.amount())));
    }

    // --- helpers ----------------------------------------------------------------------------------

    static ImageReader reader(byte[] image) {
        ImageReader in = new ImageReader(image);
        int format = in.code();
        if (format != FORMAT) {
            throw new IllegalStateException("a stored image has format " + format + "; this code reads format " + FORMAT
                    + " only (a newer astra-clear wrote it?)");
        }
        return in;
    }

    private static int indexOf(List<Bytes32> digests, Bytes32 digest) {
        int index = digests.indexOf(digest);
        if (index >= 0) {
            return index;
        }
        digests.add(digest);
        return digests.size() - 1;
    }

    private static Bytes32 digest(List<Bytes32> digests, int index) {
        if (index >= digests.size()) {
            throw new IllegalStateException("a stored image names digest " + index + " of " + digests.size());
        }
        return digests.get(index);
    }
}
