package io.astraclear.node.services;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.node.engine.TransactionRefusedException;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.HubStore;
import io.astraclear.node.engine.TransactionWaiters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one bank's chain — its Gateway's transfers and its Executor's outcomes — from this
 * node's checkpoint, and attests what each read observed in {@code Attest} transactions (at most
 * {@link HubTransaction.Attest#MAX_OBSERVATIONS} each). The checkpoint moves on only once those are
 * in a committed block, so a crash re-reads and re-attests (harmless: attestations are idempotent).
 * Reads again at once while there is a backlog, otherwise after the poll interval; an unreachable
 * chain is reported and retried with back-off, never fatal.
 */
public final class ChainWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ChainWatcher.class);
    /** Logs per read: the same bound as one Attest, so that a read is one transaction. */
    static final int MAX_EVENTS_PER_READ = HubTransaction.Attest.MAX_OBSERVATIONS;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    /** Estimated bytes of one Attest's observations: room under the 1 MiB transaction bound for the envelope and encoding. */
    static final long MAX_ATTEST_BYTES = 768 * 1024;

    private final Context context;
    private final ChainPort chain;
    private final HubStore store;
    private final HubSubmitter submitter;
    private final Signer validator;
    private final int finalityDepth;
    private final long pollIntervalMillis;
    private final Duration commitTimeout;
    private volatile Checkpoint checkpoint;
    private volatile long headBlock = -1;
    private volatile boolean reachable = true;
    private volatile boolean reorg;
    private volatile long attested;
    private volatile long quarantined;
    private long failures;
    private long timer = -1;
    private boolean stopped;
    private Future<Void> inFlight = Future.succeededFuture();

    public ChainWatcher(Context context, ChainPort chain, HubStore store, HubSubmitter submitter, Signer validator, int finalityDepth,
            Duration pollInterval, Duration commitTimeout) {
        this.context = context;
        this.chain = chain;
        this.store = store;
        this.submitter = submitter;
        this.validator = validator;
        this.finalityDepth = finalityDepth;
        this.pollIntervalMillis = pollInterval.toMillis();
        this.commitTimeout = commitTimeout;
    }

    public Future<Void> start() {
        return Future.fromCompletionStage(store.checkpoint(chain.bank()), context)
                .compose(stored -> stored.isPresent() ? Future.succeededFuture(stored.get()) : Future.fromCompletionStage(chain.genesisCheckpoint(), context))
                .map(from -> {
                    checkpoint = from;
                    LOG.info("watching {} (chain {}): gateway {}, executor {}, from block {}", chain.bank(), chain.chainId(), chain.gateway(),
                            chain.executor(), from.blockNumber());
                    context.runOnContext(ignored -> schedule(0));
                    return null;
                });
    }

    /** Stops reading; completes when the read in flight has ended. */
    public Future<Void> stop() {
        Future<Void> done = Future.future(promise -> context.runOnContext(ignored -> {
            stopped = true;
            context.owner().cancelTimer(timer);
            inFlight.onComplete(ended -> promise.complete());
        }));
        return done;
    }

    public WatcherStatus status() {
        Checkpoint at = checkpoint;
        long checkpointBlock = at == null ? -1 : at.blockNumber();
        long lag = headBlock < 0 || at == null ? -1 : Math.max(0, headBlock - checkpointBlock);
        return new WatcherStatus(chain.bank(), chain.chainId(), reachable, checkpointBlock, headBlock, lag, attested, quarantined, reorg);
    }

    private void schedule(long delayMillis) {
        if (stopped) {
            return;
        }
        timer = context.owner().setTimer(Math.max(1, delayMillis), id -> {
            inFlight = readOnce().andThen(done -> {
                if (done.succeeded()) {
                    failures = 0;
                    schedule(done.result() ? 0 : pollIntervalMillis);
                } else {
                    failures++;
                    if (reachable) {
                        LOG.warn("{}: reading or attesting failed; retrying with back-off: {}", chain.bank(), done.cause().toString());
                    }
                    reachable = !(done.cause() instanceof java.io.IOException);
                    schedule(Math.min(MAX_BACKOFF_MILLIS, pollIntervalMillis * (1L << Math.min(failures, 6))));
                }
            }).mapEmpty();
        });
    }

    /** One read, attested and checkpointed; true when more logs wait. */
    private Future<Boolean> readOnce() {
        Checkpoint from = checkpoint;
        return Future.fromCompletionStage(chain.readEvents(from, MAX_EVENTS_PER_READ), context).compose(read -> {
            if (!reachable) {
                LOG.info("{}: reachable again", chain.bank());
            }
            reachable = true;
            headBlock = read.headBlock();
            if (read.reorg().isPresent()) {
                if (!reorg) {
                    LOG.error("{}: block {} under the checkpoint is no longer canonical (stored hash {}, canonical {}); watching stops until an "
                            + "operator looks", chain.bank(), from.blockNumber(), from.blockHash(), read.reorg().get().canonicalBlockHash());
                }
                reorg = true;
                return Future.succeededFuture(false);
            }
            return attest(read).compose(ignored -> checkpoint(read)).map(ignored -> behindFinalHead(read));
        });
    }

    private Future<Void> attest(ChainEvents read) {
        List<Observation> observations = new ArrayList<>(read.transfers().size() + read.executorLogs().size());
        for (ObservedTransfer transfer : read.transfers()) {
            observations.add(new Observation.TransferInitiated(transfer));
        }
        observations.addAll(read.executorLogs());
        List<Future<TransactionWaiters.Committed>> attestations = new ArrayList<>();
        for (List<Observation> part : split(observations)) {
            attestations.add(submitter.submit(new HubTransaction.Attest(part), validator, commitTimeout)
                    .transform(done -> accepted(done, part.size())));
        }
        return Future.all(attestations).mapEmpty();
    }

    /**
     * Cuts observations into Attest-sized parts: at most {@link HubTransaction.Attest#MAX_OBSERVATIONS}
     * each, and well under the transaction size bound (a {@code CommandFailed} carries up to 1 KiB of
     * revert data, so 1,000 of them would not fit).
     */
    static List<List<Observation>> split(List<Observation> observations) {
        List<List<Observation>> parts = new ArrayList<>();
        List<Observation> part = new ArrayList<>();
        long bytes = 0;
        for (Observation observation : observations) {
            long size = estimatedBytes(observation);
            if (!part.isEmpty() && (part.size() == HubTransaction.Attest.MAX_OBSERVATIONS || bytes + size > MAX_ATTEST_BYTES)) {
                parts.add(List.copyOf(part));
                part.clear();
                bytes = 0;
            }
            part.add(observation);
            bytes += size;
        }
        if (!part.isEmpty()) {
            parts.add(List.copyOf(part));
        }
        return parts;
    }

    /** An upper bound of an observation's encoded size (fixed fields plus its variable parts). */
    private static long estimatedBytes(Observation observation) {
        return switch (observation) {
            case Observation.TransferInitiated initiated -> 400;
            case Observation.CommandFailed failed -> 200 + failed.revertData().length();
            case Observation.ExecutorSetUpdated updated -> 200 + 24L * updated.validators().size();
            case Observation.ExecutorLog log -> 250;
        };
    }

    /** A refusal that re-reading cannot change (the hub judged the observations) is reported, and the watcher moves on. */
    private Future<TransactionWaiters.Committed> accepted(io.vertx.core.AsyncResult<TransactionWaiters.Committed> done, int observations) {
        if (done.succeeded()) {
            var result = done.result().record().result();
            if (!result.accepted()) {
                LOG.error("{}: the hub rejected this node's attestation of {} observations: {} — {}", chain.bank(), observations,
                        result.rejection().orElseThrow(), result.log());
            } else {
                attested += observations;
            }
            return Future.succeededFuture(done.result());
        }
        if (done.cause() instanceof TransactionRefusedException refused && refused.refusal().code() != HubRejection.UNAUTHORIZED) {
            LOG.error("{}: the hub refused this node's attestation of {} observations: {}", chain.bank(), observations, refused.getMessage());
            return Future.succeededFuture();
        }
        return Future.failedFuture(done.cause()); // not a validator (yet), engine unreachable, not committed in time: read again later
    }

    private Future<Void> checkpoint(ChainEvents read) {
        if (read.next().equals(checkpoint) && read.quarantined().isEmpty()) {
            return Future.succeededFuture();
        }
        read.quarantined().forEach(log -> LOG.warn("{}: log quarantined at block {} tx {} index {}: {}", log.sourceBank(), log.blockNumber(),
                log.transactionHash(), log.logIndex(), log.reason()));
        return Future.fromCompletionStage(store.saveCheckpoint(read.next(), read.quarantined()), context).map(ignored -> {
            checkpoint = read.next();
            quarantined += read.quarantined().size();
            return null;
        });
    }

    /** A read stops at a page limit or at the event bound; the backlog is what lies between it and the final head. */
    private boolean behindFinalHead(ChainEvents read) {
        return read.next().blockNumber() < read.headBlock() - finalityDepth;
    }
}
