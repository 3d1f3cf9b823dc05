package io.astraclear.node.engine;

import io.astraclear.node.hub.codec.HubCodec;
import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.consensus.ConsensusPort;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * How this node puts transactions on the hub: signs them with one of its keys, offers them to the
 * consensus engine, and — when the caller wants — waits until they are in a committed block.
 */
public final class HubSubmitter {
    private final ConsensusPort engine;
    private final TransactionWaiters waiters;
    private final String hubChainId;

    public HubSubmitter(ConsensusPort engine, TransactionWaiters waiters, String hubChainId) {
        this.engine = engine;
        this.waiters = waiters;
        this.hubChainId = hubChainId;
    }

    /** The transaction as it travels, signed by {@code signer}. */
    public Bytes sign(HubTransaction transaction, Signer signer) {
        return HubCodec.sign(transaction, hubChainId, signer);
    }

    /** Offers signed bytes; completes with the admission, refusals included (no waiting for a block). */
    public Future<Admission> offer(Bytes transaction) {
        return Future.fromCompletionStage(engine.submit(transaction));
    }

    /** Signs with {@code signer}, offers, and waits for the block (see {@link #submitSigned}). */
    public Future<TransactionWaiters.Committed> submit(HubTransaction transaction, Signer signer, Duration timeout) {
        return submitSigned(sign(transaction, signer), timeout);
    }

    /**
     * Offers signed bytes and waits until they are in a committed block: completes with the record
     * (applied, or rejected in the block) and that block's effects; fails with {@link TransactionRefusedException} when
     * refused at admission, with {@link java.util.concurrent.TimeoutException} when not committed
     * within {@code timeout} (it may still be), or with the engine's failure.
     */
    public Future<TransactionWaiters.Committed> submitSigned(Bytes transaction, Duration timeout) {
        Bytes32 hash = HubDigests.transactionHash(transaction);
        Future<TransactionWaiters.Committed> committed = waiters.await(hash, timeout);
        return offer(transaction).compose(admission -> switch (admission) {
            case Admission.Admitted admitted -> committed;
            case Admission.Refused refused -> {
                TransactionRefusedException failure = new TransactionRefusedException(refused);
                waiters.fail(hash, failure);
                yield Future.failedFuture(failure);
            }
        }, failure -> {
            waiters.fail(hash, failure);
            return Future.failedFuture(failure);
        });
    }
}
