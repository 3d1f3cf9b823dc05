package io.astraclear.node.api;

import io.astraclear.ports.domain.BankId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Netting rounds: the record of every round, one round, and asking the hub for one now. */
final class NettingRoutes {
    private static final Pattern ROUND_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final ApiDependencies dependencies;

    NettingRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/netting/rounds", Access.READ, this::list);
        routes.post("/api/v1/netting/rounds", Access.ADMIN, Optional.empty(), this::run);
        routes.get("/api/v1/netting/rounds/:roundId", Access.READ, this::one);
    }

    private void list(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = Requests.read(ctx, dependencies.store().nettingRounds(cursor, Requests.limit(ctx)))
                .map(found -> JsonViews.page(found, round -> JsonViews.round(round, scope)));
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void one(RoutingContext ctx) {
        String text = ctx.pathParam("roundId");
        if (!ROUND_ID.matcher(text).matches()) {
            throw ApiException.invalidField("roundId", "must be a positive whole number");
        }
        long roundId = Long.parseLong(text);
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, Requests.read(ctx, dependencies.store().nettingRound(roundId))
                .map(found -> JsonViews.round(found.orElseThrow(() -> ApiException.notFound("no netting round " + roundId)), scope)));
    }

    /**
     * Asks the hub for a round now (a RequestNetting signed with this node's validator key): 201
     * with the round the block ran, or without one when there was nothing to net (its log says why).
     */
    private void run(RoutingContext ctx) {
        Duration wait = dependencies.config().api().requestTimeout().dividedBy(2);
        Requests.respond(ctx, dependencies.operations().requestNetting().request(wait), committed -> {
            JsonObject json = new JsonObject();
            committed.block().nettingRounds().stream().findFirst().ifPresent(round -> json.put("round", JsonViews.round(round, Optional.empty())));
            return json;
        });
    }
}
