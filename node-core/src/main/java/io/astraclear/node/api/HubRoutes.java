package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.state.TxRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The hub itself: {@code GET /api/v1/hub} (engine, height, app hash, last block time, validator set
 * and threshold, transactions waiting), its transaction log, one transaction by hash (how the caller
 * of a 202 learns the outcome), and {@code POST /api/v1/hub/transactions}: a transaction signed
 * elsewhere (a bank's operator key, a validator's), whose signature is its authority.
 *
 * <p>A bank token sees the transactions its bank's operator key sent, and no other: a record's log
 * can name other banks' amounts.
 */
final class HubRoutes {
    private final ApiDependencies dependencies;

    HubRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/hub", Access.READ, this::hub);
        routes.get("/api/v1/hub/transactions", Access.READ, this::transactions);
        routes.get("/api/v1/hub/transactions/:hash", Access.READ, this::transaction);
        routes.post("/api/v1/hub/transactions", Access.READ, Optional.of("submitTransaction"), this::submit);
    }

    private void hub(RoutingContext ctx) {
        var head = dependencies.node().committedHead();
        var engine = dependencies.node().engine();
        long lastEventId = dependencies.events().lastId();
        Requests.respond(ctx, 200, CommittedSets.read(ctx, dependencies.store(), dependencies.genesis())
                .map(sets -> JsonViews.hub(dependencies.genesis(), head, engine, sets, lastEventId)));
    }

    private void transactions(RoutingContext ctx) {
        Optional<String> cursor = Requests.cursor(ctx);
        int limit = Requests.limit(ctx);
        Optional<Address> operator = operatorOfScope(Requests.principal(ctx));
        Future<JsonObject> page = ScopedListing.<TxRecord>read(
                        (from, size) -> Requests.read(ctx, dependencies.store().transactions(from, size)), cursor, limit,
                        record -> visible(record, operator, Requests.principal(ctx)))
                .map(found -> JsonViews.page(found, JsonViews::transaction));
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void transaction(RoutingContext ctx) {
        Bytes32 hash = Requests.parse("hash", () -> Bytes32.of(ctx.pathParam("hash")));
        Principal principal = Requests.principal(ctx);
        Optional<Address> operator = operatorOfScope(principal);
        Requests.respond(ctx, 200, Requests.read(ctx, dependencies.store().transaction(hash))
                .map(found -> JsonViews.transaction(found.filter(record -> visible(record, operator, principal)).orElseThrow(() -> ApiException.notFound(
                        "transaction " + hash + " is in no committed block (yet): it may still wait in the engine's pool, or it was never admitted")))));
    }

    private void submit(RoutingContext ctx) {
        Bytes transaction = Requests.parse("transaction", () -> Bytes.fromHex(Requests.body(ctx).getString("transaction")));
        Duration wait = dependencies.config().api().requestTimeout().dividedBy(2);
        Requests.respond(ctx, dependencies.operations().submitTransaction().submit(transaction, wait), committed -> new JsonObject());
    }

    /** The operator address of a bank token's bank (empty for other tokens, and for a bank without one in the genesis). */
    private Optional<Address> operatorOfScope(Principal principal) {
        return principal.bankScope().flatMap(bank -> dependencies.genesis().bank(bank)).flatMap(HubMember::operator);
    }

    private static boolean visible(TxRecord record, Optional<Address> operator, Principal principal) {
        Optional<BankId> scope = principal.bankScope();
        return scope.isEmpty() || (operator.isPresent() && record.sender().equals(operator));
    }
}
