package io.astraclear.node.application;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;

/** An operator asks for a netting round now: a {@code RequestNetting} signed with this node's validator key. */
public final class RequestNetting {
    private final Submissions submissions;
    private final Signer validator;
    private final LongSupplier committedHeight;

    public RequestNetting(HubSubmitter submitter, Signer validator, LongSupplier committedHeight) {
        this.submissions = new Submissions(submitter);
        this.validator = validator;
        this.committedHeight = committedHeight;
    }

    public Future<Submission> request(Duration wait) {
        return submissions.submit(new HubTransaction.RequestNetting(committedHeight.getAsLong()), validator, wait);
    }
}
