package io.astraclear.node.services;

import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.node.engine.CommitListener;
import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs, once, every open batch of a destination whose Executor set (as the hub knows it) includes
 * this validator: one ECDSA signature per validator per batch, sent as a {@code SignBatch}. A
 * signature the hub has not recorded after {@code retryAfter} (a lost transaction) is sent again.
 */
public final class BatchSigner implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSigner.class);

    private final Context context;
    private final Signer validator;
    private final HubSubmitter submitter;
    private final Clock clock;
    private final Duration retryAfter;
    private final OpenBatches batches = new OpenBatches();
    /** When this node last sent its signature for a batch the hub does not show signed by it yet. */
    private final Map<BatchId, Long> sentAt = new HashMap<>();
    private long timer = -1;
    private long signed;

    public BatchSigner(Context context, Signer validator, HubSubmitter submitter, Clock clock, Duration retryAfter) {
        this.context = context;
        this.validator = validator;
        this.submitter = submitter;
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    public void start(Collection<HubBatch> open, ValidatorSets sets) {
        context.runOnContext(ignored -> {
            batches.start(open, sets);
            // the retries first: a first pass that fails must not leave the open batches unsigned for good
            timer = context.owner().setPeriodic(retryAfter.toMillis(), id -> batches.all().forEach(this::consider));
            batches.all().forEach(this::consider);
        });
    }

    public void stop() {
        context.runOnContext(ignored -> context.owner().cancelTimer(timer));
    }

    /** Batches this node has signed since it started. */
    public long signed() {
        return signed;
    }

    @Override
    public void committed(BlockEffects block) {
        context.runOnContext(ignored -> batches.apply(block).forEach(this::consider));
    }

    private void consider(HubBatch batch) {
        Address me = validator.address();
        ValidatorSet executorSet = batches.sets().executorSet(batch.id().bank());
        if (!executorSet.contains(me)) {
            return;
        }
        if (batch.signatures().stream().anyMatch(signature -> signature.validator().equals(me))) {
            sentAt.remove(batch.id());
            return;
        }
        long now = clock.millis();
        Long sent = sentAt.get(batch.id());
        if (sent != null && now - sent < retryAfter.toMillis()) {
            return;
        }
        sentAt.put(batch.id(), now);
        HubTransaction.SignBatch sign = new HubTransaction.SignBatch(batch.id(), validator.sign(ProtocolDigests.batchDigest(batch.batch())));
        signed++;
        submitter.offer(submitter.sign(sign, validator)).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("signing batch {}: the engine did not take the signature, trying again in {} ms: {}", batch.id(), retryAfter.toMillis(),
                        done.cause().toString());
            } else if (done.result() instanceof io.astraclear.ports.consensus.Admission.Refused refused) {
                LOG.warn("signing batch {}: refused ({}): {}", batch.id(), refused.code(), refused.reason());
            }
        });
        sentAt.keySet().removeIf(id -> !batches.isOpen(id));
    }
}
