package io.astraclear.node.api;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.BatchId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hub's mint batches: newest first (optionally of one destination bank), and one with its
 * commands and signatures. A bank token sees the batches minting to its bank.
 */
final class BatchRoutes {
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");

    private final ApiDependencies dependencies;

    BatchRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/batches", Access.READ, this::list);
        routes.get("/api/v1/batches/:bankId/:number", Access.READ, this::one);
    }

    private void list(RoutingContext ctx) {
        Optional<BankId> bank = Requests.bankFilter(ctx, "batches");
        Optional<String> cursor = Requests.cursor(ctx);
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Future<JsonObject> page = Requests.read(ctx, dependencies.store().batches(bank, cursor, Requests.limit(ctx)))
                .map(found -> JsonViews.page(found, batch -> JsonViews.batch(batch, scope)));
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void one(RoutingContext ctx) {
        BankId bank = Requests.parse("bankId", () -> BankId.of(ctx.pathParam("bankId")));
        String number = ctx.pathParam("number");
        if (!NUMBER.matcher(number).matches()) {
            throw ApiException.invalidField("number", "must be a positive whole number");
        }
        BatchId id = new BatchId(bank, Long.parseLong(number));
        if (!Requests.principal(ctx).maySee(bank)) {
            // another bank's batch is as absent for a bank token as an unknown one
            throw ApiException.notFound("no batch " + id);
        }
        Requests.respond(ctx, 200, Requests.read(ctx, dependencies.store().batch(id))
                .map(found -> JsonViews.batch(found.orElseThrow(() -> ApiException.notFound("no batch " + id)), Optional.empty())));
    }
}
