package io.astraclear.node.api;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.BatchId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** The hub's mint batches: newest first (optionally of one destination bank), and one with its commands and signatures. */
final class BatchRoutes {
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[1-9][0-9]{0,17}");

    private final ApiDependencies dependencies;

    BatchRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/batches", Access.READ, this::list);
        routes.get("/api/v1/batches/:bankId/:number", Access.READ, this::one);
    }

    private void list(RoutingContext ctx) {
        Optional<BankId> bank = Requests.query(ctx, "bank").map(text -> Requests.parse("bank", () -> BankId.of(text)));
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        if (scope.isPresent()) {
            if (bank.isPresent() && !bank.equals(scope)) {
                throw ApiException.forbidden("token '" + Requests.principal(ctx).tokenName() + "' reads the batches of " + scope.get() + " only");
            }
            bank = scope;
        }
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = Future.fromCompletionStage(dependencies.store().batches(bank, cursor, Requests.limit(ctx)), ctx.vertx().getOrCreateContext())
                .map(found -> {
                    JsonObject json = new JsonObject().put("items", new JsonArray(found.items().stream().map(batch -> (Object) JsonViews.batch(batch)).toList()));
                    found.nextCursor().ifPresent(next -> json.put("nextCursor", next));
                    return json;
                });
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void one(RoutingContext ctx) {
        BankId bank = Requests.parse("bankId", () -> BankId.of(ctx.pathParam("bankId")));
        String number = ctx.pathParam("number");
        if (!NUMBER.matcher(number).matches()) {
            throw ApiException.invalidField("number", "must be a positive whole number");
        }
        if (!Requests.principal(ctx).maySee(bank)) {
            throw ApiException.notFound("no batch " + bank + "/" + number);
        }
        BatchId id = new BatchId(bank, Long.parseLong(number));
        Requests.respond(ctx, 200, Future.fromCompletionStage(dependencies.store().batch(id), ctx.vertx().getOrCreateContext())
                .map(found -> JsonViews.batch(found.orElseThrow(() -> ApiException.notFound("no batch " + id)))));
    }
}
