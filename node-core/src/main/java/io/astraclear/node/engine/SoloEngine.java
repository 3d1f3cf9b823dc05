package io.astraclear.node.engine;

import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.consensus.ConsensusPort;
import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.consensus.EngineUnavailableException;
import io.astraclear.ports.consensus.HubApplication;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubDigests;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded single-validator engine (dev mode, one validator): admitted transactions wait in a
 * bounded pool; a block is cut as soon as transactions wait and no block is being applied (so under
 * load blocks grow, bounded in count and bytes), and an empty block every {@code blockTime} so that
 * timeouts and netting advance. Block times come from the wall clock, strictly increasing, in
 * microseconds. A block that fails to apply or commit stops the engine for good and is reported to
 * {@code onFailure}: the node must stop; a restart resumes from the last committed block.
 */
public final class SoloEngine implements ConsensusPort {
    private static final Logger LOG = LoggerFactory.getLogger(SoloEngine.class);

    /**
     * @param blockTime an empty block after this much time without one
     * @param maxBlockTransactions at most this many transactions per block
     * @param maxBlockBytes at most this many transaction bytes per block (a single larger transaction still gets a block of its own)
     * @param maxPoolTransactions admitted transactions waiting at most; beyond, {@link #submit} fails with {@link RejectedExecutionException}
     */
    public record Settings(Duration blockTime, int maxBlockTransactions, long maxBlockBytes, int maxPoolTransactions) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), 2_000, 16L << 20, 50_000);

        public Settings {
            if (blockTime == null || blockTime.toMillis() < 1 || maxBlockTransactions < 1 || maxBlockBytes < 1 || maxPoolTransactions < 1) {
                throw new IllegalArgumentException("solo engine settings must be positive: " + blockTime + ", " + maxBlockTransactions + ", "
                        + maxBlockBytes + ", " + maxPoolTransactions);
            }
        }

        public Settings withBlockTime(Duration newBlockTime) {
            return new Settings(newBlockTime, maxBlockTransactions, maxBlockBytes, maxPoolTransactions);
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<Throwable> onFailure;
    /** Admitted transactions, oldest first, with their hashes. */
    private final ArrayDeque<Waiting> pool = new ArrayDeque<>();
    private final Set<Bytes32> pooled = new HashSet<>();
    /** Set once {@link #start} has its context; offers before that fail (the node's services start before the engine). */
    private volatile Context context;
    private HubApplication application;
    private long height;
    private Instant lastTime;
    private boolean producing;
    private boolean stopped;
    private long emptyBlockTimer = -1;
    private volatile int waiting;
    private volatile String failure;
    private Promise<Void> idle;

    private record Waiting(Bytes32 hash, Bytes transaction) {}

    public SoloEngine(Vertx vertx, Settings settings, Clock clock, Consumer<Throwable> onFailure) {
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
        this.onFailure = onFailure;
    }

    @Override
    public String engine() {
        return "solo";
    }

    @Override
    public CompletionStage<Void> start(HubApplication application) {
        this.application = application;
        return HubContexts.dedicated(vertx, "solo-engine")
                .compose(started -> {
                    context = started;
                    return Future.fromCompletionStage(application.info(), context);
                })
                .map(head -> {
                    height = head.height();
                    lastTime = head.time();
                    LOG.info("solo engine: blocks from height {}, an empty block every {} ms, at most {} transactions a block",
                            height + 1, settings.blockTime().toMillis(), settings.maxBlockTransactions());
                    scheduleEmptyBlock();
                    return (Void) null;
                }).toCompletionStage();
    }

    @Override
    public CompletionStage<Admission> submit(Bytes transaction) {
        Context started = context;
        if (started == null) {
            return Future.<Admission>failedFuture(new EngineUnavailableException("the solo engine has not started yet; offer the transaction again later"))
                    .toCompletionStage();
        }
        Promise<Admission> admitted = Promise.promise();
        started.runOnContext(ignored -> {
            if (failure != null || stopped) {
                admitted.fail(new EngineUnavailableException("the solo engine is stopped" + (failure == null ? "" : ": " + failure)));
                return;
            }
            Bytes32 hash = HubDigests.transactionHash(transaction);
            if (pooled.contains(hash)) {
                admitted.complete(new Admission.Admitted(hash)); // the same bytes wait already: once in a block is enough
                return;
            }
            if (pool.size() >= settings.maxPoolTransactions()) {
                admitted.fail(new RejectedExecutionException(pool.size() + " transactions wait for a block already; offer it again later"));
                return;
            }
            Future.fromCompletionStage(application.check(transaction), context).onComplete(checked -> {
                if (checked.succeeded() && checked.result() instanceof Admission.Admitted && pooled.add(hash)) {
                    pool.addLast(new Waiting(hash, transaction));
                    waiting = pool.size();
                    produce();
                }
                admitted.handle(checked);
            });
        });
        return admitted.future().toCompletionStage();
    }

    @Override
    public EngineStatus status() {
        return new EngineStatus(engine(), failure == null && !stopped, waiting, Optional.ofNullable(failure));
    }

    @Override
    public CompletionStage<Void> stop() {
        Promise<Void> done = Promise.promise();
        if (context == null) {
            return Future.<Void>succeededFuture().toCompletionStage();
        }
        context.runOnContext(ignored -> {
            stopped = true;
            vertx.cancelTimer(emptyBlockTimer);
            if (producing) {
                idle = done;
            } else {
                done.complete();
            }
        });
        return done.future().toCompletionStage();
    }

    private void scheduleEmptyBlock() {
        vertx.cancelTimer(emptyBlockTimer);
        if (!stopped && failure == null) {
            emptyBlockTimer = vertx.setTimer(settings.blockTime().toMillis(), id -> context.runOnContext(ignored -> produce(true)));
        }
    }

    private void produce() {
        produce(false);
    }

    /** Cuts the next block if nothing is being applied and transactions wait (or an empty block is due). */
    private void produce(boolean emptyAllowed) {
        if (producing || stopped || failure != null || (pool.isEmpty() && !emptyAllowed)) {
            return;
        }
        producing = true;
        List<Bytes> transactions = take();
        HubBlock block = new HubBlock(height + 1, nextTime(), transactions);
        Future.fromCompletionStage(application.finalizeBlock(block), context)
                .compose(outcome -> Future.fromCompletionStage(application.commit(), context))
                .onComplete(done -> {
                    producing = false;
                    if (done.failed()) {
                        failure = "block " + block.height() + " failed: " + done.cause().getMessage();
                        LOG.error("solo engine stopped: {}", failure, done.cause());
                        onFailure.accept(done.cause());
                    } else {
                        height = block.height();
                        lastTime = block.time();
                    }
                    if (idle != null) {
                        idle.complete();
                        return;
                    }
                    scheduleEmptyBlock();
                    produce();
                });
    }

    private List<Bytes> take() {
        List<Bytes> transactions = new ArrayList<>(Math.min(pool.size(), settings.maxBlockTransactions()));
        long bytes = 0;
        while (!pool.isEmpty() && transactions.size() < settings.maxBlockTransactions()) {
            Waiting next = pool.peekFirst();
            if (!transactions.isEmpty() && bytes + next.transaction().length() > settings.maxBlockBytes()) {
                break;
            }
            pool.pollFirst();
            pooled.remove(next.hash());
            transactions.add(next.transaction());
            bytes += next.transaction().length();
        }
        waiting = pool.size();
        return transactions;
    }

    /** The wall clock in microseconds, after the previous block's time. */
    private Instant nextTime() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return now.isAfter(lastTime) ? now : lastTime.plus(1, ChronoUnit.MICROS);
    }
}
