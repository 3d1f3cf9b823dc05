package io.astraclear.node.consensus;

import io.astraclear.node.api.ApiRoutes;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.CommandId;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer side of the consensus network on this node's API server. Every route needs a peer's
 * bearer token. A message that does not parse is refused whole with 400 and has no effect; votes
 * that parse are verified by the pipeline one by one, and the answer says what became of each.
 *
 * <pre>
 * POST /api/v1/consensus/votes                 {"votes":[vote, ≤64]}        → {"results":[{"outcome"}]}
 * GET  /api/v1/consensus/votes?commandId=0x..                               → {"votes":[...]}
 * POST /api/v1/consensus/votes/lookup          {"commandIds":[≤256]}        → {"votes":[...]}
 * POST /api/v1/consensus/netting               a round proposal with endorsements
 * GET  /api/v1/consensus/netting/{round}       what this node holds for the round (404: nothing)
 * POST /api/v1/consensus/validator-sets        a validator-set update with approvals
 * GET  /api/v1/consensus/validator-sets/{nonce}
 * GET  /api/v1/consensus/status                peers, queues, rejections
 * </pre>
 */
public final class ConsensusRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusRoutes.class);
    private static final String PEER = "astra.peer";
    private static final long MAX_BODY_BYTES = 256 * 1024;
    private static final Pattern KEY = Pattern.compile("[0-9]{1,19}");

    private final NetworkConsensus network;

    public ConsensusRoutes(NetworkConsensus network) {
        this.network = network;
    }

    @Override
    public void mount(Router router) {
        router.route("/api/v1/consensus/*").handler(this::authenticate);
        router.route("/api/v1/consensus/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/v1/consensus/votes").handler(this::receiveVotes);
        router.get("/api/v1/consensus/votes").handler(this::votesOfCommand);
        router.post("/api/v1/consensus/votes/lookup").handler(this::lookupVotes);
        router.get("/api/v1/consensus/status").handler(this::status);
        for (Topic topic : Topic.values()) {
            router.post("/api/v1/consensus/" + topic.path()).handler(ctx -> receive(ctx, topic));
            router.get("/api/v1/consensus/" + topic.path() + "/:key").handler(ctx -> answer(ctx, topic));
        }
    }

    private void authenticate(RoutingContext ctx) {
        Optional<String> peer = network.authenticate(ctx.request().getHeader("authorization"));
        if (peer.isEmpty()) {
            fail(ctx, 401, "UNAUTHENTICATED", "consensus routes need 'Authorization: Bearer <peer token>' of a configured peer");
            return;
        }
        ctx.put(PEER, peer.get());
        ctx.next();
    }

    private void receiveVotes(RoutingContext ctx) {
        String peer = ctx.get(PEER);
        List<Vote> votes;
        try {
            votes = ConsensusJson.parseVotes(body(ctx), ConsensusJson.MAX_VOTES_PER_MESSAGE);
        } catch (IllegalArgumentException e) {
            malformed(ctx, peer, e.getMessage());
            return;
        }
        respond(ctx, network.receiveVotes(peer, votes));
    }

    private void votesOfCommand(RoutingContext ctx) {
        CommandId commandId;
        try {
            commandId = CommandId.of(ctx.request().getParam("commandId"));
        } catch (IllegalArgumentException | NullPointerException e) {
            malformed(ctx, ctx.get(PEER), "commandId: " + (e.getMessage() == null ? "missing" : e.getMessage()));
            return;
        }
        respond(ctx, network.lookupVotes(List.of(commandId)));
    }

    private void lookupVotes(RoutingContext ctx) {
        List<CommandId> ids;
        try {
            ids = ConsensusJson.parseCommandIds(body(ctx));
        } catch (IllegalArgumentException e) {
            malformed(ctx, ctx.get(PEER), e.getMessage());
            return;
        }
        respond(ctx, network.lookupVotes(ids));
    }

    private void status(RoutingContext ctx) {
        ctx.json(network.status());
    }

    private void receive(RoutingContext ctx, Topic topic) {
        String peer = ctx.get(PEER);
        JsonObject message;
        try {
            message = body(ctx);
        } catch (IllegalArgumentException e) {
            malformed(ctx, peer, e.getMessage());
            return;
        }
        respond(ctx, network.receive(topic, peer, message).recover(failure -> failure instanceof IllegalArgumentException
                ? Future.failedFuture(new Malformed(failure.getMessage()))
                : Future.failedFuture(failure)));
    }

    private void answer(RoutingContext ctx, Topic topic) {
        String key = ctx.pathParam("key");
        if (key == null || !KEY.matcher(key).matches()) {
            malformed(ctx, ctx.get(PEER), topic.path() + " key: a number, got '" + key + "'");
            return;
        }
        network.answer(topic, key).onSuccess(found -> {
            if (found.isPresent()) {
                ctx.json(found.get());
            } else {
                fail(ctx, 404, "NOT_FOUND", "nothing held for " + topic.path() + " " + key);
            }
        }).onFailure(failure -> error(ctx, failure));
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("the message needs a JSON object body");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the message is not a JSON object");
        }
    }

    private void malformed(RoutingContext ctx, String peer, String reason) {
        network.malformed(peer, reason);
        fail(ctx, 400, "MALFORMED_MESSAGE", reason);
    }

    private void respond(RoutingContext ctx, Future<JsonObject> answer) {
        answer.onSuccess(ctx::json).onFailure(failure -> error(ctx, failure));
    }

    private void error(RoutingContext ctx, Throwable failure) {
        if (failure instanceof Malformed malformed) {
            malformed(ctx, ctx.get(PEER), malformed.getMessage());
        } else if (failure instanceof NetworkConsensus.Overloaded) {
            ctx.response().putHeader("retry-after", "1");
            fail(ctx, 503, "OVERLOADED", failure.getMessage());
        } else if (failure instanceof IllegalStateException) {
            fail(ctx, 409, "NOT_NOW", failure.getMessage());
        } else {
            LOG.error("consensus request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
            fail(ctx, 500, "INTERNAL", "the node could not complete the request; see its log");
        }
    }

    private static void fail(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
    }

    /** A message that parsed as JSON but not as what its topic expects. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
