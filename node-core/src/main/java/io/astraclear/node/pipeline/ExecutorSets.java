package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.BankId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator set each destination Executor holds, as far as this node knows: what it read from
 * the chain last, or the active set before it read anything. A command's signatures must come
 * from this set. Re-read when an Executor refuses signers and while a validator-set update is
 * under way.
 */
final class ExecutorSets {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSets.class);

    private final PipelineContext pipeline;
    private final Map<BankId, ValidatorSet> known = new ConcurrentHashMap<>();

    ExecutorSets(PipelineContext pipeline) {
        this.pipeline = pipeline;
    }

    ValidatorSet of(BankId bank) {
        ValidatorSet read = known.get(bank);
        ValidatorSet active = pipeline.consensus().validatorSet();
        return read == null || read.nonce() < active.nonce() ? active : read;
    }

    /** The nonce each Executor was last seen with (absent: not read yet). */
    Map<BankId, ValidatorSet> known() {
        return Map.copyOf(known);
    }

    void learned(BankId bank, ValidatorSet set) {
        ValidatorSet before = known.put(bank, set);
        if (before == null || before.nonce() != set.nonce()) {
            LOG.info("executor of {} holds validator set {} ({} validators, threshold {})", bank, set.nonce(), set.validators().size(), set.threshold());
        }
    }

    /** Re-reads {@code bank}'s Executor set in the background. */
    io.vertx.core.Future<ValidatorSet> refresh(BankId bank) {
        return pipeline.on(pipeline.chain(bank).validatorSet())
                .onSuccess(set -> learned(bank, set))
                .onFailure(failure -> LOG.warn("reading the validator set of {}'s executor failed: {}", bank, failure.toString()));
    }
}
