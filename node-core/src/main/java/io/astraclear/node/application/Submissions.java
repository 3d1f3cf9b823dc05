package io.astraclear.node.application;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Puts a transaction on the hub and waits up to a bound for its block: the shared step of every writing use case. */
final class Submissions {
    private final HubSubmitter submitter;

    Submissions(HubSubmitter submitter) {
        this.submitter = submitter;
    }

    Future<Submission> submit(HubTransaction transaction, Signer signer, Duration wait) {
        return submit(submitter.sign(transaction, signer), wait);
    }

    Future<Submission> submit(Bytes transaction, Duration wait) {
        return submitter.submitSigned(transaction, wait)
                .<Submission>map(committed -> new Submission.Committed(committed.record(), committed.block()))
                .recover(failure -> failure instanceof TimeoutException
                        ? Future.succeededFuture(new Submission.Pending(HubDigests.transactionHash(transaction)))
                        : Future.failedFuture(failure));
    }
}
