package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.TransferQuery;
import io.astraclear.ports.state.TransferStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Transfers: the filtered, paged listing and one transfer with its attestations, confirmation, batch and mint. */
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
        Optional<TransferStatus> status = Requests.query(ctx, "status").map(text -> Requests.parse("status", () -> status(text)));
        Optional<BankId> bank = Requests.bankFilter(ctx, "transfers");
        Optional<Instant> from = Requests.query(ctx, "observedFrom").map(text -> Requests.parse("observedFrom", () -> instant(text)));
        Optional<Instant> to = Requests.query(ctx, "observedTo").map(text -> Requests.parse("observedTo", () -> instant(text)));
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ApiException.invalidField("observedTo", "must be after observedFrom");
        }
        Optional<String> cursor = Requests.cursor(ctx);
        TransferQuery query = new TransferQuery(status, bank, from, to, cursor, Requests.limit(ctx));
        Future<JsonObject> page = Requests.read(ctx, dependencies.store().transfers(query)).map(found -> JsonViews.page(found, JsonViews::transferSummary));
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private static TransferStatus status(String text) {
        try {
            return TransferStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of " + Arrays.toString(TransferStatus.values()));
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 UTC time such as 2026-03-01T09:00:00Z");
        }
    }

    private void one(RoutingContext ctx) {
        TransferId transferId = Requests.parse("transferId", () -> TransferId.of(ctx.pathParam("transferId")));
        Principal principal = Requests.principal(ctx);
        Requests.respond(ctx, 200, Requests.read(ctx, dependencies.store().transfer(transferId)).compose(found -> {
            if (found.isEmpty() || !principal.maySee(found.get().sourceBank(), found.get().destinationBank())) {
                // another bank's transfer is as absent for a bank token as an unknown one
                return Future.failedFuture(ApiException.notFound("no transfer " + transferId));
            }
            HubTransfer transfer = found.get();
            if (transfer.batch().isEmpty()) {
                return Future.succeededFuture(JsonViews.transfer(transfer, Optional.empty(), principal.bankScope()));
            }
            return Requests.read(ctx, dependencies.store().batch(transfer.batch().get()))
                    .map(batch -> JsonViews.transfer(transfer, batch, principal.bankScope()));
        }));
    }
}
