package io.astraclear.node.api;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Dev mode only: {@code POST /api/v1/dev/transfers} pays on chain from a demo account, so the whole flow runs from curl. */
final class DevRoutes {
    private final ApiDependencies dependencies;

    DevRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.post("/api/v1/dev/transfers", Access.ADMIN, Optional.of("sendDevTransfer"), this::send);
    }

    private void send(RoutingContext ctx) {
        DevTransfers transfers = dependencies.devTransfers()
                .orElseThrow(() -> ApiException.notFound("dev endpoints exist in dev mode only (./astra dev)"));
        JsonObject body = Requests.body(ctx);
        BankId from = Requests.parse("from", () -> BankId.of(body.getString("from")));
        BankId to = Requests.parse("to", () -> BankId.of(body.getString("to")));
        Amount amount = Requests.parse("amount", () -> Amount.parse(body.getString("amount")));
        if (amount.isZero()) {
            throw ApiException.invalidField("amount", "must be positive");
        }
        Requests.respond(ctx, 202, transfers.send(from, to, amount).map(sent -> JsonViews.devTransfer(sent, from, to, amount.toString())));
    }
}
