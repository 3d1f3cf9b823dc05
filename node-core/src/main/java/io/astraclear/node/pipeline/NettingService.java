package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.protocol.Keccak256;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs netting rounds with the configured strategy plugin: snapshot the balances, let the
 * plugin propose (on a worker thread: a plugin may take a while on a large network), check the
 * proposal against every ledger invariant, apply it in one storage transaction. If a transfer
 * was confirmed between snapshot and apply, the storage refuses the stale snapshot and the round
 * starts over on fresh balances (bounded).
 */
public final class NettingService {
    private static final Logger LOG = LoggerFactory.getLogger(NettingService.class);
    private static final int MAX_ATTEMPTS = 5;

    private final PipelineContext pipeline;
    private final NettingStrategy strategy;
    /** With peers, rounds are agreed ({@link NettingAgreement}); without, this node nets alone. */
    private final java.util.Optional<NettingAgreement> agreement;
    private Future<NettingRound> running;

    NettingService(PipelineContext pipeline, NettingStrategy strategy, java.util.Optional<NettingAgreement> agreement) {
        this.pipeline = pipeline;
        this.strategy = strategy;
        this.agreement = agreement;
    }

    public NettingStrategy strategy() {
        return strategy;
    }

    /**
     * Runs one round now; a round already running is joined rather than run twice. With peers, the
     * round is proposed to them (or the one under way joined) and completes when a threshold agreed
     * and it was applied here, or fails with {@code NOT_AGREED} after the voting timeout.
     */
    public Future<NettingRound> runRound(String actor) {
        // callers run on other event loops (the API's): the round and its bookkeeping live on the pipeline's
        io.vertx.core.Promise<NettingRound> result = io.vertx.core.Promise.promise();
        pipeline.context().runOnContext(ignored -> startOrJoin(actor).onComplete(result));
        return result.future();
    }

    private Future<NettingRound> startOrJoin(String actor) {
        if (running != null && !running.isComplete()) {
            return running;
        }
        if (agreement.isPresent()) {
            long timeoutMillis = pipeline.config().protocol().votingTimeout().toMillis();
            Future<NettingRound> agreed = Future.future(promise -> pipeline.context().runOnContext(ignored -> {
                long timer = pipeline.context().owner().setTimer(timeoutMillis, id -> promise.tryFail(new NettingRejectedException("NOT_AGREED",
                        "no threshold of validators agreed on the netting round within " + timeoutMillis + " ms; it may still complete")));
                agreement.get().run(actor).onComplete(done -> {
                    pipeline.context().owner().cancelTimer(timer);
                    if (done.succeeded()) {
                        promise.tryComplete(done.result());
                    } else {
                        promise.tryFail(done.cause());
                    }
                });
            }));
            running = agreed;
            return agreed;
        }
        running = attempt(actor, 1);
        return running;
    }

    /** The netting interval elapsed: alone, net now; with peers, the round's proposer proposes it. */
    void scheduled() {
        if (agreement.isPresent()) {
            agreement.get().scheduled();
        } else {
            runRound("scheduler").onFailure(failure -> LOG.error("scheduled netting round failed", failure));
        }
    }

    private Future<NettingRound> attempt(String actor, int attempt) {
        return pipeline.on(pipeline.storage().balances()).compose(before -> pipeline.context().owner()
                .executeBlocking(() -> propose(before), false)
                .compose(proposal -> apply(actor, before, proposal))
                .compose(result -> switch (result) {
                    case WriteResult.Applied<NettingRound> applied -> {
                        publish(applied.value());
                        yield Future.succeededFuture(applied.value());
                    }
                    case WriteResult.Rejected<NettingRound> rejected when "STALE_SNAPSHOT".equals(rejected.code()) && attempt < MAX_ATTEMPTS -> {
                        LOG.info("netting snapshot went stale (attempt {}); retrying on fresh balances", attempt);
                        yield attempt(actor, attempt + 1);
                    }
                    case WriteResult.Rejected<NettingRound> rejected ->
                            Future.failedFuture(new NettingRejectedException(rejected.code(), rejected.message()));
                }));
    }

    private NettingProposal propose(BalanceSnapshot before) {
        NettingProposal proposal;
        try {
            proposal = strategy.net(before);
        } catch (RuntimeException e) {
            throw new NettingRejectedException("PLUGIN_FAILED", "netting plugin '" + strategy.id() + "' " + strategy.version() + " failed: " + e);
        }
        if (NettingInvariants.check(strategy, before, proposal) instanceof NettingCheck.Violated violated) {
            throw new NettingRejectedException("INVARIANT_VIOLATED", violated.message());
        }
        return proposal;
    }

    private Future<WriteResult<NettingRound>> apply(String actor, BalanceSnapshot before, NettingProposal proposal) {
        NettingRound round = new NettingRound(0, pipeline.clock().instant(), strategy.id(), strategy.version(),
                digest(before), before, proposal.balancesAfter(), actor);
        return pipeline.on(pipeline.storage().applyNetting(round));
    }

    private void publish(NettingRound round) {
        pipeline.events().publish(NodeEvent.NETTING_COMPLETED, Map.of(
                "roundId", Long.toString(round.roundId()),
                "strategy", round.strategyId() + "@" + round.strategyVersion(),
                "obligationsBefore", Integer.toString(round.before().obligations().size()),
                "obligationsAfter", Integer.toString(round.after().obligations().size()),
                "actor", round.actor()));
    }

    /** keccak256 over the canonical snapshot: (debtor bytes32, creditor bytes32, amount uint256)*. */
    public static Bytes32 digest(BalanceSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(snapshot.obligations().size() * 96);
        for (Obligation obligation : snapshot.obligations()) {
            out.writeBytes(obligation.debtor().toBytes32().toByteArray());
            out.writeBytes(obligation.creditor().toBytes32().toByteArray());
            byte[] amount = obligation.amount().value().toByteArray();
            byte[] word = new byte[32];
            int length = Math.min(amount.length, 32);
            System.arraycopy(amount, amount.length - length, word, 32 - length, length);
            out.writeBytes(word);
        }
        return new Bytes32(Keccak256.hash(out.toByteArray()));
    }

    /** A round the node refused to apply: a broken plugin result, or the storage's refusal. */
    public static final class NettingRejectedException extends RuntimeException {
        private final String code;

        public NettingRejectedException(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
