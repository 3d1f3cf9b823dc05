package io.astraclear.ports.state;

import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservationDigests;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Valid, deterministic images and log records of the hub's state, for the {@link HubStore} contract
 * and for anything else that needs realistic hub state (the state machine's determinism tests, the
 * PostgreSQL store's own tests). Everything is a pure function of its arguments; where variety is
 * wanted, the caller passes a seeded {@link java.util.Random} (see {@link HubHistory}).
 *
 * <p>Values are chosen to catch lossy storage: block times carry nanoseconds (CometBFT's do, and
 * the app hash covers them), amounts go past 64 bits up to {@code 2^256 - 1}, strings hold non-ASCII
 * characters and empty values, revert data is empty or as long as allowed, and every optional
 * field appears both present and empty somewhere.
 */
public final class HubStateFixtures {
    public static final BankId BANK_A = ValueFixtures.BANK_A;
    public static final BankId BANK_B = ValueFixtures.BANK_B;
    public static final BankId BANK_C = ValueFixtures.BANK_C;
    public static final BankId BANK_D = BankId.of("BANK_D");
    public static final List<BankId> BANKS = List.of(BANK_A, BANK_B, BANK_C, BANK_D);

    /** The time of block 0. Nanoseconds on purpose: a store must give every block time back exactly. */
    public static final Instant GENESIS_TIME = Instant.parse("2025-03-01T09:00:00.123456789Z");
    public static final Bytes32 GENESIS_HASH = hash("astra-clear.test-genesis");
    /** The largest amount a journal entry or balance can hold. */
    public static final Amount MAX_AMOUNT = new Amount(Amount.MAX_UINT256);
    /** The longest revert data a {@code CommandFailed} observation may carry. */
    public static final Bytes LONGEST_REVERT_DATA = revertData(Observation.CommandFailed.MAX_REVERT_DATA_BYTES);

    private HubStateFixtures() {}

    // --- values -----------------------------------------------------------------------------------

    public static Bytes32 hash(String label) {
        return ValueFixtures.hash(label);
    }

    public static Address address(String label) {
        return ValueFixtures.address(label);
    }

    /** Validator {@code index} (1-based); addresses ascend with the index. */
    public static Address validator(int index) {
        return ValueFixtures.validator(index);
    }

    /** Validators {@code first..last}, ascending. */
    public static List<Address> validators(int first, int last) {
        List<Address> validators = new ArrayList<>();
        for (int index = first; index <= last; index++) {
            validators.add(validator(index));
        }
        return validators;
    }

    /** Block times 5 s apart, each with its own nanoseconds. */
    public static Instant blockTime(long height) {
        return GENESIS_TIME.plusSeconds(5 * height).plusNanos(height * 7_919 % 1_000);
    }

    public static Bytes32 appHash(long height) {
        return hash("app-hash:" + height);
    }

    /** A head at {@code height} with its usual app hash and counters that grow with the height. */
    public static HubHead head(long height) {
        return head(height, appHash(height));
    }

    public static HubHead head(long height, Bytes32 appHash) {
        Map<BankId, Long> nextBatchNumbers = new TreeMap<>();
        nextBatchNumbers.put(BANK_B, height + 1);
        if (height % 2 == 0) {
            nextBatchNumbers.put(BANK_A, height / 2 + 1);
        }
        return new HubHead(height, blockTime(height), appHash, GENESIS_HASH, 3 * height + 1, 4 * height + 1, height / 3 + 1, 5 * height + 1,
                height / 3 * 3, nextBatchNumbers);
    }

    public static Amount amount(String decimal) {
        return Amount.parse(decimal);
    }

    public static Obligation balance(BankId debtor, BankId creditor, long amount) {
        return new Obligation(debtor, creditor, Amount.of(amount));
    }

    public static Obligation balance(BankId debtor, BankId creditor, Amount amount) {
        return new Obligation(debtor, creditor, amount);
    }

    /** The image that removes a balance: an amount of zero. */
    public static Obligation zeroBalance(BankId debtor, BankId creditor) {
        return new Obligation(debtor, creditor, Amount.ZERO);
    }

    public static BalanceSnapshot snapshot(Obligation... obligations) {
        return BalanceSnapshot.canonical(List.of(obligations));
    }

    // --- transfers --------------------------------------------------------------------------------

    /** A {@code TransferInitiated} of {@code source}'s Gateway with nonce {@code nonce}, in block {@code nonce}. */
    public static ObservedTransfer observed(BankId source, BankId destination, long amount, long nonce) {
        return ValueFixtures.transfer(source, destination, amount, nonce);
    }

    public static ObservedTransfer observed(BankId source, BankId destination, Amount amount, long nonce) {
        return ValueFixtures.transfer(source, destination, amount, nonce, nonce);
    }

    /** The same transfer id, another destination and recipient: what an equivocating validator attests. */
    public static ObservedTransfer forged(ObservedTransfer honest, BankId destination) {
        return new ObservedTransfer(honest.transferId(), honest.sourceBank(), honest.sourceChainId(), honest.sourceGateway(), honest.nonce(),
                honest.sender(), destination, address("thief:" + honest.transferId()), honest.amount(), honest.blockNumber(), honest.blockHash(),
                honest.transactionHash(), honest.logIndex() + 1);
    }

    public static MintCommand commandFor(ObservedTransfer transfer) {
        return ValueFixtures.commandFor(transfer);
    }

    public static Bytes32 digestOf(ObservedTransfer transfer) {
        return ObservationDigests.transferObservation(transfer);
    }

    /**
     * A full image of {@code observed} in {@code status}, first attested at {@code height}:
     * OBSERVED with two attestations; CONFIRMED at {@code height + 1} in batch 1 of its destination
     * with one failed mint; EXECUTED at {@code height + 2} with its mint; STUCK at
     * {@code height + 100} short of threshold.
     */
    public static HubTransfer transfer(TransferStatus status, long sequence, ObservedTransfer observed, long height) {
        TransferBuilder builder = TransferBuilder.observed(sequence, observed, height).attestedBy(1, 2);
        return switch (status) {
            case OBSERVED -> builder.build();
            case STUCK -> builder.stuck(height + 100, "short of threshold 100 blocks after the first attestation").build();
            case CONFIRMED -> builder.attestedBy(3).confirmed(height + 1, sequence).batch(new BatchId(observed.destinationBank(), 1))
                    .failedMint(hash("failed-mint:" + observed.transferId())).build();
            case EXECUTED -> builder.attestedBy(3).confirmed(height + 1, sequence).batch(new BatchId(observed.destinationBank(), 1))
                    .executed(new Mint(hash("mint-tx:" + observed.transferId()), 4_000_000_000L + sequence, height + 2)).build();
        };
    }

    /**
     * A transfer a validator equivocated on: it first attested {@code forged}, then the others
     * confirmed {@code honest}, so {@link HubTransfer#observed()} is the second content.
     */
    public static HubTransfer contestedTransfer(long sequence, ObservedTransfer honest, ObservedTransfer forged, long height) {
        return new TransferBuilder(sequence, forged, height)
                .content(honest)
                .attestedBy(2, 3, 4)
                .equivocator(validator(1))
                .confirmed(height + 1, 10 * sequence, digestOf(honest), commandFor(honest))
                .build();
    }

    /** Builds {@link HubTransfer} images field by field; every setter returns the builder. */
    public static final class TransferBuilder {
        private final long sequence;
        private final ObservedTransfer first;
        private final List<ObservedTransfer> contents = new ArrayList<>();
        private TransferStatus status = TransferStatus.OBSERVED;
        private final List<Attestation> attestations = new ArrayList<>();
        private final List<Address> equivocators = new ArrayList<>();
        private final long firstAttestedHeight;
        private Optional<Confirmation> confirmation = Optional.empty();
        private Optional<BatchId> batch = Optional.empty();
        private final List<Bytes32> failedMints = new ArrayList<>();
        private Optional<Mint> mint = Optional.empty();
        private final List<StatusChange> history = new ArrayList<>();

        public TransferBuilder(long sequence, ObservedTransfer first, long firstAttestedHeight) {
            this.sequence = sequence;
            this.first = first;
            this.firstAttestedHeight = firstAttestedHeight;
            contents.add(first);
            history.add(new StatusChange(TransferStatus.OBSERVED, firstAttestedHeight, blockTime(firstAttestedHeight), ""));
        }

        public static TransferBuilder observed(long sequence, ObservedTransfer first, long firstAttestedHeight) {
            return new TransferBuilder(sequence, first, firstAttestedHeight);
        }

        /** Starts from an image (its lists are copied), e.g. to advance it in a later block. */
        public static TransferBuilder from(HubTransfer image) {
            TransferBuilder builder = new TransferBuilder(image.sequence(), image.contents().getFirst(), image.firstAttestedHeight());
            builder.contents.clear();
            builder.contents.addAll(image.contents());
            builder.status = image.status();
            builder.attestations.addAll(image.attestations());
            builder.equivocators.addAll(image.equivocators());
            builder.confirmation = image.confirmation();
            builder.batch = image.batch();
            builder.failedMints.addAll(image.failedMints());
            builder.mint = image.mint();
            builder.history.clear();
            builder.history.addAll(image.history());
            return builder;
        }

        public TransferBuilder content(ObservedTransfer another) {
            contents.add(another);
            return this;
        }

        /** Validators attest the first content at the first attestation's height. */
        public TransferBuilder attestedBy(int... validatorIndexes) {
            return attestedAt(firstAttestedHeight, validatorIndexes);
        }

        public TransferBuilder attestedAt(long height, int... validatorIndexes) {
            for (int index : validatorIndexes) {
                attestations.add(new Attestation(validator(index), digestOf(contents.getLast()), height));
            }
            return this;
        }

        public TransferBuilder equivocator(Address validator) {
            equivocators.add(validator);
            return this;
        }

        public TransferBuilder status(TransferStatus next, long height, String reason) {
            status = next;
            history.add(new StatusChange(next, height, blockTime(height), reason));
            return this;
        }

        public TransferBuilder confirmed(long height, long journalSequence) {
            ObservedTransfer observed = first;
            return confirmed(height, journalSequence, digestOf(observed), commandFor(observed));
        }

        public TransferBuilder confirmed(long height, long journalSequence, Bytes32 digest, MintCommand command) {
            confirmation = Optional.of(new Confirmation(height, digest, command, journalSequence));
            return status(TransferStatus.CONFIRMED, height, "");
        }

        public TransferBuilder batch(BatchId id) {
            batch = Optional.of(id);
            return this;
        }

        public TransferBuilder failedMint(Bytes32 executorLogKey) {
            failedMints.add(executorLogKey);
            return this;
        }

        public TransferBuilder executed(Mint done) {
            mint = Optional.of(done);
            return status(TransferStatus.EXECUTED, done.height(), "");
        }

        public TransferBuilder stuck(long height, String reason) {
            return status(TransferStatus.STUCK, height, reason);
        }

        public HubTransfer build() {
            return new HubTransfer(sequence, first.transferId(), contents, status, attestations, equivocators, firstAttestedHeight,
                    blockTime(firstAttestedHeight), confirmation, batch, failedMints, mint, history);
        }
    }

    // --- batches ----------------------------------------------------------------------------------

    /** An open batch of these transfers' mints (all to {@code id.bank()}), signed by validators {@code 1..signatureCount}. */
    public static HubBatch openBatch(BatchId id, long createdHeight, List<ObservedTransfer> mints, int signatureCount) {
        return batch(id, createdHeight, mints, signatureCount, OptionalLong.empty());
    }

    public static HubBatch doneBatch(BatchId id, long createdHeight, List<ObservedTransfer> mints, int signatureCount, long doneHeight) {
        return batch(id, createdHeight, mints, signatureCount, OptionalLong.of(doneHeight));
    }

    public static HubBatch batch(BatchId id, long createdHeight, List<ObservedTransfer> mints, int signatureCount, OptionalLong doneHeight) {
        MintBatch commands = MintBatch.of(mints.stream().map(HubStateFixtures::commandFor).toList());
        List<BatchSignature> signatures = new ArrayList<>();
        for (int index = 1; index <= signatureCount; index++) {
            signatures.add(new BatchSignature(validator(index), ValueFixtures.signature(index, ProtocolDigests.batchDigest(commands)), createdHeight + index));
        }
        return new HubBatch(id, commands, createdHeight, signatures, doneHeight.isPresent() ? HubBatch.Status.DONE : HubBatch.Status.OPEN,
                doneHeight);
    }

    /** A batch of {@code size} fresh mints from BANK_A (nonces from {@code firstNonce}) to {@code id.bank()}. */
    public static HubBatch openBatch(BatchId id, long createdHeight, int size, long firstNonce, int signatureCount) {
        BankId source = id.bank().equals(BANK_A) ? BANK_C : BANK_A;
        List<ObservedTransfer> mints = new ArrayList<>();
        for (int index = 0; index < size; index++) {
            mints.add(observed(source, id.bank(), 10 + index, firstNonce + index));
        }
        return openBatch(id, createdHeight, mints, signatureCount);
    }

    // --- Executor logs and pending observations ---------------------------------------------------

    public static Observation.LogPosition position(BankId bank, long n) {
        return new Observation.LogPosition(hash("executor-tx:" + bank + ":" + n), 7_000 + n, (int) (n % 5));
    }

    public static CommandId commandId(String label) {
        return new CommandId(hash("command:" + label));
    }

    public static Observation.CommandExecuted commandExecuted(BankId bank, long n) {
        return new Observation.CommandExecuted(bank, commandId(bank + ":" + n), address("recipient:" + n), Amount.of(1_000 + n), position(bank, n));
    }

    public static Observation.CommandSkipped commandSkipped(BankId bank, long n, int reason) {
        return new Observation.CommandSkipped(bank, commandId(bank + ":" + n), reason, position(bank, n));
    }

    public static Observation.CommandFailed commandFailed(BankId bank, long n, Bytes revertData) {
        return new Observation.CommandFailed(bank, commandId(bank + ":" + n), revertData, position(bank, n));
    }

    public static Observation.ExecutorSetUpdated executorSetUpdated(BankId bank, long n, long nonce, List<Address> validators) {
        return new Observation.ExecutorSetUpdated(bank, nonce, validators, position(bank, n));
    }

    /** {@code Error(string)}-shaped revert data of exactly {@code length} bytes. */
    public static Bytes revertData(int length) {
        byte[] bytes = new byte[length];
        byte[] selector = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};
        System.arraycopy(selector, 0, bytes, 0, Math.min(4, length));
        for (int index = 4; index < length; index++) {
            bytes[index] = (byte) (index * 31);
        }
        return Bytes.wrap(bytes);
    }

    /**
     * One Executor log of every kind for {@code bank} (positions {@code n..n+5}): executed, skipped,
     * failed with ordinary, empty and the longest revert data, and a validator-set update.
     */
    public static List<Observation.ExecutorLog> executorLogsOfEveryKind(BankId bank, long n) {
        return List.of(
                commandExecuted(bank, n),
                commandSkipped(bank, n + 1, 255),
                commandFailed(bank, n + 2, revertData(68)),
                commandFailed(bank, n + 3, Bytes.EMPTY),
                commandFailed(bank, n + 4, LONGEST_REVERT_DATA),
                executorSetUpdated(bank, n + 5, 1, validators(2, 5)));
    }

    /** The log attested by validators {@code 1..attestations} at {@code height}. */
    public static PendingObservation pending(Observation.ExecutorLog log, long height, int attestations) {
        List<Attestation> attested = new ArrayList<>();
        for (int index = 1; index <= attestations; index++) {
            attested.add(new Attestation(validator(index), log.digest(), height));
        }
        return new PendingObservation(log.key(), List.of(log), attested, List.of(), height);
    }

    /**
     * A log two validators disagree on: validator 1 attested {@code log} then a different content at
     * the same position (so the same key); it is an equivocator, validator 2 attested the first.
     */
    public static PendingObservation contestedPending(Observation.ExecutorLog log, long height) {
        Observation.ExecutorLog other = new Observation.CommandSkipped(log.bank(), commandId("contested:" + log.key()), 0, log.position());
        return new PendingObservation(log.key(), List.of(log, other), List.of(new Attestation(validator(2), log.digest(), height + 1)),
                List.of(validator(1)), height);
    }

    // --- validator sets ---------------------------------------------------------------------------

    /** The genesis sets: validators {@code 1..count} active (nonce 0), nothing agreed or signed. */
    public static ValidatorSets genesisSets(int count) {
        return new ValidatorSets(new ValidatorSet(0, validators(1, count)), Optional.empty(), List.of(), List.of(), List.of());
    }

    /**
     * Sets in the middle of a rotation: 1..4 active, 2..5 agreed as nonce 1 by two approvals, BANK_B's
     * Executor already updated, signatures for BANK_A and BANK_C gathered (executor sets given out of
     * bank order: the record sorts them).
     */
    public static ValidatorSets rotatingSets(long height) {
        ValidatorSet active = new ValidatorSet(0, validators(1, 4));
        ValidatorSet next = new ValidatorSet(1, validators(2, 5));
        Bytes32 digest = hash("validator-set-digest:" + height);
        return new ValidatorSets(active, Optional.of(next),
                List.of(new ValidatorSets.Approval(1, next.validators(), validator(1), height),
                        new ValidatorSets.Approval(1, next.validators(), validator(3), height + 1)),
                List.of(new ValidatorSets.ExecutorSet(BANK_B, next), new ValidatorSets.ExecutorSet(BANK_A, active)),
                List.of(new ValidatorSets.SetSignature(1, BANK_A, validator(1), ValueFixtures.signature(1, digest)),
                        new ValidatorSets.SetSignature(1, BANK_C, validator(2), ValueFixtures.signature(2, digest))));
    }

    // --- log records ------------------------------------------------------------------------------

    public static JournalEntry journalEntry(long sequence, long height, EntryType type, BankId issuer, BankId holder, Amount amount,
            String reference) {
        return new JournalEntry(sequence, height, blockTime(height), type, issuer, holder, amount, reference);
    }

    public static JournalEntry issue(long sequence, long height, BankId issuer, BankId holder, long amount) {
        return journalEntry(sequence, height, EntryType.ISSUE, issuer, holder, Amount.of(amount), hash("transfer:" + sequence).toString());
    }

    public static NettingRecord nettingRound(long roundId, long height, BalanceSnapshot before, BalanceSnapshot after) {
        return new NettingRecord(roundId, height, blockTime(height), "bilateral", "1.2.0", hash("netting-input:" + roundId), before, after,
                roundId % 2 == 0 ? "interval" : "requested by " + validator(2));
    }

    /** A round from A owes B 100, B owes A 60 to A owes B 40. */
    public static NettingRecord nettingRound(long roundId, long height) {
        return nettingRound(roundId, height, snapshot(balance(BANK_A, BANK_B, 100), balance(BANK_B, BANK_A, 60)),
                snapshot(balance(BANK_A, BANK_B, 40)));
    }

    public static SettlementRecord settlement(BankId debtor, BankId creditor, long amount, String reference, long height, long journalSequence) {
        return new SettlementRecord(debtor, creditor, Amount.of(amount), reference, operator(creditor), height, blockTime(height), journalSequence);
    }

    public static Address operator(BankId bank) {
        return address("operator:" + bank);
    }

    public static EquivocationEvidence evidence(long height, int validatorIndex, Bytes32 subject) {
        return new EquivocationEvidence(height, validator(validatorIndex), subject, hash("first:" + subject + ":" + validatorIndex),
                hash("second:" + subject + ":" + validatorIndex));
    }

    public static Bytes32 transactionHash(long height, int index) {
        return hash("hub-tx:" + height + ":" + index);
    }

    public static TxRecord acceptedTransaction(long height, int index, HubTxType type) {
        return new TxRecord(height, index, Optional.of(type), Optional.of(validator(1 + index % 4)),
                TxResult.applied(transactionHash(height, index), "attested 3 observations; 1 new"));
    }

    public static TxRecord rejectedTransaction(long height, int index, HubTxType type, HubRejection rejection) {
        return new TxRecord(height, index, Optional.of(type), Optional.of(validator(1 + index % 4)),
                TxResult.rejected(transactionHash(height, index), rejection, "refused: " + rejection + " — see «reason»"));
    }

    /** Bytes that did not decode: no type, no sender. */
    public static TxRecord undecodableTransaction(long height, int index) {
        return new TxRecord(height, index, Optional.empty(), Optional.empty(),
                TxResult.rejected(transactionHash(height, index), HubRejection.MALFORMED, "trailing bytes after field 3"));
    }

    public static HubEvent event(long id, long height, HubEventType type, List<BankId> banks, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("event fields come in key/value pairs");
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (int index = 0; index < keyValues.length; index += 2) {
            data.put(keyValues[index], keyValues[index + 1]);
        }
        return new HubEvent(id, height, blockTime(height), type, data, banks);
    }

    /** An event with data (keys given out of order, a non-ASCII and an empty value) naming two banks. */
    public static HubEvent event(long id, long height) {
        return event(id, height, HubEventType.values()[(int) (id % HubEventType.values().length)], List.of(BANK_B, BANK_A),
                "transferId", hash("event-transfer:" + id).toString(), "amount", "1000", "note", "Überweisung №" + id, "empty", "");
    }

    // --- node-local -------------------------------------------------------------------------------

    public static Checkpoint checkpoint(BankId bank, long blockNumber) {
        return ValueFixtures.checkpoint(bank, blockNumber);
    }

    public static QuarantinedLog quarantinedLog(BankId bank, long blockNumber, int logIndex, String reason) {
        return new QuarantinedLog(bank, blockNumber, hash("quarantined-tx:" + bank + ":" + blockNumber), logIndex, reason,
                "0x" + "ab".repeat(40));
    }

    // --- blocks -----------------------------------------------------------------------------------

    /** An empty block at {@code height} with its usual head. */
    public static Block block(long height) {
        return new Block(head(height));
    }

    /** Block 1 with the genesis validator sets (every first block writes them). */
    public static Block firstBlock() {
        return block(1).validatorSets(genesisSets(4));
    }

    /** Collects one block's effects; {@link #effects()} makes the {@link BlockEffects}. */
    public static final class Block {
        private HubHead head;
        private final List<HubTransfer> transfers = new ArrayList<>();
        private final List<HubBatch> batches = new ArrayList<>();
        private final List<PendingObservation> pending = new ArrayList<>();
        private final List<Bytes32> removedPending = new ArrayList<>();
        private Optional<ValidatorSets> validatorSets = Optional.empty();
        private final List<Obligation> balances = new ArrayList<>();
        private final List<JournalEntry> journal = new ArrayList<>();
        private final List<NettingRecord> nettingRounds = new ArrayList<>();
        private final List<SettlementRecord> settlements = new ArrayList<>();
        private final List<EquivocationEvidence> evidence = new ArrayList<>();
        private final List<TxRecord> transactions = new ArrayList<>();
        private final List<HubEvent> events = new ArrayList<>();

        public Block(HubHead head) {
            this.head = head;
        }

        public Block head(HubHead replacement) {
            head = replacement;
            return this;
        }

        public Block appHash(Bytes32 appHash) {
            head = new HubHead(head.height(), head.time(), appHash, head.genesisHash(), head.nextTransferSequence(), head.nextJournalSequence(),
                    head.nextRoundId(), head.nextEventId(), head.lastNettingHeight(), head.nextBatchNumbers());
            return this;
        }

        public Block transfers(HubTransfer... images) {
            transfers.addAll(Arrays.asList(images));
            return this;
        }

        public Block transfers(List<HubTransfer> images) {
            transfers.addAll(images);
            return this;
        }

        public Block batches(HubBatch... images) {
            batches.addAll(Arrays.asList(images));
            return this;
        }

        public Block pending(PendingObservation... images) {
            pending.addAll(Arrays.asList(images));
            return this;
        }

        public Block removePending(Bytes32... keys) {
            removedPending.addAll(Arrays.asList(keys));
            return this;
        }

        public Block validatorSets(ValidatorSets sets) {
            validatorSets = Optional.of(sets);
            return this;
        }

        public Block balances(Obligation... images) {
            balances.addAll(Arrays.asList(images));
            return this;
        }

        public Block journal(JournalEntry... entries) {
            journal.addAll(Arrays.asList(entries));
            return this;
        }

        public Block nettingRounds(NettingRecord... rounds) {
            nettingRounds.addAll(Arrays.asList(rounds));
            return this;
        }

        public Block settlements(SettlementRecord... records) {
            settlements.addAll(Arrays.asList(records));
            return this;
        }

        public Block evidence(EquivocationEvidence... found) {
            evidence.addAll(Arrays.asList(found));
            return this;
        }

        public Block transactions(TxRecord... records) {
            transactions.addAll(Arrays.asList(records));
            return this;
        }

        public Block events(HubEvent... appended) {
            events.addAll(Arrays.asList(appended));
            return this;
        }

        public long height() {
            return head.height();
        }

        public BlockEffects effects() {
            return new BlockEffects(head, transfers, batches, pending, removedPending, validatorSets, balances, journal, nettingRounds,
                    settlements, evidence, transactions, events);
        }
    }
}
