package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.RejectionCode;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** The ledger, the settlement instructions that remain after netting, their confirmation, and the audit log. */
final class LedgerRoutes {
    private final ApiDependencies dependencies;

    LedgerRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/ledger", Access.READ, this::ledger);
        routes.get("/api/v1/settlements", Access.READ, this::settlements);
        routes.post("/api/v1/settlements/confirm", Access.ADMIN, Optional.of("confirmSettlement"), this::confirmSettlement);
        routes.get("/api/v1/audit", Access.CONSORTIUM_READ, this::audit);
    }

    private <T> Future<T> on(RoutingContext ctx, java.util.concurrent.CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
    }

    private void ledger(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, on(ctx, dependencies.storage().balances()).map(balances -> JsonViews.ledger(balances, scope)));
    }

    private void settlements(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, on(ctx, dependencies.storage().balances()).map(balances -> new JsonObject().put("instructions",
                new JsonArray(JsonViews.visible(balances.obligations(), scope).stream().map(LedgerRoutes::instruction).toList()))));
    }

    private static Object instruction(Obligation o) {
        return new JsonObject()
                .put("debtor", o.debtor().value())
                .put("creditor", o.creditor().value())
                .put("amount", o.amount().toString())
                .put("instruction", o.debtor() + " pays " + o.creditor() + " " + o.amount());
    }

    private void confirmSettlement(RoutingContext ctx) {
        JsonObject body = Requests.body(ctx);
        Principal principal = Requests.principal(ctx);
        BankId debtor = knownBank("debtor", body.getString("debtor"));
        BankId creditor = knownBank("creditor", body.getString("creditor"));
        if (debtor.equals(creditor)) {
            throw ApiException.invalidField("creditor", "must differ from debtor");
        }
        Amount amount = Requests.parse("amount", () -> Amount.parse(body.getString("amount")));
        if (amount.isZero()) {
            throw ApiException.invalidField("amount", "must be positive");
        }
        String reference = body.getString("reference");
        Instant at = dependencies.clock().instant().truncatedTo(ChronoUnit.MICROS);
        Requests.respond(ctx, 201, on(ctx, dependencies.storage().confirmSettlement(debtor, creditor, amount, reference, principal.actor(), at))
                .map(result -> switch (result) {
                    case WriteResult.Applied<LedgerEntry> applied -> {
                        // a repeated confirmation returns the entry stored the first time (an earlier time): only a new one is an event
                        if (applied.value().at().equals(at)) {
                            dependencies.events().publish(NodeEvent.SETTLEMENT_CONFIRMED, Map.of(
                                    "debtor", debtor.value(), "creditor", creditor.value(), "amount", amount.toString(),
                                    "reference", reference, "entry", Long.toString(applied.value().sequence()), "actor", principal.actor()));
                        }
                        yield new JsonObject()
                                .put("debtor", debtor.value()).put("creditor", creditor.value())
                                .put("amount", amount.toString()).put("reference", reference)
                                .put("entry", applied.value().sequence())
                                .put("at", applied.value().at().toString());
                    }
                    case WriteResult.Rejected<LedgerEntry> rejected -> throw RejectionCode.INVALID_SETTLEMENT.equals(rejected.code())
                            ? ApiException.badRequest(rejected.code(), rejected.message())
                            : ApiException.conflict(rejected.code(), rejected.message());
                }));
    }

    private BankId knownBank(String field, String text) {
        BankId bank = Requests.parse(field, () -> BankId.of(text));
        if (dependencies.config().bank(bank).isEmpty()) {
            throw new ApiException(400, "UNKNOWN_BANK", field + ": no bank " + bank + " in this consortium", new JsonObject().put("field", field));
        }
        return bank;
    }

    private void audit(RoutingContext ctx) {
        Optional<String> cursor = Requests.cursor(ctx);
        int limit = Requests.limit(ctx);
        Future<JsonObject> page = on(ctx, dependencies.storage().auditLog(cursor, limit)).map(found -> {
            JsonObject json = new JsonObject().put("items", new JsonArray(found.items().stream().map(JsonViews::audit).toList()));
            found.nextCursor().ifPresent(next -> json.put("nextCursor", next));
            return json;
        });
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }
}
