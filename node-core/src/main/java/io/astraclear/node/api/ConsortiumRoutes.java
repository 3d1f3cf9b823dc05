package io.astraclear.node.api;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.BankId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Who is in the consortium: banks with their chains, contracts and operator keys, the active validators, the plugins. */
final class ConsortiumRoutes {
    private final ApiDependencies dependencies;

    ConsortiumRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/banks", Access.READ, this::banks);
        routes.get("/api/v1/banks/:bankId", Access.READ, this::bank);
        routes.get("/api/v1/validators", Access.READ, this::validators);
        routes.get("/api/v1/plugins", Access.READ, this::plugins);
    }

    private void banks(RoutingContext ctx) {
        ctx.json(new JsonObject().put("items", new JsonArray(dependencies.config().banks().stream()
                .map(bank -> (Object) JsonViews.bank(bank, dependencies.genesis().bank(bank.id()))).toList())));
    }

    private void bank(RoutingContext ctx) {
        BankId id = Requests.parse("bankId", () -> BankId.of(ctx.pathParam("bankId")));
        NodeConfig.Bank bank = dependencies.config().bank(id).orElseThrow(() -> ApiException.notFound("no bank " + id + " in this consortium"));
        ctx.json(JsonViews.bank(bank, dependencies.genesis().bank(id)));
    }

    private void validators(RoutingContext ctx) {
        Requests.respond(ctx, 200, CommittedSets.read(ctx, dependencies.store(), dependencies.genesis()).map(sets -> JsonViews.set(sets.active())));
    }

    private void plugins(RoutingContext ctx) {
        ctx.json(JsonViews.plugins(dependencies.plugins()));
    }
}
