package io.astraclear.node.api;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.SettlementRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The ledger and its journal, the settlement instructions that remain after netting, the
 * settlements confirmed, and confirming one. A bank token sees the pairs, entries and settlements
 * its bank is part of.
 */
final class LedgerRoutes {
    private final ApiDependencies dependencies;

    LedgerRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/ledger", Access.READ, this::ledger);
        routes.get("/api/v1/ledger/journal", Access.READ, this::journal);
        routes.get("/api/v1/settlements", Access.READ, this::instructions);
        routes.get("/api/v1/settlements/confirmed", Access.READ, this::confirmed);
        routes.post("/api/v1/settlements/confirm", Access.ADMIN, Optional.of("confirmSettlement"), this::confirm);
    }

    private void ledger(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, Requests.read(ctx, dependencies.store().balances()).map(balances -> JsonViews.ledger(balances, scope)));
    }

    private void journal(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = ScopedListing.<JournalEntry>read((from, size) -> Requests.read(ctx, dependencies.store().journal(from, size)),
                        cursor, Requests.limit(ctx), entry -> scope.map(bank -> bank.equals(entry.issuer()) || bank.equals(entry.holder())).orElse(true))
                .map(found -> JsonViews.page(found, JsonViews::journalEntry));
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void instructions(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Requests.respond(ctx, 200, Requests.read(ctx, dependencies.store().balances()).map(balances -> JsonViews.settlementInstructions(balances, scope)));
    }

    private void confirmed(RoutingContext ctx) {
        Optional<BankId> scope = Requests.principal(ctx).bankScope();
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = ScopedListing.<SettlementRecord>read((from, size) -> Requests.read(ctx, dependencies.store().settlements(from, size)),
                        cursor, Requests.limit(ctx), settlement -> scope.map(bank -> bank.equals(settlement.debtor()) || bank.equals(settlement.creditor())).orElse(true))
                .map(found -> JsonViews.page(found, JsonViews::settlement));
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    /**
     * The creditor confirms a payment made outside the system: a ConfirmSettlement signed with its
     * operator key, which this node must hold. 201 with the settlement the block recorded (none
     * when the same settlement was confirmed before: its log says at which height).
     */
    private void confirm(RoutingContext ctx) {
        JsonObject body = Requests.body(ctx);
        BankId debtor = Requests.parse("debtor", () -> BankId.of(body.getString("debtor")));
        BankId creditor = Requests.parse("creditor", () -> BankId.of(body.getString("creditor")));
        if (debtor.equals(creditor)) {
            throw ApiException.invalidField("creditor", "must differ from debtor");
        }
        Amount amount = Requests.parse("amount", () -> Amount.parse(body.getString("amount")));
        if (amount.isZero()) {
            throw ApiException.invalidField("amount", "must be positive");
        }
        String reference = Requests.parse("reference", () -> {
            HubTransaction.ConfirmSettlement.checkReference(body.getString("reference"));
            return body.getString("reference");
        });
        Duration wait = dependencies.config().api().requestTimeout().dividedBy(2);
        Requests.respond(ctx, dependencies.operations().confirmSettlement().confirm(debtor, creditor, amount, reference, wait), committed -> {
            JsonObject json = new JsonObject().put("debtor", debtor.value()).put("creditor", creditor.value()).put("amount", amount.toString())
                    .put("reference", reference);
            committed.block().settlements().stream()
                    .filter(s -> s.creditor().equals(creditor) && s.reference().equals(reference))
                    .findFirst()
                    .ifPresent(settlement -> json.put("settlement", JsonViews.settlement(settlement)));
            return json;
        });
    }
}
