package io.astraclear.node.engine;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.TxRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Who waits for which transaction to be in a committed block: completed with its record (applied
 * or rejected) and the block's effects when the block commits, failed with {@link TimeoutException}
 * when it does not within the caller's time. Bounded: beyond {@link #MAX_WAITING}, waiting is refused.
 */
public final class TransactionWaiters implements CommitListener {
    public static final int MAX_WAITING = 100_000;

    /** A transaction in a committed block: its record, and everything that block changed. */
    public record Committed(TxRecord record, BlockEffects block) {}

    private final Vertx vertx;
    private final Map<Bytes32, List<Promise<Committed>>> waiting = new HashMap<>();
    private int count;

    public TransactionWaiters(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Register before submitting: a block may commit the transaction before a later registration. */
    public synchronized Future<Committed> await(Bytes32 transactionHash, Duration timeout) {
        if (count >= MAX_WAITING) {
            return Future.failedFuture(new RejectedExecutionException(count + " callers wait for transactions already"));
        }
        Promise<Committed> promise = Promise.promise();
        waiting.computeIfAbsent(transactionHash, hash -> new ArrayList<>(1)).add(promise);
        count++;
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (forget(transactionHash, promise)) {
                promise.tryFail(new TimeoutException("transaction " + transactionHash + " was not in a committed block within " + timeout.toMillis() + " ms"));
            }
        });
        return promise.future().andThen(done -> vertx.cancelTimer(timer));
    }

    /** Stops waiting for {@code transactionHash} on {@code promise}'s behalf (it was refused, say); false if it was not waiting. */
    public synchronized boolean forget(Bytes32 transactionHash, Promise<Committed> promise) {
        List<Promise<Committed>> promises = waiting.get(transactionHash);
        if (promises == null || !promises.remove(promise)) {
            return false;
        }
        count--;
        if (promises.isEmpty()) {
            waiting.remove(transactionHash);
        }
        return true;
    }

    /** Stops every wait for {@code transactionHash}, failing each with {@code cause}. */
    public void fail(Bytes32 transactionHash, Throwable cause) {
        List<Promise<Committed>> promises;
        synchronized (this) {
            promises = waiting.remove(transactionHash);
            if (promises == null) {
                return;
            }
            count -= promises.size();
        }
        promises.forEach(promise -> promise.tryFail(cause));
    }

    @Override
    public void committed(BlockEffects block) {
        for (TxRecord record : block.transactions()) {
            List<Promise<Committed>> promises;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    return;
                }
                promises = waiting.remove(record.result().transactionHash());
                if (promises == null) {
                    continue;
                }
                count -= promises.size();
            }
            Committed committed = new Committed(record, block);
            promises.forEach(promise -> promise.tryComplete(committed));
        }
    }
}
