package io.astraclear.node.application;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.ports.domain.Bytes;
import io.vertx.core.Future;
import java.time.Duration;

/** Anyone with a key the hub knows (a bank's operator, a validator) submits a transaction it signed itself. */
public final class SubmitTransaction {
    private final Submissions submissions;

    public SubmitTransaction(HubSubmitter submitter) {
        this.submissions = new Submissions(submitter);
    }

    public Future<Submission> submit(Bytes signedTransaction, Duration wait) {
        return submissions.submit(signedTransaction, wait);
    }
}
