package io.astraclear.node.consensus;

import io.astraclear.ports.consensus.VoteNetwork;
import io.astraclear.ports.domain.ValidatorSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validator network as the node's services see it: the vote exchange of {@link VoteNetwork}
 * plus the other agreements validators sign (netting rounds, validator-set updates), which travel
 * as JSON messages per {@link Topic}. Every message is self-authenticating: its signatures are
 * checked by the service that receives it, never trusted because of who sent it.
 */
public interface Consortium extends VoteNetwork {
    /** Whether there are peers at all; without, every agreement is this node's alone. */
    boolean networked();

    /** Replaces the validator sets: {@code active} counts, {@code next} is agreed and on its way to the Executors. */
    void validatorSets(ValidatorSet active, Optional<ValidatorSet> next);

    /** Sends {@code message} to every peer, best effort with bounded retries; a down peer asks later. */
    void broadcast(Topic topic, JsonObject message);

    /**
     * Sends {@code message} to every peer at once (no retry) and completes with the answers that
     * came in time; a peer that is down, slow or refuses is left out.
     */
    Future<List<JsonObject>> ask(Topic topic, JsonObject message);

    /** Asks every peer for what it holds under {@code key}; completes with the answers that came in time. */
    Future<List<JsonObject>> query(Topic topic, String key);

    /** The receiver of peers' messages of {@code topic}: its answer goes back to the peer; a failure is a 400 or 409. */
    void onMessage(Topic topic, Function<JsonObject, Future<JsonObject>> receiver);

    /** What this node holds under {@code key} for a peer's query. */
    void onQuery(Topic topic, Function<String, Future<Optional<JsonObject>>> answer);

    /** For operators: peers, their queues and failures, rejected messages. */
    JsonObject status();
}
