package io.astraclear.node.api;

import io.astraclear.ports.domain.Address;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validator-set rotation for operators. {@code GET /api/v1/validator-sets}: the active set, an
 * agreed next one, what each Executor holds, the approvals and set signatures so far. {@code POST
 * /api/v1/validator-sets} (admin) with {@code {"nonce": n, "validators": ["0x..", ...]}}: this
 * node's validator approves that set (an ApproveValidatorSet on the hub).
 */
final class ValidatorSetRoutes {
    private final ApiDependencies dependencies;

    ValidatorSetRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/validator-sets", Access.READ, this::status);
        routes.post("/api/v1/validator-sets", Access.ADMIN, Optional.of("approveValidatorSet"), this::approve);
    }

    private void status(RoutingContext ctx) {
        Requests.respond(ctx, 200, dependencies.node().validatorSets().map(JsonViews::validatorSets));
    }

    private void approve(RoutingContext ctx) {
        JsonObject body = Requests.body(ctx);
        long nonce = Requests.parse("nonce", () -> body.getLong("nonce"));
        JsonArray list = body.getJsonArray("validators");
        List<Address> validators = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            int at = index;
            validators.add(Requests.parse("validators[" + at + "]", () -> Address.of(list.getString(at))));
        }
        Requests.parse("validators", () -> new io.astraclear.ports.hub.HubTransaction.ApproveValidatorSet(nonce,
                validators.stream().sorted().toList()));
        java.time.Duration wait = dependencies.config().api().requestTimeout().dividedBy(2);
        Requests.respond(ctx, dependencies.operations().approveValidatorSet().approve(nonce, validators, wait),
                committed -> new JsonObject().put("nonce", nonce).put("log", committed.record().result().log()));
    }
}
