package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.TransferQuery;
import io.astraclear.ports.state.TransferStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Transfers: the filtered, paged listing and one transfer with its whole history. */
final class TransferRoutes {
    private final ApiDependencies dependencies;

    TransferRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/transfers", Access.READ, this::list);
        routes.get("/api/v1/transfers/:transferId", Access.READ, this::one);
    }

    private void list(RoutingContext ctx) {
        Principal principal = Requests.principal(ctx);
        Optional<TransferStatus> status = Requests.query(ctx, "status").map(text -> Requests.parse("status", () -> {
            try {
                return TransferStatus.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be one of " + Arrays.toString(TransferStatus.values()));
            }
        }));
        Optional<BankId> bank = Requests.query(ctx, "bank").map(text -> Requests.parse("bank", () -> BankId.of(text)));
        Optional<BankId> scope = principal.bankScope();
        if (scope.isPresent()) {
            if (bank.isPresent() && !bank.equals(scope)) {
                throw ApiException.forbidden("token '" + principal.tokenName() + "' reads the transfers of " + scope.get() + " only");
            }
            bank = scope;
        }
        Optional<Instant> from = Requests.query(ctx, "observedFrom").map(text -> Requests.parse("observedFrom", () -> instant(text)));
        Optional<Instant> to = Requests.query(ctx, "observedTo").map(text -> Requests.parse("observedTo", () -> instant(text)));
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ApiException.invalidField("observedTo", "must be after observedFrom");
        }
        Optional<String> cursor = Requests.cursor(ctx);
        TransferQuery query = new TransferQuery(status, bank, from, to, cursor, Requests.limit(ctx));
        Future<JsonObject> page = Future.fromCompletionStage(dependencies.store().transfers(query), ctx.vertx().getOrCreateContext())
                .map(found -> {
                    JsonObject json = new JsonObject().put("items", new JsonArray(found.items().stream().map(JsonViews::transferSummary).toList()));
                    found.nextCursor().ifPresent(next -> json.put("nextCursor", next));
                    return json;
                });
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 UTC time such as 2025-03-01T09:00:00Z");
        }
    }

    private void one(RoutingContext ctx) {
        TransferId transferId = Requests.parse("transferId", () -> TransferId.of(ctx.pathParam("transferId")));
        Principal principal = Requests.principal(ctx);
        var store = dependencies.store();
        var context = ctx.vertx().getOrCreateContext();
        Requests.respond(ctx, 200, Future.fromCompletionStage(store.transfer(transferId), context).compose(found -> {
            if (found.isEmpty() || !principal.maySee(found.get().sourceBank(), found.get().destinationBank())) {
                // another bank's transfer is as absent for a bank token as an unknown one
                return Future.failedFuture(ApiException.notFound("no transfer " + transferId));
            }
            HubTransfer transfer = found.get();
            if (transfer.batch().isEmpty()) {
                return Future.succeededFuture(JsonViews.transfer(transfer, Optional.empty()));
            }
            return Future.fromCompletionStage(store.batch(transfer.batch().get()), context).map(batch -> JsonViews.transfer(transfer, batch));
        }));
    }
}
