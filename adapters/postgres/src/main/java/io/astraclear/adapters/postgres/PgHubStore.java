package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.netting.BalanceSnapshot;
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
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.storage.Page;
import io.astraclear.ports.storage.TransferQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@link HubStore} over PostgreSQL. Commits go through the {@link HubBlockWriter} on a connection
 * of their own; reads and node-local writes use the bounded pool. Arguments are checked before
 * anything is sent, so a malformed call fails at once.
 *
 * <p>Closing stops new calls at once; calls already accepted (a commit above all) finish before
 * the pools close.
 */
final class PgHubStore implements HubStore {
    private final Pool pool;
    private final Pool writerPool;
    private final HubReads reads;
    private final HubBlockWriter writer;
    private final HubCheckpoints checkpoints;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean poolsClosed = new AtomicBoolean();
    private volatile boolean closed;

    PgHubStore(Vertx vertx, Pool pool, Pool writerPool) {
        this.pool = pool;
        this.writerPool = writerPool;
        this.reads = new HubReads(vertx, pool);
        this.writer = new HubBlockWriter(vertx, writerPool);
        this.checkpoints = new HubCheckpoints(pool);
    }

    // --- the state machine's side ------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<LiveState>> load() {
        return run(reads::load);
    }

    @Override
    public CompletionStage<Void> commit(BlockEffects effects) {
        return run(() -> writer.commit(HubBlockRows.of(required(effects, "block effects"))));
    }

    @Override
    public CompletionStage<List<HubTransfer>> transfers(Collection<TransferId> transferIds) {
        return run(() -> {
            required(transferIds, "transfer ids").forEach(id -> required(id, "transfer id"));
            return reads.transfers(transferIds);
        });
    }

    // --- reads ------------------------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<HubHead>> head() {
        return run(reads::head);
    }

    @Override
    public CompletionStage<Optional<HubTransfer>> transfer(TransferId transferId) {
        return run(() -> reads.transfer(required(transferId, "transfer id")));
    }

    @Override
    public CompletionStage<Page<HubTransfer>> transfers(TransferQuery query) {
        return run(() -> reads.transfers(required(query, "query")));
    }

    @Override
    public CompletionStage<Optional<HubBatch>> batch(BatchId batchId) {
        return run(() -> reads.batch(required(batchId, "batch id")));
    }

    @Override
    public CompletionStage<Page<HubBatch>> batches(Optional<BankId> bank, Optional<String> cursor, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.batches(required(bank, "bank"), required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<BalanceSnapshot> balances() {
        return run(reads::balances);
    }

    @Override
    public CompletionStage<Optional<ValidatorSets>> validatorSets() {
        return run(reads::validatorSets);
    }

    @Override
    public CompletionStage<Page<JournalEntry>> journal(Optional<String> cursor, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.journal(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<Optional<NettingRecord>> nettingRound(long roundId) {
        return run(() -> reads.nettingRound(roundId));
    }

    @Override
    public CompletionStage<Page<NettingRecord>> nettingRounds(Optional<String> cursor, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.nettingRounds(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<Page<SettlementRecord>> settlements(Optional<String> cursor, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.settlements(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<Optional<TxRecord>> transaction(Bytes32 transactionHash) {
        return run(() -> reads.transaction(required(transactionHash, "transaction hash")));
    }

    @Override
    public CompletionStage<Page<TxRecord>> transactions(Optional<String> cursor, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.transactions(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<Page<EquivocationEvidence>> evidence(Optional<String> cursor, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.evidence(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<List<HubEvent>> events(long afterId, int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return reads.events(afterId, limit);
        });
    }

    // --- node-local -------------------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank) {
        return run(() -> checkpoints.checkpoint(required(bank, "bank")));
    }

    @Override
    public CompletionStage<Void> saveCheckpoint(Checkpoint checkpoint, List<QuarantinedLog> quarantined) {
        return run(() -> {
            required(quarantined, "quarantined logs").forEach(log -> required(log, "quarantined log"));
            return checkpoints.save(required(checkpoint, "checkpoint"), List.copyOf(quarantined));
        });
    }

    @Override
    public CompletionStage<List<QuarantinedLog>> quarantined(int limit) {
        return run(() -> {
            Page.checkLimit(limit);
            return checkpoints.quarantined(limit);
        });
    }

    @Override
    public void close() {
        closed = true;
        if (running.get() == 0) {
            closePools();
        }
    }

    // --- internals --------------------------------------------------------------------------------

    /** Counts the call as running until it ends, so that closing waits for it; refuses it once closed. */
    private <T> CompletionStage<T> run(Supplier<Future<T>> call) {
        running.incrementAndGet();
        if (closed) {
            finished();
            return CompletableFuture.failedFuture(new IllegalStateException("the hub store is closed"));
        }
        Future<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.onComplete(ignored -> finished()).toCompletionStage();
    }

    private void finished() {
        if (running.decrementAndGet() == 0 && closed) {
            closePools();
        }
    }

    private void closePools() {
        if (poolsClosed.compareAndSet(false, true)) {
            writerPool.close();
            pool.close();
        }
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }
}
