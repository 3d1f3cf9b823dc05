package io.astraclear.ports.state;

import io.astraclear.ports.protocol.ProtocolDigests;
import static io.astraclear.ports.state.HubStateFixtures.BANKS;
import static io.astraclear.ports.state.HubStateFixtures.GENESIS_HASH;
import static io.astraclear.ports.state.HubStateFixtures.blockTime;
import static io.astraclear.ports.state.HubStateFixtures.commandFor;
import static io.astraclear.ports.state.HubStateFixtures.digestOf;
import static io.astraclear.ports.state.HubStateFixtures.hash;
import static io.astraclear.ports.state.HubStateFixtures.validator;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded run of hub blocks that looks like the state machine's: transfers observed, confirmed
 * (with their ISSUE and balance), put in batches, signed, executed, stuck and confirmed late;
 * contested transfers whose confirmed content is not the first; Executor logs pending, updated,
 * removed and attested again; validator sets rotating; netting rounds, settlements (some burning a
 * whole balance), evidence, accepted, rejected, undecodable and replayed transactions, and events.
 * Counters, keys and sequences are consistent, so every block is one a store must accept.
 *
 * <p>Alongside the blocks it keeps what a store must show after committing all of them, computed
 * the simple way (whole maps, sorted on demand), as the oracle of {@code HubStoreContract}. The
 * same seed gives the same history, byte for byte.
 */
public final class HubHistory {
    private record Pair(BankId debtor, BankId creditor) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int byDebtor = debtor.compareTo(other.debtor);
            return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
        }
    }

    private final long seed;
    private final Random random;
    private final List<BlockEffects> blocks = new ArrayList<>();

    private long nextSequence = 1;
    private long nextJournalSequence = 1;
    private long nextRoundId = 1;
    private long nextEventId = 1;
    private long lastNettingHeight;
    private long nextLog = 1;
    private final TreeMap<BankId, Long> nextBatchNumbers = new TreeMap<>();
    private final TreeMap<BankId, Long> nextNonces = new TreeMap<>();

    private HubHead head;
    private final LinkedHashMap<TransferId, HubTransfer> transfers = new LinkedHashMap<>();
    private final TreeMap<BatchId, HubBatch> batches = new TreeMap<>();
    private final TreeMap<Bytes32, PendingObservation> pending = new TreeMap<>();
    private final TreeMap<Bytes32, Observation.ExecutorLog> removedLogs = new TreeMap<>();
    private ValidatorSets validatorSets;
    private final TreeMap<Pair, BigInteger> balances = new TreeMap<>();
    private final List<JournalEntry> journal = new ArrayList<>();
    private final List<NettingRecord> rounds = new ArrayList<>();
    private final List<SettlementRecord> settlements = new ArrayList<>();
    private final List<EquivocationEvidence> evidence = new ArrayList<>();
    private final List<TxRecord> transactions = new ArrayList<>();
    private final List<HubEvent> events = new ArrayList<>();

    private HubHistory(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** {@code blockCount} blocks from height 1, chosen by {@code seed}. */
    public static HubHistory generate(long seed, int blockCount) {
        HubHistory history = new HubHistory(seed);
        for (long height = 1; height <= blockCount; height++) {
            history.blocks.add(history.new BlockBuilder(height).build());
        }
        return history;
    }

    public List<BlockEffects> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    public HubHead head() {
        return head;
    }

    /** What {@link HubStore#load()} must give after every block: the canonical orders of the contract. */
    public LiveState liveState() {
        List<HubTransfer> live = transfers.values().stream().filter(HubTransfer::live).sorted(Comparator.comparingLong(HubTransfer::sequence)).toList();
        return new LiveState(head, live,
                batches.values().stream().filter(batch -> batch.status() == HubBatch.Status.OPEN).toList(), List.copyOf(pending.values()),
                validatorSets, balances(), settlementsInOrder());
    }

    /** The latest image of every transfer, newest first. */
    public List<HubTransfer> transfersNewestFirst() {
        return transfers.values().stream().sorted(Comparator.comparingLong(HubTransfer::sequence).reversed()).toList();
    }

    /** The latest image of every batch, newest first (created height, then id, descending). */
    public List<HubBatch> batchesNewestFirst() {
        return batches.values().stream()
                .sorted(Comparator.comparingLong(HubBatch::createdHeight).thenComparing(HubBatch::id).reversed())
                .toList();
    }

    public BalanceSnapshot balances() {
        return new BalanceSnapshot(balances.entrySet().stream()
                .map(entry -> new Obligation(entry.getKey().debtor(), entry.getKey().creditor(), new Amount(entry.getValue())))
                .toList());
    }

    public ValidatorSets validatorSets() {
        return validatorSets;
    }

    public List<JournalEntry> journal() {
        return List.copyOf(journal);
    }

    public List<NettingRecord> nettingRounds() {
        return List.copyOf(rounds);
    }

    public List<SettlementRecord> settlementsInOrder() {
        return settlements.stream().sorted(Comparator.comparingLong(SettlementRecord::height).thenComparingLong(SettlementRecord::journalSequence))
                .toList();
    }

    public List<TxRecord> transactions() {
        return List.copyOf(transactions);
    }

    /** The record a hash is found at: its first inclusion. */
    public Map<Bytes32, TxRecord> transactionsByHash() {
        Map<Bytes32, TxRecord> first = new LinkedHashMap<>();
        transactions.forEach(record -> first.putIfAbsent(record.result().transactionHash(), record));
        return first;
    }

    public List<EquivocationEvidence> evidence() {
        return List.copyOf(evidence);
    }

    public List<HubEvent> events() {
        return List.copyOf(events);
    }

    /** One block's changes, gathered in the order they happen and written once per key. */
    private final class BlockBuilder {
        private final long height;
        private final LinkedHashMap<TransferId, HubTransfer> changedTransfers = new LinkedHashMap<>();
        private final LinkedHashMap<BatchId, HubBatch> changedBatches = new LinkedHashMap<>();
        private final LinkedHashMap<Bytes32, PendingObservation> changedPending = new LinkedHashMap<>();
        private final LinkedHashSet<Bytes32> removedPending = new LinkedHashSet<>();
        private Optional<ValidatorSets> changedSets = Optional.empty();
        private final LinkedHashSet<Pair> changedBalances = new LinkedHashSet<>();
        private final List<JournalEntry> blockJournal = new ArrayList<>();
        private final List<NettingRecord> blockRounds = new ArrayList<>();
        private final List<SettlementRecord> blockSettlements = new ArrayList<>();
        private final List<EquivocationEvidence> blockEvidence = new ArrayList<>();
        private final List<TxRecord> blockTransactions = new ArrayList<>();
        private final List<HubEvent> blockEvents = new ArrayList<>();

        BlockBuilder(long height) {
            this.height = height;
        }

        BlockEffects build() {
            validatorSets();
            transactions();
            advanceTransfers();
            newTransfers();
            advanceBatches();
            cutBatches();
            pendingObservations();
            if (height % 7 == 0 || random.nextInt(20) == 0) {
                netting();
            }
            if (random.nextInt(6) == 0) {
                settle();
            }
            if (random.nextInt(8) == 0) {
                Bytes32 subject = hash("subject:" + seed + ":" + height);
                blockEvidence.add(HubStateFixtures.evidence(height, 1 + random.nextInt(4), subject));
                event(HubEventType.EQUIVOCATION_DETECTED, List.of(), "subject", subject.toString());
            }
            head = new HubHead(height, blockTime(height), hash("history:" + seed + ":" + height), GENESIS_HASH, nextSequence, nextJournalSequence,
                    nextRoundId, nextEventId, lastNettingHeight, nextBatchNumbers);
            journal.addAll(blockJournal);
            rounds.addAll(blockRounds);
            settlements.addAll(blockSettlements);
            evidence.addAll(blockEvidence);
            transactions.addAll(blockTransactions);
            events.addAll(blockEvents);
            List<Obligation> balanceImages = changedBalances.stream()
                    .map(pair -> new Obligation(pair.debtor(), pair.creditor(), new Amount(balances.getOrDefault(pair, BigInteger.ZERO))))
                    .toList();
            return new BlockEffects(head, List.copyOf(changedTransfers.values()), List.copyOf(changedBatches.values()),
                    List.copyOf(changedPending.values()), List.copyOf(removedPending), changedSets, balanceImages, blockJournal, blockRounds,
                    blockSettlements, blockEvidence, blockTransactions, blockEvents);
        }

        private void validatorSets() {
            if (height == 1 || random.nextInt(12) == 0) {
                ValidatorSets sets = height == 1 || random.nextBoolean() ? HubStateFixtures.genesisSets(3 + random.nextInt(3))
                        : HubStateFixtures.rotatingSets(height);
                validatorSets = sets;
                changedSets = Optional.of(sets);
                event(HubEventType.VALIDATORS_AGREED, List.of());
            }
        }

        private void transactions() {
            int count = random.nextInt(4);
            for (int index = 0; index < count; index++) {
                int kind = random.nextInt(10);
                HubTxType type = HubTxType.values()[random.nextInt(HubTxType.values().length)];
                TxRecord record;
                if (kind == 0) {
                    record = HubStateFixtures.undecodableTransaction(height, index);
                } else if (kind <= 2) {
                    HubRejection rejection = HubRejection.values()[random.nextInt(HubRejection.values().length)];
                    record = HubStateFixtures.rejectedTransaction(height, index, type, rejection);
                } else if (kind == 3 && !transactions.isEmpty()) {
                    TxRecord original = transactions.get(random.nextInt(transactions.size()));
                    record = new TxRecord(height, index, original.type(), original.sender(),
                            TxResult.applied(original.result().transactionHash(), "applied before: no change"));
                } else {
                    record = HubStateFixtures.acceptedTransaction(height, index, type);
                }
                blockTransactions.add(record);
                if (!record.result().accepted()) {
                    event(HubEventType.TRANSACTION_REJECTED, List.of(), "hash", record.result().transactionHash().toString(),
                            "reason", record.result().log());
                }
            }
        }

        private void advanceTransfers() {
            for (HubTransfer transfer : List.copyOf(transfers.values())) {
                if (transfer.firstAttestedHeight() >= height) {
                    continue;
                }
                int roll = random.nextInt(100);
                if (transfer.status() == TransferStatus.OBSERVED && roll < 35 || transfer.status() == TransferStatus.STUCK && roll < 10) {
                    confirm(transfer);
                } else if (transfer.status() == TransferStatus.OBSERVED && roll < 45) {
                    put(HubStateFixtures.TransferBuilder.from(transfer).stuck(height, "short of threshold at height " + height).build());
                    event(HubEventType.TRANSFER_STUCK, List.of(transfer.sourceBank(), transfer.destinationBank()), "transferId",
                            transfer.transferId().toString());
                }
            }
        }

        /** Confirms the last content attested (for a contested transfer, not the first): ISSUE, balance, image. */
        private void confirm(HubTransfer transfer) {
            ObservedTransfer confirmed = transfer.contents().getLast();
            JournalEntry issue = journal(EntryType.ISSUE, confirmed.sourceBank(), confirmed.destinationBank(), confirmed.amount(),
                    confirmed.transferId().toString());
            put(HubStateFixtures.TransferBuilder.from(transfer).attestedAt(height, 4)
                    .confirmed(height, issue.sequence(), digestOf(confirmed), commandFor(confirmed)).build());
            event(HubEventType.TRANSFER_CONFIRMED, List.of(confirmed.sourceBank(), confirmed.destinationBank()), "transferId",
                    confirmed.transferId().toString(), "amount", confirmed.amount().toString());
        }

        private void newTransfers() {
            int count = random.nextInt(4);
            for (int index = 0; index < count; index++) {
                BankId source = BANKS.get(random.nextInt(BANKS.size()));
                BankId destination = BANKS.get((BANKS.indexOf(source) + 1 + random.nextInt(BANKS.size() - 1)) % BANKS.size());
                long nonce = nextNonces.merge(source, 1L, Long::sum);
                Amount amount = random.nextInt(20) == 0
                        ? new Amount(BigInteger.TEN.pow(30).add(BigInteger.valueOf(random.nextInt(1_000_000))))
                        : Amount.of(1 + random.nextInt(1_000_000));
                ObservedTransfer observed = ValueFixtures.transfer(source, destination, amount, nonce, 10_000 + height);
                HubTransfer image;
                if (random.nextInt(8) == 0) {
                    BankId elsewhere = BANKS.get((BANKS.indexOf(destination) + 1) % BANKS.size());
                    image = new HubStateFixtures.TransferBuilder(nextSequence++, HubStateFixtures.forged(observed, elsewhere), height)
                            .content(observed).attestedBy(2, 3).equivocator(validator(1)).build();
                } else {
                    image = HubStateFixtures.TransferBuilder.observed(nextSequence++, observed, height).attestedBy(1 + random.nextInt(3)).build();
                }
                put(image);
                event(HubEventType.TRANSFER_OBSERVED, List.of(source, destination), "transferId", observed.transferId().toString());
            }
        }

        private void advanceBatches() {
            for (HubBatch batch : List.copyOf(batches.values())) {
                if (batch.status() != HubBatch.Status.OPEN || batch.createdHeight() >= height) {
                    continue;
                }
                int roll = random.nextInt(100);
                if (batch.signatures().size() >= 3 && roll < 40) {
                    finish(batch);
                } else if (batch.signatures().size() < 5 && roll < 70) {
                    int next = batch.signatures().size() + 1;
                    List<BatchSignature> signatures = new ArrayList<>(batch.signatures());
                    signatures.add(new BatchSignature(validator(next), ValueFixtures.signature(next, ProtocolDigests.batchDigest(batch.batch())), height));
                    put(new HubBatch(batch.id(), batch.batch(), batch.createdHeight(), signatures, batch.status(), batch.doneHeight()));
                    if (next == 3) {
                        event(HubEventType.BATCH_SIGNED, List.of(batch.id().bank()), "batch", batch.id().toString());
                    }
                }
            }
        }

        private void finish(HubBatch batch) {
            put(new HubBatch(batch.id(), batch.batch(), batch.createdHeight(), batch.signatures(), HubBatch.Status.DONE, OptionalLong.of(height)));
            for (HubTransfer transfer : List.copyOf(transfers.values())) {
                if (transfer.status() == TransferStatus.CONFIRMED && transfer.batch().equals(Optional.of(batch.id()))) {
                    HubStateFixtures.TransferBuilder done = HubStateFixtures.TransferBuilder.from(transfer);
                    if (random.nextInt(5) == 0) {
                        done.failedMint(hash("failed:" + transfer.transferId()));
                    }
                    put(done.executed(new Mint(hash("mint:" + transfer.transferId()), 20_000 + height, height)).build());
                    event(HubEventType.TRANSFER_EXECUTED, List.of(transfer.destinationBank()), "transferId", transfer.transferId().toString());
                }
            }
        }

        /** Per destination, the confirmed transfers without a batch (up to five) go into a new one. */
        private void cutBatches() {
            TreeMap<BankId, List<HubTransfer>> waiting = new TreeMap<>();
            for (HubTransfer transfer : transfers.values()) {
                if (transfer.status() == TransferStatus.CONFIRMED && transfer.batch().isEmpty()) {
                    waiting.computeIfAbsent(transfer.destinationBank(), bank -> new ArrayList<>()).add(transfer);
                }
            }
            waiting.forEach((destination, confirmed) -> {
                List<HubTransfer> taken = confirmed.subList(0, Math.min(5, confirmed.size()));
                BatchId id = new BatchId(destination, nextBatchNumbers.getOrDefault(destination, 1L));
                nextBatchNumbers.put(destination, id.number() + 1);
                MintBatch commands = MintBatch.of(taken.stream().map(transfer -> transfer.confirmation().orElseThrow().command()).toList());
                put(new HubBatch(id, commands, height, List.of(), HubBatch.Status.OPEN, OptionalLong.empty()));
                for (HubTransfer transfer : List.copyOf(taken)) {
                    put(HubStateFixtures.TransferBuilder.from(transfer).batch(id).build());
                }
                event(HubEventType.BATCH_CREATED, List.of(destination), "batch", id.toString());
            });
        }

        private void pendingObservations() {
            for (PendingObservation image : List.copyOf(pending.values())) {
                if (image.firstAttestedHeight() >= height) {
                    continue;
                }
                int roll = random.nextInt(100);
                if (roll < 20) {
                    pending.remove(image.key());
                    changedPending.remove(image.key());
                    removedPending.add(image.key());
                    removedLogs.put(image.key(), image.contents().getFirst());
                } else if (roll < 40 && image.attestations().size() < 4) {
                    List<Attestation> attestations = new ArrayList<>(image.attestations());
                    attestations.add(new Attestation(validator(attestations.size() + 3), image.contents().getFirst().digest(), height));
                    putPending(new PendingObservation(image.key(), image.contents(), attestations, image.equivocators(),
                            image.firstAttestedHeight()));
                }
            }
            if (!removedLogs.isEmpty() && random.nextInt(6) == 0) {
                Observation.ExecutorLog again = removedLogs.pollFirstEntry().getValue();
                putPending(HubStateFixtures.pending(again, height, 1));
            }
            if (random.nextInt(3) == 0) {
                BankId bank = BANKS.get(random.nextInt(BANKS.size()));
                List<Observation.ExecutorLog> kinds = HubStateFixtures.executorLogsOfEveryKind(bank, 1_000 * seed + 10 * nextLog++);
                Observation.ExecutorLog log = kinds.get(random.nextInt(kinds.size()));
                putPending(random.nextInt(5) == 0 ? HubStateFixtures.contestedPending(log, height)
                        : HubStateFixtures.pending(log, height, 1 + random.nextInt(2)));
            }
        }

        /** Bilateral netting: for each pair owing both ways, the smaller balance is burned on both sides. */
        private void netting() {
            BalanceSnapshot before = balances();
            long roundId = nextRoundId++;
            for (Pair pair : List.copyOf(balances.keySet())) {
                Pair reverse = new Pair(pair.creditor(), pair.debtor());
                if (pair.compareTo(reverse) > 0 || !balances.containsKey(reverse)) {
                    continue;
                }
                BigInteger burned = balances.get(pair).min(balances.get(reverse));
                journal(EntryType.NETTING_BURN, pair.debtor(), pair.creditor(), new Amount(burned), Long.toString(roundId));
                journal(EntryType.NETTING_BURN, reverse.debtor(), reverse.creditor(), new Amount(burned), Long.toString(roundId));
            }
            blockRounds.add(new NettingRecord(roundId, height, blockTime(height), "bilateral", "1.0.0", hash("input:" + seed + ":" + roundId), before,
                    balances(), height % 7 == 0 ? "interval" : "requested by " + validator(1)));
            lastNettingHeight = height;
            event(HubEventType.NETTING_COMPLETED, List.of(), "roundId", Long.toString(roundId));
        }

        private void settle() {
            if (balances.isEmpty()) {
                return;
            }
            List<Pair> pairs = List.copyOf(balances.keySet());
            Pair pair = pairs.get(random.nextInt(pairs.size()));
            BigInteger owed = balances.get(pair);
            BigInteger amount = random.nextInt(3) == 0 ? owed : owed.divide(BigInteger.TWO).max(BigInteger.ONE);
            String reference = "wire " + seed + "/" + height + " «" + pair.debtor() + "»";
            JournalEntry burn = journal(EntryType.SETTLEMENT_BURN, pair.debtor(), pair.creditor(), new Amount(amount), reference);
            blockSettlements.add(new SettlementRecord(pair.debtor(), pair.creditor(), new Amount(amount), reference,
                    HubStateFixtures.operator(pair.creditor()), height, blockTime(height), burn.sequence()));
            event(HubEventType.SETTLEMENT_CONFIRMED, List.of(pair.debtor(), pair.creditor()), "reference", reference);
        }

        private JournalEntry journal(EntryType type, BankId issuer, BankId holder, Amount amount, String reference) {
            JournalEntry entry = new JournalEntry(nextJournalSequence++, height, blockTime(height), type, issuer, holder, amount, reference);
            Pair pair = new Pair(issuer, holder);
            BigInteger before = balances.getOrDefault(pair, BigInteger.ZERO);
            BigInteger after = type == EntryType.ISSUE ? before.add(amount.value()) : before.subtract(amount.value());
            if (after.signum() == 0) {
                balances.remove(pair);
            } else {
                balances.put(pair, after);
            }
            changedBalances.add(pair);
            blockJournal.add(entry);
            return entry;
        }

        private void event(HubEventType type, List<BankId> banks, String... keyValues) {
            blockEvents.add(HubStateFixtures.event(nextEventId++, height, type, banks, keyValues));
        }

        private void put(HubTransfer image) {
            transfers.put(image.transferId(), image);
            changedTransfers.put(image.transferId(), image);
        }

        private void put(HubBatch image) {
            batches.put(image.id(), image);
            changedBatches.put(image.id(), image);
        }

        private void putPending(PendingObservation image) {
            pending.put(image.key(), image);
            removedPending.remove(image.key());
            changedPending.put(image.key(), image);
        }
    }
}
