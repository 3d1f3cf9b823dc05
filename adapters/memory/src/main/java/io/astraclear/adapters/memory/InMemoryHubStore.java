package io.astraclear.adapters.memory;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.EquivocationEvidence;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.state.Page;
import io.astraclear.ports.state.TransferQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The hub's committed state in this process's memory. It stores what the state machine gives it and
 * checks only what the port's contract (and {@code HubStoreContract}) says: heights strictly
 * consecutive from 1, a repeated height recognised by its app hash, the validator sets written by
 * the first block (a {@link LiveState} cannot exist without them and only the state machine knows
 * the genesis they come from), and the keys its listings are ordered by, which a broken state
 * machine could otherwise make collide.
 *
 * <p>Concurrency: one read-write lock. Reads are many and short, commits one per block; readers
 * share the read lock, a commit holds the write lock while it applies one block, so a reader sees
 * every block whole or not at all. A commit checks everything that could refuse it before it
 * changes anything, so a refused commit leaves nothing behind. Copy-on-write snapshots would cost a
 * copy of the whole state per block (the JDK has no persistent collections); the lock costs readers
 * a wait of at most one block's apply. (The lock is not fair, but a reader does not jump a waiting
 * writer, so commits are not starved by a stream of reads.) Calls complete before they return.
 *
 * <p>Order: hash maps serve point lookups only; everything listed or loaded comes from sorted maps
 * or, for quarantined logs, insertion order. {@link #load()} gives transfers by sequence, open
 * batches by id, pending observations by key and settlements by height then journal sequence.
 */
final class InMemoryHubStore implements HubStore {
    private static final String JOURNAL = "journal";
    private static final String ROUNDS = "rounds";
    private static final String SETTLEMENTS = "settlements";
    private static final String TRANSACTIONS = "transactions";
    private static final String EVIDENCE = "evidence";

    private record Pair(BankId debtor, BankId creditor) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int byDebtor = debtor.compareTo(other.debtor);
            return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
        }
    }

    /** Settlements list by height then journal sequence; the arrival ordinal keeps two with the same pair apart. */
    private record SettlementPlace(long height, long journalSequence, long ordinal) implements Comparable<SettlementPlace> {
        @Override
        public int compareTo(SettlementPlace other) {
            int byHeight = Long.compare(height, other.height);
            if (byHeight != 0) {
                return byHeight;
            }
            int bySequence = Long.compare(journalSequence, other.journalSequence);
            return bySequence != 0 ? bySequence : Long.compare(ordinal, other.ordinal);
        }
    }

    private record SettlementKey(BankId creditor, String reference) {}

    private record TransactionPlace(long height, int index) implements Comparable<TransactionPlace> {
        @Override
        public int compareTo(TransactionPlace other) {
            int byHeight = Long.compare(height, other.height);
            return byHeight != 0 ? byHeight : Integer.compare(index, other.index);
        }
    }

    /** Evidence lists by height, then in the order it arrived. */
    private record EvidencePlace(long height, long ordinal) implements Comparable<EvidencePlace> {
        @Override
        public int compareTo(EvidencePlace other) {
            int byHeight = Long.compare(height, other.height);
            return byHeight != 0 ? byHeight : Long.compare(ordinal, other.ordinal);
        }
    }

    private record QuarantineKey(BankId bank, Bytes32 transactionHash, int logIndex) {}

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** The app hash of every committed height, at index height - 1. */
    private final List<Bytes32> appHashes = new ArrayList<>();
    private HubHead head;
    private ValidatorSets validatorSets;
    private final TransferIndex transfers = new TransferIndex();
    private final BatchIndex batches = new BatchIndex();
    private final TreeMap<Bytes32, PendingObservation> pending = new TreeMap<>();
    private final TreeMap<Pair, Amount> balances = new TreeMap<>();
    private BalanceSnapshot balanceSnapshot = new BalanceSnapshot(List.of());
    private final TreeMap<Long, JournalEntry> journal = new TreeMap<>();
    private final TreeMap<Long, NettingRecord> rounds = new TreeMap<>();
    private final TreeMap<SettlementPlace, SettlementRecord> settlements = new TreeMap<>();
    private final Set<SettlementKey> settlementKeys = new HashSet<>();
    private long nextSettlementOrdinal = 1;
    private final TreeMap<TransactionPlace, TxRecord> transactions = new TreeMap<>();
    private final Map<Bytes32, TransactionPlace> firstInclusions = new HashMap<>();
    private final TreeMap<EvidencePlace, EquivocationEvidence> evidence = new TreeMap<>();
    private long nextEvidenceOrdinal = 1;
    private final TreeMap<Long, HubEvent> events = new TreeMap<>();

    private final Map<BankId, Checkpoint> checkpoints = new HashMap<>();
    private final LinkedHashMap<QuarantineKey, QuarantinedLog> quarantined = new LinkedHashMap<>();

    // --- the state machine's side ------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<LiveState>> load() {
        return read(() -> head == null ? Optional.empty()
                : Optional.of(new LiveState(head, transfers.live(), batches.open(), List.copyOf(pending.values()), validatorSets, balanceSnapshot,
                        List.copyOf(settlements.values()))));
    }

    @Override
    public CompletionStage<Void> commit(BlockEffects effects) {
        return write(() -> {
            required(effects, "block effects");
            long height = effects.head().height();
            if (height <= appHashes.size()) {
                Bytes32 committed = appHashes.get((int) (height - 1));
                if (!committed.equals(effects.head().appHash())) {
                    throw new IllegalStateException("height " + height + " is committed with app hash " + committed + ", not "
                            + effects.head().appHash());
                }
                return null; // an engine replaying a block it had committed: nothing to write
            }
            if (height != appHashes.size() + 1L) {
                throw new IllegalStateException("the next height is " + (appHashes.size() + 1L) + ", not " + height);
            }
            if (height == 1 && effects.validatorSets().isEmpty()) {
                throw new IllegalStateException("the first block must write the validator sets: the live state cannot be loaded without them");
            }
            checkKeys(effects);
            apply(effects);
            return null;
        });
    }

    @Override
    public CompletionStage<List<HubTransfer>> transfers(Collection<TransferId> transferIds) {
        return read(() -> transfers.get(required(transferIds, "transfer ids")));
    }

    /** Refuses a block whose log records or transfer sequences collide with stored ones or with each other. */
    private void checkKeys(BlockEffects effects) {
        transfers.conflict(effects.transfers()).ifPresent(conflict -> {
            throw new IllegalStateException(conflict);
        });
        checkNew("journal sequence", effects.journal(), JournalEntry::sequence, journal::containsKey);
        checkNew("netting round id", effects.nettingRounds(), NettingRecord::roundId, rounds::containsKey);
        checkNew("event id", effects.events(), HubEvent::id, events::containsKey);
        checkNew("settlement (creditor, reference)", effects.settlements(), s -> new SettlementKey(s.creditor(), s.reference()),
                settlementKeys::contains);
        checkNew("transaction (height, index)", effects.transactions(), tx -> new TransactionPlace(tx.height(), tx.index()),
                transactions::containsKey);
    }

    private static <T, K> void checkNew(String key, List<T> records, Function<T, K> keyOf, java.util.function.Predicate<K> stored) {
        Set<K> seen = new HashSet<>();
        for (T record : records) {
            K value = keyOf.apply(record);
            if (stored.test(value) || !seen.add(value)) {
                throw new IllegalStateException("a block appends a record whose " + key + " " + value + " is taken: " + record);
            }
        }
    }

    /** Writes a checked block; nothing here can fail. Within one block a later image of a key wins. */
    private void apply(BlockEffects effects) {
        effects.transfers().forEach(transfers::put);
        effects.batches().forEach(batches::put);
        for (PendingObservation image : effects.pendingObservations()) {
            pending.put(image.key(), image);
        }
        effects.removedPendingObservations().forEach(pending::remove);
        effects.validatorSets().ifPresent(sets -> validatorSets = sets);
        if (!effects.balances().isEmpty()) {
            for (Obligation image : effects.balances()) {
                Pair pair = new Pair(image.debtor(), image.creditor());
                if (image.amount().isZero()) {
                    balances.remove(pair);
                } else {
                    balances.put(pair, image.amount());
                }
            }
            balanceSnapshot = new BalanceSnapshot(balances.entrySet().stream()
                    .map(entry -> new Obligation(entry.getKey().debtor(), entry.getKey().creditor(), entry.getValue()))
                    .toList());
        }
        effects.journal().forEach(entry -> journal.put(entry.sequence(), entry));
        effects.nettingRounds().forEach(round -> rounds.put(round.roundId(), round));
        for (SettlementRecord settlement : effects.settlements()) {
            settlements.put(new SettlementPlace(settlement.height(), settlement.journalSequence(), nextSettlementOrdinal++), settlement);
            settlementKeys.add(new SettlementKey(settlement.creditor(), settlement.reference()));
        }
        for (TxRecord transaction : effects.transactions()) {
            TransactionPlace place = new TransactionPlace(transaction.height(), transaction.index());
            transactions.put(place, transaction);
            firstInclusions.merge(transaction.result().transactionHash(), place, (first, later) -> first.compareTo(later) <= 0 ? first : later);
        }
        for (EquivocationEvidence found : effects.evidence()) {
            evidence.put(new EvidencePlace(found.height(), nextEvidenceOrdinal++), found);
        }
        effects.events().forEach(event -> events.put(event.id(), event));
        appHashes.add(effects.head().appHash());
        head = effects.head();
    }

    // --- reads ---------------------------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<HubHead>> head() {
        return read(() -> Optional.ofNullable(head));
    }

    @Override
    public CompletionStage<Optional<HubTransfer>> transfer(TransferId transferId) {
        return read(() -> transfers.get(required(transferId, "transfer id")));
    }

    @Override
    public CompletionStage<Page<HubTransfer>> transfers(TransferQuery query) {
        return read(() -> transfers.list(required(query, "transfer query")));
    }

    @Override
    public CompletionStage<Optional<HubBatch>> batch(BatchId batchId) {
        return read(() -> batches.get(required(batchId, "batch id")));
    }

    @Override
    public CompletionStage<Page<HubBatch>> batches(Optional<BankId> bank, Optional<String> cursor, int limit) {
        return read(() -> batches.list(required(bank, "bank"), required(cursor, "cursor"), limit));
    }

    @Override
    public CompletionStage<BalanceSnapshot> balances() {
        return read(() -> balanceSnapshot);
    }

    @Override
    public CompletionStage<Optional<ValidatorSets>> validatorSets() {
        return read(() -> Optional.ofNullable(validatorSets));
    }

    @Override
    public CompletionStage<Page<JournalEntry>> journal(Optional<String> cursor, int limit) {
        return read(() -> page(journal, required(cursor, "cursor").map(text -> ListingCursor.number(JOURNAL, text)), limit,
                sequence -> ListingCursor.of(JOURNAL, sequence)));
    }

    @Override
    public CompletionStage<Optional<NettingRecord>> nettingRound(long roundId) {
        return read(() -> Optional.ofNullable(rounds.get(roundId)));
    }

    @Override
    public CompletionStage<Page<NettingRecord>> nettingRounds(Optional<String> cursor, int limit) {
        return read(() -> page(rounds, required(cursor, "cursor").map(text -> ListingCursor.number(ROUNDS, text)), limit,
                roundId -> ListingCursor.of(ROUNDS, roundId)));
    }

    @Override
    public CompletionStage<Page<SettlementRecord>> settlements(Optional<String> cursor, int limit) {
        return read(() -> page(settlements, required(cursor, "cursor").map(text -> {
            String[] parts = ListingCursor.parts(SETTLEMENTS, text, 3);
            return new SettlementPlace(ListingCursor.number(SETTLEMENTS, text, parts[0]), ListingCursor.number(SETTLEMENTS, text, parts[1]),
                    ListingCursor.number(SETTLEMENTS, text, parts[2]));
        }), limit, place -> ListingCursor.of(SETTLEMENTS, place.height(), place.journalSequence(), place.ordinal())));
    }

    @Override
    public CompletionStage<Optional<TxRecord>> transaction(Bytes32 transactionHash) {
        return read(() -> Optional.ofNullable(firstInclusions.get(required(transactionHash, "transaction hash"))).map(transactions::get));
    }

    @Override
    public CompletionStage<Page<TxRecord>> transactions(Optional<String> cursor, int limit) {
        return read(() -> page(transactions, required(cursor, "cursor").map(text -> {
            String[] parts = ListingCursor.parts(TRANSACTIONS, text, 2);
            long index = ListingCursor.number(TRANSACTIONS, text, parts[1]);
            if (index > Integer.MAX_VALUE) {
                throw ListingCursor.malformed(TRANSACTIONS, text);
            }
            return new TransactionPlace(ListingCursor.number(TRANSACTIONS, text, parts[0]), (int) index);
        }), limit, place -> ListingCursor.of(TRANSACTIONS, place.height(), place.index())));
    }

    @Override
    public CompletionStage<Page<EquivocationEvidence>> evidence(Optional<String> cursor, int limit) {
        return read(() -> page(evidence, required(cursor, "cursor").map(text -> {
            String[] parts = ListingCursor.parts(EVIDENCE, text, 2);
            return new EvidencePlace(ListingCursor.number(EVIDENCE, text, parts[0]), ListingCursor.number(EVIDENCE, text, parts[1]));
        }), limit, place -> ListingCursor.of(EVIDENCE, place.height(), place.ordinal())));
    }

    @Override
    public CompletionStage<List<HubEvent>> events(long afterId, int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return events.tailMap(afterId, false).values().stream().limit(limit).toList();
        });
    }

    /** Up to {@code limit} values after the cursor's key, oldest first; a cursor when more follow. */
    private static <K, V> Page<V> page(NavigableMap<K, V> log, Optional<K> after, int limit, Function<K, String> cursorOf) {
        Page.checkLimit(limit);
        NavigableMap<K, V> rest = after.isPresent() ? log.tailMap(after.get(), false) : log;
        List<V> items = new ArrayList<>();
        K last = null;
        for (Map.Entry<K, V> entry : rest.entrySet()) {
            if (items.size() == limit) {
                return new Page<>(items, Optional.of(cursorOf.apply(last)));
            }
            items.add(entry.getValue());
            last = entry.getKey();
        }
        return new Page<>(items, Optional.empty());
    }

    // --- node-local ----------------------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank) {
        return read(() -> Optional.ofNullable(checkpoints.get(required(bank, "bank"))));
    }

    @Override
    public CompletionStage<Void> saveCheckpoint(Checkpoint checkpoint, List<QuarantinedLog> logs) {
        return write(() -> {
            required(checkpoint, "checkpoint");
            for (QuarantinedLog log : required(logs, "quarantined logs")) {
                quarantined.putIfAbsent(new QuarantineKey(log.sourceBank(), log.transactionHash(), log.logIndex()), log);
            }
            Checkpoint stored = checkpoints.get(checkpoint.bank());
            if (stored == null || checkpoint.blockNumber() > stored.blockNumber()) {
                checkpoints.put(checkpoint.bank(), checkpoint);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<List<QuarantinedLog>> quarantined(int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return quarantined.values().stream().limit(limit).toList();
        });
    }

    /** Waits for a commit in progress (it completes), then refuses every later call. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // --- locking -------------------------------------------------------------------------------------

    private <T> CompletionStage<T> read(Supplier<T> work) {
        return locked(lock.readLock(), work);
    }

    private <T> CompletionStage<T> write(Supplier<T> work) {
        return locked(lock.writeLock(), work);
    }

    private <T> CompletionStage<T> locked(Lock held, Supplier<T> work) {
        held.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the hub store is closed");
            }
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            held.unlock();
        }
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }
}
