package io.astraclear.node.application;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/** An operator approves the validator set that should follow the active one, with this node's validator key. */
public final class ApproveValidatorSet {
    private final Submissions submissions;
    private final Signer validator;

    public ApproveValidatorSet(HubSubmitter submitter, Signer validator) {
        this.submissions = new Submissions(submitter);
        this.validator = validator;
    }

    public Future<Submission> approve(long nonce, List<Address> validators, Duration wait) {
        return submissions.submit(new HubTransaction.ApproveValidatorSet(nonce, validators.stream().sorted().toList()), validator, wait);
    }
}
