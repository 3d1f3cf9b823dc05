package io.astraclear.node.api;

import io.astraclear.ports.domain.Address;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validator-set rotation for operators. {@code GET /api/v1/validator-sets}: the active set, an
 * agreed next one, what each Executor holds and the approvals so far. {@code POST
 * /api/v1/validator-sets} (admin) with {@code {"nonce": n, "validators": ["0x..", ...]}}: this
 * validator approves that set (it signs the update for every Executor and tells its peers).
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
        ctx.json(dependencies.pipeline().rotation().status());
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
        Requests.respond(ctx, 202, dependencies.pipeline().rotation().approve(nonce, validators)
                .recover(failure -> Future.failedFuture(failure instanceof IllegalArgumentException
                        ? ApiException.conflict("NOT_APPROVED", failure.getMessage())
                        : failure)));
    }
}
