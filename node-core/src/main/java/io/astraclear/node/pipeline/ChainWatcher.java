package io.astraclear.node.pipeline;

import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one bank's Gateway from its stored checkpoint: reads final events, stores them with
 * the new checkpoint in one transaction, and hands each new transfer to the attestor. Reads
 * again at once while there is a backlog, otherwise after the poll interval. An unreachable
 * chain is reported once and retried; it never stops the watcher.
 */
final class ChainWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ChainWatcher.class);
    private static final int MAX_EVENTS_PER_READ = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final PipelineContext pipeline;
    private final ChainPort chain;
    private final long pollIntervalMillis;
    private final int finalityDepth;
    private final Function<ObservedTransfer, Future<Void>> onNewTransfer;
    private volatile Checkpoint checkpoint;
    private volatile long headBlock = -1;
    private volatile boolean reachable = true;
    private long failures;
    private long timerId = -1;
    private boolean stopped;
    private Future<Void> inFlight = Future.succeededFuture();

    ChainWatcher(PipelineContext pipeline, ChainPort chain, int finalityDepth, long pollIntervalMillis,
            Function<ObservedTransfer, Future<Void>> onNewTransfer) {
        this.pipeline = pipeline;
        this.chain = chain;
        this.finalityDepth = finalityDepth;
        this.pollIntervalMillis = pollIntervalMillis;
        this.onNewTransfer = onNewTransfer;
    }

    Future<Void> start() {
        return pipeline.on(pipeline.storage().checkpoint(chain.bank()))
                .compose(stored -> stored.isPresent() ? Future.succeededFuture(stored.get()) : pipeline.on(chain.genesisCheckpoint()))
                .map(start -> {
                    checkpoint = start;
                    LOG.info("watching {} (chain {}) gateway {} from block {}", chain.bank(), chain.chainId(), chain.gateway(), start.blockNumber());
                    schedule(0);
                    return null;
                });
    }

    /** Stops reading; completes when the read in flight (if any) has been stored. */
    Future<Void> stop() {
        stopped = true;
        if (timerId >= 0) {
            pipeline.context().owner().cancelTimer(timerId);
        }
        return inFlight.otherwiseEmpty();
    }

    /** Blocks behind the chain head, or -1 before the first successful read. */
    long lagBlocks() {
        return headBlock < 0 || checkpoint == null ? -1 : Math.max(0, headBlock - checkpoint.blockNumber());
    }

    PipelineStatus.Chain status() {
        Checkpoint current = checkpoint;
        return new PipelineStatus.Chain(chain.bank(), chain.chainId(), reachable, current == null ? -1 : current.blockNumber(), headBlock, lagBlocks());
    }

    private void schedule(long delayMillis) {
        if (stopped) {
            return;
        }
        timerId = pipeline.context().owner().setTimer(Math.max(1, delayMillis), id -> {
            timerId = -1;
            inFlight = readOnce().andThen(done -> {
                if (done.succeeded()) {
                    failures = 0;
                    schedule(done.result() ? 0 : pollIntervalMillis);
                } else {
                    failures++;
                    if (reachable) {
                        reachable = false;
                        pipeline.events().publish(NodeEvent.CHAIN_UNREACHABLE, Map.of("bank", chain.bank().value(), "error", String.valueOf(done.cause().getMessage())));
                    }
                    LOG.warn("reading {} failed ({} in a row): {}", chain.bank(), failures, done.cause().toString());
                    schedule(Math.min(MAX_BACKOFF_MILLIS, pollIntervalMillis * (1L << Math.min(failures, 6))));
                }
            }).mapEmpty();
        });
    }

    /** One read; true when more events are waiting. */
    private Future<Boolean> readOnce() {
        Checkpoint from = checkpoint;
        return pipeline.on(chain.readTransfers(from, MAX_EVENTS_PER_READ)).compose(read -> {
            if (!reachable) {
                reachable = true;
                LOG.info("{} reachable again", chain.bank());
            }
            headBlock = read.headBlock();
            if (read.reorg().isPresent()) {
                pipeline.events().publish(NodeEvent.CHAIN_REORG, Map.of(
                        "bank", chain.bank().value(),
                        "block", Long.toString(from.blockNumber()),
                        "storedHash", from.blockHash().value(),
                        "canonicalHash", read.reorg().get().canonicalBlockHash()));
                return Future.succeededFuture(false);
            }
            return store(read);
        });
    }

    /** A read stops at a page limit or at maxEvents; the backlog is what lies between it and the final head. */
    private boolean behindFinalHead(ChainEvents read) {
        return read.next().blockNumber() < read.headBlock() - finalityDepth;
    }

    private Future<Boolean> store(ChainEvents read) {
        if (read.transfers().isEmpty() && read.quarantined().isEmpty() && read.next().equals(checkpoint)) {
            return Future.succeededFuture(behindFinalHead(read));
        }
        return pipeline.on(pipeline.storage().recordObserved(read.transfers(), read.quarantined(), read.next()))
                .compose(fresh -> {
                    checkpoint = read.next();
                    if (fresh.size() < read.transfers().size()) {
                        // the storage's idempotency caught events stored before (a rewound checkpoint, a replayed range)
                        pipeline.events().publish(NodeEvent.DUPLICATE_DELIVERY, Map.of(
                                "bank", chain.bank().value(),
                                "duplicates", Integer.toString(read.transfers().size() - fresh.size()),
                                "fromBlock", Long.toString(read.transfers().get(0).blockNumber()),
                                "toBlock", Long.toString(read.next().blockNumber())));
                    }
                    for (QuarantinedLog log : read.quarantined()) {
                        pipeline.events().publish(NodeEvent.LOG_QUARANTINED, Map.of(
                                "bank", log.sourceBank().value(), "transactionHash", log.transactionHash().value(),
                                "logIndex", Integer.toString(log.logIndex()), "reason", log.reason()));
                    }
                    return attestAll(fresh);
                })
                .map(done -> behindFinalHead(read));
    }

    /** All at once: votes are independent, and the storage batches concurrent writes into few transactions. */
    private Future<Void> attestAll(List<ObservedTransfer> fresh) {
        return Future.all(fresh.stream().map(onNewTransfer).toList()).mapEmpty();
    }
}
