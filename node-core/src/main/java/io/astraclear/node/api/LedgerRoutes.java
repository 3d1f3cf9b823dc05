package io.astraclear.node.api;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.SettlementRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** The ledger, its journal, the settlement instructions that remain after netting, and settlements: confirming one and the record of them. */
final class LedgerRoutes {
    private final ApiDependencies dependencies;

    LedgerRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/ledger", Access.READ, this::ledger);
        routes.get("/api/v1/ledger/journal", Access.CONSORTIUM_READ, this::journal);
        routes.get("/api/v1/settlements", Access.READ, this::settlements);
        routes.get("/api/v1/settlements/confirmed", Access.READ, this::confirmed);
        routes.post("/api/v1/settlements/confirm", Access.ADMIN, Optional.of("confirmSettlement"), this::confirmSettlement);
    }

    private <T> Future<T> on(RoutingContext ctx, java.util.concurrent.CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
    }

    private void ledger(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, on(ctx, dependencies.store().balances()).map(balances -> JsonViews.ledger(balances, scope)));
    }

    private void journal(RoutingContext ctx) {
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = on(ctx, dependencies.store().journal(cursor, Requests.limit(ctx))).map(found -> {
            JsonObject json = new JsonObject().put("items", new JsonArray(found.items().stream().map(entry -> (Object) JsonViews.journal(new JsonObject(), entry)).toList()));
            found.nextCursor().ifPresent(next -> json.put("nextCursor", next));
            return json;
        });
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void settlements(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, on(ctx, dependencies.store().balances()).map(balances -> new JsonObject().put("instructions",
                new JsonArray(JsonViews.visible(balances.obligations(), scope).stream().map(LedgerRoutes::instruction).toList()))));
    }

    private static Object instruction(Obligation o) {
        return new JsonObject()
                .put("debtor", o.debtor().value())
                .put("creditor", o.creditor().value())
                .put("amount", o.amount().toString())
                .put("instruction", o.debtor() + " pays " + o.creditor() + " " + o.amount());
    }

    private void confirmed(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = on(ctx, dependencies.store().settlements(cursor, Requests.limit(ctx))).map(found -> {
            JsonObject json = new JsonObject().put("items", new JsonArray(found.items().stream()
                    .filter(settlement -> scope.map(bank -> bank.equals(settlement.debtor()) || bank.equals(settlement.creditor())).orElse(true))
                    .map(settlement -> (Object) JsonViews.settlement(settlement)).toList()));
            found.nextCursor().ifPresent(next -> json.put("nextCursor", next));
            return json;
        });
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    /** The creditor confirms a payment made outside the system: a ConfirmSettlement with its operator key, which this node holds. */
    private void confirmSettlement(RoutingContext ctx) {
        JsonObject body = Requests.body(ctx);
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
        Requests.parse("reference", () -> {
            HubTransaction.ConfirmSettlement.checkReference(reference == null ? "" : reference);
            return reference;
        });
        Requests.respond(ctx, dependencies.operations().confirmSettlement().confirm(debtor, creditor, amount, reference, waitForBlock()), committed -> {
            Optional<SettlementRecord> settlement = committed.block().settlements().stream()
                    .filter(s -> s.creditor().equals(creditor) && s.reference().equals(reference)).findFirst();
            JsonObject json = new JsonObject().put("debtor", debtor.value()).put("creditor", creditor.value()).put("amount", amount.toString())
                    .put("reference", reference).put("log", committed.record().result().log());
            settlement.ifPresent(s -> json.put("journalEntry", s.journalSequence()).put("at", s.time().toString()));
            return json;
        });
    }

    private java.time.Duration waitForBlock() {
        return dependencies.config().api().requestTimeout().dividedBy(2);
    }

    private BankId knownBank(String field, String text) {
        BankId bank = Requests.parse(field, () -> BankId.of(text));
        if (dependencies.genesis().bank(bank).isEmpty()) {
            throw new ApiException(400, "UNKNOWN_BANK", field + ": no bank " + bank + " in this consortium", new JsonObject().put("field", field));
        }
        return bank;
    }
}
