package io.astraclear.node.consensus;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.storage.VoteOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The consensus of a network with no peers: the validator set comes from configuration (in dev
 * mode, this node alone, threshold 1) and there is nobody to send votes to or hear from. The
 * pipeline counts votes exactly as it does with peers.
 */
public final class SoloConsensus implements Consortium {
    private volatile ValidatorSet validators;

    public SoloConsensus(ValidatorSet validators) {
        this.validators = validators;
    }

    @Override
    public ValidatorSet validatorSet() {
        return validators;
    }

    @Override
    public boolean networked() {
        return false;
    }

    @Override
    public void validatorSets(ValidatorSet active, Optional<ValidatorSet> next) {
        this.validators = active;
    }

    @Override
    public CompletionStage<Void> publish(Vote vote) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onPeerVote(Function<Vote, CompletionStage<VoteOutcome>> receiver) {
        // no peers
    }

    @Override
    public void broadcast(Topic topic, JsonObject message) {
        // no peers
    }

    @Override
    public Future<List<JsonObject>> ask(Topic topic, JsonObject message) {
        return Future.succeededFuture(List.of());
    }

    @Override
    public Future<List<JsonObject>> query(Topic topic, String key) {
        return Future.succeededFuture(List.of());
    }

    @Override
    public void onMessage(Topic topic, Function<JsonObject, Future<JsonObject>> receiver) {
        // no peers
    }

    @Override
    public void onQuery(Topic topic, Function<String, Future<Optional<JsonObject>>> answer) {
        // no peers
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("mode", "solo").put("peers", new io.vertx.core.json.JsonArray());
    }

    @Override
    public void close() {}
}
