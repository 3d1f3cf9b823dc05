package io.astraclear.node.engine;

import io.astraclear.node.hub.AppliedBlock;
import io.astraclear.node.hub.DecodedTransaction;
import io.astraclear.node.hub.HubStateMachine;
import io.astraclear.node.hub.PreparedBlock;
import io.astraclear.node.hub.SignatureRecovery;
import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.consensus.BlockOutcome;
import io.astraclear.ports.consensus.CommittedHead;
import io.astraclear.ports.consensus.HubApplication;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as this node runs it for a consensus engine: the state machine in memory, its store for
 * what is committed. Every call runs on one context of its own, one at a time, so the state machine
 * is never touched concurrently. {@link #finalizeBlock} loads the ended transfers a block names,
 * then applies it; {@link #commit} makes it durable (retrying storage a few times: a commit is
 * idempotent per height) and then tells the {@link CommitListener}s.
 */
public final class ReplicatedHub implements HubApplication {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedHub.class);
    private static final int COMMIT_ATTEMPTS = 5;
    private static final long COMMIT_RETRY_MILLIS = 200;

    private final Vertx vertx;
    private final Context context;
    private final HubStore store;
    private final HubStateMachine machine;
    private final LiveState startedFrom;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private AppliedBlock finalized;
    private volatile HubHead committed;
    /** The validator sets as of {@link #committed}: the state machine may already hold a block finalized and not yet committed. */
    private volatile ValidatorSets committedSets;

    private ReplicatedHub(Vertx vertx, Context context, HubStore store, HubStateMachine machine, LiveState startedFrom) {
        this.vertx = vertx;
        this.context = context;
        this.store = store;
        this.machine = machine;
        this.startedFrom = startedFrom;
        this.committed = machine.head();
        this.committedSets = machine.validatorSets();
    }

    /** Loads what {@code store} holds (or starts from the genesis) on a context of the hub's own. */
    public static Future<ReplicatedHub> open(Vertx vertx, HubGenesis genesis, HubStore store, NettingStrategy netting, SignatureRecovery recovery) {
        return HubContexts.dedicated(vertx, "hub").compose(context -> Future.fromCompletionStage(store.load(), context).map(stored -> {
            HubStateMachine machine = HubStateMachine.start(genesis, stored, netting, recovery);
            LiveState from = stored.orElse(null);
            LOG.info("hub '{}' at height {} (app hash {}), genesis {}", genesis.chainId(), machine.head().height(), machine.head().appHash(),
                    machine.genesisHash());
            return new ReplicatedHub(vertx, context, store, machine, from);
        }));
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** The last committed block's head (height 0 before the first block). */
    public HubHead committedHead() {
        return committed;
    }

    public HubGenesis genesis() {
        return machine.genesis();
    }

    /** The live state storage gave back at start, if there was any: where the services pick up open work. */
    public Optional<LiveState> startedFrom() {
        return Optional.ofNullable(startedFrom);
    }

    /** The validator sets as of the last committed block. */
    public Future<ValidatorSets> validatorSets() {
        return Future.succeededFuture(committedSets);
    }

    public HubStore store() {
        return store;
    }

    @Override
    public CompletionStage<CommittedHead> info() {
        HubHead head = committed;
        return Future.succeededFuture(new CommittedHead(head.height(), head.time(), head.appHash())).toCompletionStage();
    }

    /**
     * The work that depends on the bytes alone (decoding, the signature, observation digests) runs
     * on a worker thread, many at once; only the judgement against the state runs on the hub's context.
     */
    @Override
    public CompletionStage<Admission> check(Bytes transaction) {
        return vertx.executeBlocking(() -> machine.precheck(transaction), false)
                .compose(decoded -> call(() -> machine.check(decoded)))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<BlockOutcome> finalizeBlock(HubBlock block) {
        return call(() -> {
            if (finalized != null) {
                throw new IllegalStateException("block " + finalized.outcome().height() + " was finalized but not committed; cannot finalize " + block.height());
            }
            return machine.notPrechecked(block);
        }).compose(this::precheck).compose(prechecked -> call(() -> machine.prepare(block, prechecked))).compose(prepared -> loadEnded(prepared).map(loaded -> {
            AppliedBlock applied = machine.apply(prepared, loaded);
            finalized = applied;
            return applied.outcome();
        })).toCompletionStage();
    }

    /** Transactions no admission here prechecked (another node's, in a consortium): prechecked on workers, in parallel. */
    private Future<Map<Bytes32, DecodedTransaction>> precheck(List<Bytes> transactions) {
        if (transactions.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        List<Future<DecodedTransaction>> work = transactions.stream()
                .map(transaction -> vertx.executeBlocking(() -> machine.precheck(transaction), false)).toList();
        return Future.all(work).map(done -> {
            Map<Bytes32, DecodedTransaction> byHash = new HashMap<>();
            work.forEach(one -> byHash.put(one.result().hash(), one.result()));
            return byHash;
        });
    }

    private Future<List<HubTransfer>> loadEnded(PreparedBlock prepared) {
        if (prepared.transfersToLoad().isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return Future.fromCompletionStage(store.transfers(prepared.transfersToLoad()), context);
    }

    @Override
    public CompletionStage<CommittedHead> commit() {
        return call(() -> {
            if (finalized == null) {
                throw new IllegalStateException("nothing was finalized to commit (at height " + committed.height() + ")");
            }
            return finalized.effects();
        }).compose(effects -> commit(effects, 1)).map(effects -> {
            finalized = null;
            effects.validatorSets().ifPresent(sets -> committedSets = sets);
            committed = effects.head();
            for (CommitListener listener : listeners) {
                try {
                    listener.committed(effects);
                } catch (RuntimeException e) {
                    LOG.error("a commit listener failed on block {}", effects.head().height(), e);
                }
            }
            return new CommittedHead(effects.head().height(), effects.head().time(), effects.head().appHash());
        }).toCompletionStage();
    }

    private Future<BlockEffects> commit(BlockEffects effects, int attempt) {
        return Future.fromCompletionStage(store.commit(effects), context).map(effects).recover(failure -> {
            if (attempt >= COMMIT_ATTEMPTS || failure instanceof IllegalStateException) {
                return Future.failedFuture(new IllegalStateException("committing block " + effects.head().height() + " failed after " + attempt
                        + " attempt(s): " + failure.getMessage(), failure));
            }
            LOG.warn("committing block {} failed (attempt {} of {}), retrying: {}", effects.head().height(), attempt, COMMIT_ATTEMPTS, failure.toString());
            Promise<BlockEffects> retried = Promise.promise();
            vertx.setTimer(COMMIT_RETRY_MILLIS * attempt, id -> commit(effects, attempt + 1).onComplete(retried));
            return retried.future();
        });
    }

    /** Runs {@code work} on the hub's context and completes with its result there. */
    private <T> Future<T> call(Supplier<T> work) {
        Promise<T> done = Promise.promise();
        context.runOnContext(ignored -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }
}
