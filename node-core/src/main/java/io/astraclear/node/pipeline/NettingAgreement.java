package io.astraclear.node.pipeline;

import io.astraclear.node.consensus.Topic;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.Page;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netting rounds agreed by the validators instead of computed by each at its own moment.
 *
 * <ol>
 *   <li>A round becomes due when the netting interval elapses or an operator asks for one on any
 *       node ({@code POST /api/v1/netting/rounds}, passed on to the peers). Its proposer,
 *       {@code validators[(k - 1 + attempt) mod n]} where {@code attempt} grows every
 *       {@code netting_proposal_timeout} ticks without a proposal (so a down proposer is replaced),
 *       names round {@code k}'s cut-off ({@link RoundProposal}): per source bank the highest Gateway
 *       nonce up to which it has confirmed every transfer. A node that has seen a proposal for the
 *       round never proposes another.</li>
 *   <li>Every validator that has confirmed all covered transfers computes the input from its own
 *       ledger ({@link NettingInput}), runs the same strategy and version, and endorses (signs) the
 *       round's digest if it equals its own result. A validator endorses at most one digest per
 *       round: two digests cannot both gather {@code threshold(n)} endorsements from honest
 *       validators, so at most one round {@code k} is ever applied anywhere.</li>
 *   <li>A node applies round {@code k} when it has verified the digest itself and holds a
 *       threshold of endorsements of the active set: the same burns on every node, whatever it
 *       confirmed past the cut-off meanwhile. Rounds apply in order, chained by {@code previous}.</li>
 * </ol>
 *
 * Endorsements travel to every peer when a node endorses; a node that missed them (it was down,
 * or is behind) asks its peers for the round on start and every proposal timeout. Agreed rounds are
 * kept in memory (the last {@value #KEEP_ROUNDS}) to answer peers that catch up.
 */
final class NettingAgreement {
    private static final Logger LOG = LoggerFactory.getLogger(NettingAgreement.class);
    private static final int KEEP_ROUNDS = 64;

    private final PipelineContext pipeline;
    private final NettingStrategy strategy;
    private final NettingInput input;
    private final TreeMap<Long, RoundState> rounds = new TreeMap<>();
    private long nextRound = 1;
    private Bytes32 previous = RoundProposal.NO_PREVIOUS_ROUND;
    private Optional<SortedMap<BankId, Long>> lastCutoff = Optional.empty();
    private long dueSinceMillis = -1;
    /** An operator asked for the due round (here or on a peer): it is proposed even if it burns nothing. */
    private boolean requested;
    private long ticks;
    /** One evaluation, proposal or application at a time: they hold confirmations back while they read. */
    private Future<?> busy = Future.succeededFuture();

    /** What this node knows about one round. */
    private static final class RoundState {
        final Map<Bytes32, RoundProposal> proposals = new LinkedHashMap<>();
        final Map<Bytes32, Map<Address, Signature>> endorsements = new HashMap<>();
        final Set<Bytes32> verified = new HashSet<>();
        final Set<Bytes32> refused = new HashSet<>();
        final Set<Bytes32> evaluating = new HashSet<>();
        Optional<Bytes32> endorsedByMe = Optional.empty();
        Optional<Bytes32> appliedDigest = Optional.empty();
        final Promise<NettingRound> done = Promise.promise();
    }

    NettingAgreement(PipelineContext pipeline, NettingStrategy strategy, NettingInput input) {
        this.pipeline = pipeline;
        this.strategy = strategy;
        this.input = input;
    }

    /** Reads where the ledger's rounds stand, takes peers' messages, and asks the peers what this node missed. */
    Future<Void> start() {
        return storedRounds(Optional.empty(), 0, Optional.empty()).map(stored -> {
            nextRound = stored.count + 1;
            previous = stored.last.map(NettingRound::inputDigest).orElse(RoundProposal.NO_PREVIOUS_ROUND);
            LOG.info("netting by agreement: {} round(s) applied, next is round {}", stored.count, nextRound);
            pipeline.consensus().onMessage(Topic.NETTING, message -> onPipeline(() -> receive(message)));
            pipeline.consensus().onQuery(Topic.NETTING, key -> onPipeline(() -> Future.succeededFuture(answer(Long.parseLong(key)))));
            catchUp();
            return null;
        });
    }

    private record Stored(long count, Optional<NettingRound> last) {}

    private Future<Stored> storedRounds(Optional<String> cursor, long counted, Optional<NettingRound> last) {
        return pipeline.on(pipeline.storage().nettingRounds(cursor, Page.MAX_LIMIT)).compose(page -> {
            Optional<NettingRound> newest = page.items().isEmpty() ? last : Optional.of(page.items().get(page.items().size() - 1));
            long count = counted + page.items().size();
            return page.nextCursor().isPresent() ? storedRounds(page.nextCursor(), count, newest) : Future.succeededFuture(new Stored(count, newest));
        });
    }

    /**
     * An operator's request: joins the round under way, or makes the next one due on every node (the
     * round's proposer proposes it, so that two operators asking at once do not split the
     * endorsements between two proposals); completes when it is applied here.
     */
    Future<NettingRound> run(String actor) {
        RoundState current = rounds.computeIfAbsent(nextRound, r -> new RoundState());
        if (current.proposals.isEmpty()) {
            due(nextRound);
            requested = true;
            pipeline.consensus().broadcast(Topic.NETTING, new JsonObject().put("request", nextRound));
            proposeIfMyTurn(actor);
        }
        return current.done.future();
    }

    /** The netting interval elapsed: a round is due; its proposer (by attempt) proposes on the next ticks. */
    void scheduled() {
        due(nextRound);
    }

    private void due(long round) {
        if (round == nextRound && dueSinceMillis < 0) {
            dueSinceMillis = pipeline.clock().millis();
        }
    }

    /** Every block time: moves the confirmed prefix, evaluates proposals waiting for it, proposes when due, asks peers now and then. */
    void tick() {
        ticks++;
        serially(() -> input.advance().map(prefix -> (Void) null)).onComplete(done -> {
            RoundState current = rounds.get(nextRound);
            if (current != null) {
                current.proposals.keySet().stream()
                        .filter(digest -> !current.verified.contains(digest) && !current.refused.contains(digest) && !current.evaluating.contains(digest))
                        .toList()
                        .forEach(digest -> evaluate(nextRound, digest));
            }
            proposeIfMyTurn("scheduler");
            int timeoutTicks = pipeline.config().consensus().nettingProposalTimeoutTicks();
            if (ticks % timeoutTicks == 0 || current != null && current.appliedDigest.isEmpty() && ticks % Math.max(1, timeoutTicks / 2) == 0) {
                catchUp();
            }
        });
    }

    /** Proposes the due round if this node is its proposer for the current attempt. */
    private void proposeIfMyTurn(String actor) {
        if (dueSinceMillis < 0) {
            return;
        }
        RoundState current = rounds.get(nextRound);
        if (current != null && !current.proposals.isEmpty()) {
            return;
        }
        ValidatorSet validators = pipeline.consensus().validatorSet();
        long timeoutMillis = pipeline.config().protocol().blockTime().toMillis() * pipeline.config().consensus().nettingProposalTimeoutTicks();
        long attempt = (pipeline.clock().millis() - dueSinceMillis) / Math.max(1, timeoutMillis);
        int proposer = (int) Math.floorMod(nextRound - 1 + attempt, (long) validators.validators().size());
        if (validators.validators().get(proposer).equals(pipeline.signer().address())) {
            serially(() -> propose(requested ? "api" : actor, !requested)).onFailure(failure -> LOG.warn("proposing netting round {} failed: {}", nextRound, failure.toString()));
        }
    }

    /** Builds, endorses and sends this node's proposal for the next round. */
    private Future<RoundState> propose(String actor, boolean skipIfNothingNets) {
        long round = nextRound;
        RoundState existing = rounds.get(round);
        if (existing != null && !existing.proposals.isEmpty()) {
            return Future.succeededFuture(existing);
        }
        return input.advance().compose(cutoff -> compute(round, cutoff)).compose(proposal -> {
            if (round != nextRound) {
                return Future.failedFuture(new IllegalStateException("round " + round + " was applied while this node computed its proposal"));
            }
            RoundState state = rounds.computeIfAbsent(round, r -> new RoundState());
            if (!state.proposals.isEmpty()) {
                return Future.succeededFuture(state); // a peer's proposal arrived meanwhile: that one goes on
            }
            if (skipIfNothingNets && proposal.burns().isEmpty()) {
                dueSinceMillis = -1;
                LOG.info("netting round {} would burn nothing; not proposed", round);
                state.done.tryFail("nothing to net");
                rounds.remove(round);
                return Future.succeededFuture(state);
            }
            Bytes32 digest = proposal.digest();
            state.proposals.put(digest, proposal);
            state.verified.add(digest);
            LOG.info("proposing netting round {} ({}): cut-off {}, {} pairs before, {} after", round, actor, proposal.cutoff(),
                    proposal.input().obligations().size(), proposal.after().obligations().size());
            endorse(round, state, digest);
            maybeApply(round);
            return Future.succeededFuture(state);
        });
    }

    /** This node's own result for a cut-off: the input from its ledger and the strategy's result, invariants checked. */
    private Future<RoundProposal> compute(long round, SortedMap<BankId, Long> cutoff) {
        Bytes32 previousDigest = previous;
        return input.inputAt(cutoff).compose(before -> pipeline.context().owner().executeBlocking(() -> {
            NettingProposal result;
            try {
                result = strategy.net(before);
            } catch (RuntimeException e) {
                throw new NettingService.NettingRejectedException("PLUGIN_FAILED", "netting plugin '" + strategy.id() + "' " + strategy.version() + " failed: " + e);
            }
            if (NettingInvariants.check(strategy, before, result) instanceof NettingCheck.Violated violated) {
                throw new NettingService.NettingRejectedException("INVARIANT_VIOLATED", violated.message());
            }
            return new RoundProposal(round, previousDigest, strategy.id(), strategy.version(), cutoff, before, result.balancesAfter());
        }, false));
    }

    /** A peer's proposal and endorsements, or its request for a round. */
    private Future<JsonObject> receive(JsonObject message) {
        if (message.containsKey("request") && !message.containsKey("proposal")) {
            long round = message.getValue("request") instanceof Number number ? number.longValue() : -1;
            if (round < 1) {
                throw new IllegalArgumentException("netting request: request is the round number");
            }
            due(round);
            requested |= round == nextRound;
            return Future.succeededFuture(new JsonObject().put("round", round).put("nextRound", nextRound));
        }
        RoundProposal proposal = RoundProposal.fromJson(message.getJsonObject("proposal") == null ? new JsonObject() : message.getJsonObject("proposal"));
        Map<Address, Signature> endorsements = new HashMap<>();
        JsonArray array = message.getValue("endorsements") instanceof JsonArray a ? a : new JsonArray();
        for (int index = 0; index < array.size() && index < 64; index++) {
            RoundProposal.Endorsement endorsement = RoundProposal.Endorsement.fromJson(array.getJsonObject(index));
            endorsements.put(endorsement.validator(), endorsement.signature());
        }
        merge(proposal, endorsements);
        return Future.succeededFuture(new JsonObject().put("round", proposal.round()).put("nextRound", nextRound));
    }

    private void merge(RoundProposal proposal, Map<Address, Signature> endorsements) {
        if (proposal.round() < nextRound) {
            return; // applied here already
        }
        Bytes32 digest = proposal.digest();
        RoundState state = rounds.computeIfAbsent(proposal.round(), r -> new RoundState());
        state.proposals.putIfAbsent(digest, proposal);
        ValidatorSet validators = pipeline.consensus().validatorSet();
        Address me = pipeline.signer().address();
        endorsements.forEach((validator, signature) -> {
            Optional<Address> signer = pipeline.signatures().recover(digest, signature);
            if (signer.isEmpty() || !signer.get().equals(validator) || !validators.contains(validator)) {
                pipeline.events().publish(NodeEvent.NETTING_DISAGREED, Map.of("round", Long.toString(proposal.round()),
                        "digest", digest.value(), "reason", "endorsement by " + validator + " does not verify or is not by a validator; ignored"));
                return;
            }
            state.endorsements.computeIfAbsent(digest, d -> new HashMap<>()).put(validator, signature);
            if (validator.equals(me) && state.endorsedByMe.isEmpty()) {
                state.endorsedByMe = Optional.of(digest); // signed before a restart: never sign another digest for this round
            }
        });
        if (proposal.round() == nextRound) {
            if (!state.verified.contains(digest) && !state.refused.contains(digest)) {
                evaluate(proposal.round(), digest);
            }
            maybeApply(proposal.round());
        } else {
            catchUp(); // a peer is ahead: fetch the rounds before it
        }
    }

    /** Recomputes a proposal from this node's ledger; endorses it when the results agree (and it has endorsed nothing else). */
    private void evaluate(long round, Bytes32 digest) {
        RoundState state = rounds.get(round);
        RoundProposal proposal = state.proposals.get(digest);
        Optional<String> wrong = Optional.empty();
        if (!proposal.previous().equals(previous)) {
            wrong = Optional.of("it follows round digest " + proposal.previous() + ", this node's last round is " + previous);
        } else if (!proposal.strategyId().equals(strategy.id()) || !proposal.strategyVersion().equals(strategy.version())) {
            wrong = Optional.of("it was computed with " + proposal.strategyId() + " " + proposal.strategyVersion() + ", this node runs "
                    + strategy.id() + " " + strategy.version());
        } else if (!proposal.cutoff().keySet().equals(input.confirmedPrefix().keySet())) {
            wrong = Optional.of("its cut-off names banks " + proposal.cutoff().keySet() + ", this node's are " + input.confirmedPrefix().keySet());
        } else if (lastCutoff.isPresent() && proposal.cutoff().entrySet().stream().anyMatch(e -> e.getValue() < lastCutoff.get().get(e.getKey()))) {
            wrong = Optional.of("its cut-off " + proposal.cutoff() + " is below the previous round's " + lastCutoff.get());
        }
        if (wrong.isPresent()) {
            refuse(round, state, digest, wrong.get());
            return;
        }
        if (!input.covers(proposal.cutoff())) {
            return; // not caught up with the covered transfers yet: the next tick tries again
        }
        state.evaluating.add(digest);
        serially(() -> compute(round, proposal.cutoff())).onComplete(done -> {
            state.evaluating.remove(digest);
            if (round != nextRound) {
                return;
            }
            if (done.failed()) {
                LOG.warn("evaluating netting round {} failed: {}", round, done.cause().toString());
                return;
            }
            if (!done.result().digest().equals(digest)) {
                refuse(round, state, digest, "this node computes digest " + done.result().digest() + " for the same cut-off");
                return;
            }
            state.verified.add(digest);
            if (state.endorsedByMe.isEmpty()) {
                endorse(round, state, digest);
            }
            maybeApply(round);
        });
    }

    private void refuse(long round, RoundState state, Bytes32 digest, String reason) {
        state.refused.add(digest);
        LOG.warn("not endorsing netting round {} ({}): {}", round, digest, reason);
        pipeline.events().publish(NodeEvent.NETTING_DISAGREED, Map.of("round", Long.toString(round), "digest", digest.value(), "reason", reason));
    }

    private void endorse(long round, RoundState state, Bytes32 digest) {
        Signature signature = pipeline.signer().sign(digest);
        state.endorsements.computeIfAbsent(digest, d -> new HashMap<>()).put(pipeline.signer().address(), signature);
        state.endorsedByMe = Optional.of(digest);
        pipeline.events().publish(NodeEvent.NETTING_ENDORSED, Map.of("round", Long.toString(round), "digest", digest.value(),
                "endorsements", Integer.toString(state.endorsements.get(digest).size())));
        pipeline.consensus().broadcast(Topic.NETTING, message(state, digest));
    }

    private void maybeApply(long round) {
        RoundState state = rounds.get(round);
        if (state == null || round != nextRound || state.appliedDigest.isPresent()) {
            return;
        }
        ValidatorSet validators = pipeline.consensus().validatorSet();
        for (Bytes32 digest : state.verified) {
            long endorsed = state.endorsements.getOrDefault(digest, Map.of()).keySet().stream().filter(validators::contains).count();
            if (endorsed >= validators.threshold()) {
                state.appliedDigest = Optional.of(digest);
                RoundProposal proposal = state.proposals.get(digest);
                serially(() -> input.apply(proposal, "consensus")).onComplete(done -> {
                    if (done.failed()) {
                        state.appliedDigest = Optional.empty();
                        LOG.error("applying agreed netting round {} failed: {}", round, done.cause().toString());
                        pipeline.events().publish(NodeEvent.NETTING_DISAGREED, Map.of("round", Long.toString(round), "digest", digest.value(),
                                "reason", "agreed, but this node could not apply it: " + done.cause().getMessage()));
                        return;
                    }
                    applied(round, state, proposal, done.result());
                });
                return;
            }
        }
    }

    private void applied(long round, RoundState state, RoundProposal proposal, NettingRound stored) {
        nextRound = round + 1;
        previous = proposal.digest();
        lastCutoff = Optional.of(proposal.cutoff());
        dueSinceMillis = -1;
        requested = false;
        LOG.info("netting round {} agreed and applied as round {} ({} burns)", round, stored.roundId(), proposal.burns().size());
        pipeline.events().publish(NodeEvent.NETTING_COMPLETED, Map.of(
                "roundId", Long.toString(stored.roundId()),
                "strategy", stored.strategyId() + "@" + stored.strategyVersion(),
                "digest", proposal.digest().value(),
                "obligationsBefore", Integer.toString(stored.before().obligations().size()),
                "obligationsAfter", Integer.toString(stored.after().obligations().size()),
                "actor", stored.actor()));
        state.done.tryComplete(stored);
        while (rounds.size() > KEEP_ROUNDS) {
            rounds.pollFirstEntry();
        }
        RoundState next = rounds.get(nextRound);
        if (next != null) {
            next.proposals.keySet().forEach(digest -> evaluate(nextRound, digest));
        }
    }

    /** What this node holds for {@code round}: the applied or endorsed proposal (else the first seen) with its endorsements. */
    private Optional<JsonObject> answer(long round) {
        RoundState state = rounds.get(round);
        if (state == null || state.proposals.isEmpty()) {
            return Optional.empty();
        }
        Bytes32 digest = state.appliedDigest.or(() -> state.endorsedByMe).orElse(state.proposals.keySet().iterator().next());
        return Optional.of(message(state, digest).put("applied", state.appliedDigest.isPresent()));
    }

    private static JsonObject message(RoundState state, Bytes32 digest) {
        JsonArray endorsements = new JsonArray();
        state.endorsements.getOrDefault(digest, Map.of()).forEach((validator, signature) ->
                endorsements.add(new RoundProposal.Endorsement(validator, signature).toJson()));
        return new JsonObject().put("proposal", state.proposals.get(digest).toJson()).put("endorsements", endorsements);
    }

    /** Asks the peers for the next round (to learn proposals and endorsements this node missed). */
    private void catchUp() {
        if (!pipeline.consensus().networked()) {
            return;
        }
        long round = nextRound;
        pipeline.consensus().query(Topic.NETTING, Long.toString(round)).onSuccess(answers -> pipeline.context().runOnContext(ignored -> {
            for (JsonObject answer : answers) {
                try {
                    receive(answer);
                } catch (RuntimeException e) {
                    LOG.debug("a peer's answer for netting round {} is unusable: {}", round, e.getMessage());
                }
            }
        }));
    }

    private <T> Future<T> serially(java.util.function.Supplier<Future<T>> work) {
        Future<T> next = busy.transform(ignored -> work.get());
        busy = next;
        return next;
    }

    /** Runs {@code work} on the pipeline's context (peers' messages arrive on the API's). */
    private <T> Future<T> onPipeline(java.util.function.Supplier<Future<T>> work) {
        return Future.future(promise -> pipeline.context().runOnContext(ignored -> {
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        }));
    }
}
