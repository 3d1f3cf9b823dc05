package io.astraclear.node.api;

import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.consensus.BlockOutcome;
import io.astraclear.ports.consensus.CommittedHead;
import io.astraclear.ports.consensus.HubApplication;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.Bytes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands between the solo engine and the hub and holds commits while it is shut: a block is
 * finalized as usual, and becomes committed (durable, its waiters and event subscribers told) only
 * once the gate opens. How a test makes a write wait longer than its request's wait for a block,
 * without sleeping and without a block time of its own: the engine then keeps admitting transactions
 * into its pool, against the state of the block held at the gate.
 */
final class CommitGate implements HubApplication {
    private final HubApplication hub;
    private final AtomicInteger held = new AtomicInteger();
    private volatile Promise<Void> open = Promise.promise();

    CommitGate(HubApplication hub) {
        this.hub = hub;
        open.complete();
    }

    /** Later commits wait until {@link #open()}. */
    void shut() {
        open = Promise.promise();
    }

    void open() {
        open.tryComplete();
    }

    /** Commits waiting at the gate now (0 or 1: the engine commits one block at a time). */
    int held() {
        return held.get();
    }

    @Override
    public CompletionStage<CommittedHead> info() {
        return hub.info();
    }

    @Override
    public CompletionStage<Admission> check(Bytes transaction) {
        return hub.check(transaction);
    }

    @Override
    public CompletionStage<BlockOutcome> finalizeBlock(HubBlock block) {
        return hub.finalizeBlock(block);
    }

    @Override
    public CompletionStage<CommittedHead> commit() {
        held.incrementAndGet();
        return open.future()
                .compose(opened -> {
                    held.decrementAndGet();
                    return Future.fromCompletionStage(hub.commit());
                })
                .toCompletionStage();
    }
}
