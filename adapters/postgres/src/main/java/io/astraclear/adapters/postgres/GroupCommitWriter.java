package io.astraclear.adapters.postgres;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit. Writes from any thread queue up (bounded: a full queue refuses at once); one
 * batch at a time takes everything queued, up to {@code maxBatchWrites}, and runs it in one
 * transaction on the writer's own connection: lock, read what the writes need, decide each write,
 * write every table with one statement, commit. Under load a batch fills while the previous one
 * commits, so the commit rate stops capping the write rate; when idle, a write commits alone at
 * once. Each write's future completes after the commit.
 *
 * <p>A business refusal is decided in Java and leaves its batch-mates untouched. Should the
 * database refuse the batch anyway (a constraint caught what the checks missed), it rolls back
 * and each write is retried in a transaction of its own, so only the offending write fails.
 */
final class GroupCommitWriter {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    /** Rows one batch may carry besides its number of writes: one recordObserved can bring thousands. */
    static final int MAX_BATCH_WEIGHT = 50_000;

    private final Context context;
    private final Pool pool;
    private final StorageReads reads;
    private final int maxBatchWrites;
    private final int maxQueuedWrites;
    private final ConcurrentLinkedQueue<WriteOp<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Promise<Void> drained = Promise.promise();
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final AtomicLong isolatedBatches = new AtomicLong();
    private volatile boolean closed;

    /** What the writer did so far: for tests and metrics. */
    record Statistics(long committedBatches, long committedWrites, int largestBatch, long isolatedBatches) {}

    GroupCommitWriter(Context context, Pool pool, StorageReads reads, int maxBatchWrites, int maxQueuedWrites) {
        this.context = context;
        this.pool = pool;
        this.reads = reads;
        this.maxBatchWrites = maxBatchWrites;
        this.maxQueuedWrites = maxQueuedWrites;
    }

    <T> CompletionStage<T> submit(WriteOp<T> op) {
        if (closed) {
            op.result().completeExceptionally(new IllegalStateException("storage is closed"));
            return op.result();
        }
        if (queued.incrementAndGet() > maxQueuedWrites) {
            queued.decrementAndGet();
            op.result().completeExceptionally(new RejectedExecutionException(
                    "storage write queue is full (" + maxQueuedWrites + " writes waiting for the database): back off and retry"));
            return op.result();
        }
        queue.add(op);
        scheduleFlush();
        return op.result();
    }

    Statistics statistics() {
        return new Statistics(committedBatches.get(), committedWrites.get(), largestBatch.get(), isolatedBatches.get());
    }

    /** Stops taking writes; the future completes once every accepted write has its result. */
    Future<Void> close() {
        closed = true;
        scheduleFlush();
        return drained.future();
    }

    private void scheduleFlush() {
        if (flushing.compareAndSet(false, true)) {
            context.runOnContext(ignored -> flush());
        }
    }

    private void flush() {
        List<WriteOp<?>> batch = drain();
        if (batch.isEmpty()) {
            flushing.set(false);
            if (!queue.isEmpty()) {
                scheduleFlush();
            } else if (closed) {
                drained.tryComplete();
            }
            return;
        }
        runBatch(batch).onComplete(ignored -> flush());
    }

    private List<WriteOp<?>> drain() {
        List<WriteOp<?>> batch = new ArrayList<>();
        int weight = 0;
        WriteOp<?> next;
        while (batch.size() < maxBatchWrites && (next = queue.peek()) != null) {
            if (!batch.isEmpty() && weight + next.weight() > MAX_BATCH_WEIGHT) {
                break;
            }
            queue.poll();
            queued.decrementAndGet();
            batch.add(next);
            weight += next.weight();
        }
        return batch;
    }

    /** Never fails: every write of the batch ends with its result or its failure. */
    private Future<Void> runBatch(List<WriteOp<?>> batch) {
        return pool.withConnection(connection -> transaction(connection, batch)).transform(outcome -> {
            if (outcome.succeeded()) {
                committedBatches.incrementAndGet();
                committedWrites.addAndGet(batch.size());
                largestBatch.accumulateAndGet(batch.size(), Math::max);
                outcome.result().forEach(WritePlanner.Planned::complete);
                return Future.succeededFuture();
            }
            Throwable failure = outcome.cause();
            if (isRefusedBatch(failure) && batch.size() > 1) {
                LOG.log(Level.WARNING, "a batch of " + batch.size() + " writes was refused (" + failure.getMessage()
                        + "); retrying each write in its own transaction");
                isolatedBatches.incrementAndGet();
                return isolate(batch);
            }
            Throwable reported = isRefusedBatch(failure)
                    ? new IllegalStateException("the database refused a write the storage had checked: " + failure.getMessage()
                            + describeSqlState(failure) + " (a bug, or another writer bypassing the storage)", failure)
                    : failure;
            batch.forEach(op -> op.result().completeExceptionally(reported));
            return Future.succeededFuture();
        });
    }

    private Future<Void> isolate(List<WriteOp<?>> batch) {
        Future<Void> chain = Future.succeededFuture();
        for (WriteOp<?> op : batch) {
            chain = chain.compose(ignored -> runBatch(List.of(op)));
        }
        return chain;
    }

    private Future<List<WritePlanner.Planned<?>>> transaction(SqlConnection connection, List<WriteOp<?>> batch) {
        // BEGIN, the lock and the reads go out together; then all writes together; then COMMIT: three round trips.
        Future<?> begin = connection.query("BEGIN").execute();
        Future<BatchState> loaded = BatchLoader.load(connection, batch, reads);
        return Future.all(begin, loaded)
                .compose(ignored -> {
                    BatchState state = loaded.result();
                    List<WritePlanner.Planned<?>> planned = WritePlanner.planAll(batch, state);
                    if (state.rows.isEmpty()) {
                        return connection.query("COMMIT").execute().map(planned);
                    }
                    // COMMIT waits for the writes' row counts to be checked: pipelined behind them it would commit anyway.
                    return state.rows.write(connection)
                            .compose(written -> connection.query("COMMIT").execute())
                            .map(planned);
                })
                .recover(failure -> connection.query("ROLLBACK").execute().transform(ignored -> Future.failedFuture(failure)));
    }

    private static boolean isRefusedBatch(Throwable failure) {
        return failure instanceof DatabaseException || failure instanceof BatchCheckFailed;
    }

    private static String describeSqlState(Throwable failure) {
        if (failure instanceof PgException pg) {
            return " [SQLSTATE " + pg.getSqlState() + (pg.getConstraint() == null ? "" : ", constraint " + pg.getConstraint()) + "]";
        }
        return "";
    }
}
