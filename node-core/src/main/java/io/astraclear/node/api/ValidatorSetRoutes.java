package io.astraclear.node.api;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.hub.HubTransaction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
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
        Requests.respond(ctx, 200, CommittedSets.read(ctx, dependencies.store(), dependencies.genesis()).map(JsonViews::validatorSets));
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
        List<Address> ascending = validators.stream().sorted().toList();
        // the set as the hub will hold it: 1 to 64 distinct, non-zero addresses
        Requests.parse("validators", () -> new HubTransaction.ApproveValidatorSet(nonce, ascending));
        Duration wait = dependencies.config().api().requestTimeout().dividedBy(2);
        Requests.respond(ctx, dependencies.operations().approveValidatorSet().approve(nonce, ascending, wait), committed -> {
            JsonObject json = new JsonObject().put("nonce", nonce).put("validators", JsonViews.addresses(ascending));
            committed.block().validatorSets().ifPresent(sets -> json.put("validatorSets", JsonViews.validatorSets(sets)));
            return json;
        });
    }
}
