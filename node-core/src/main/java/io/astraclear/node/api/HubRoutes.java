package io.astraclear.node.api;

import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.HubHead;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The hub itself: {@code GET /api/v1/hub} (engine, height, app hash, last block time, validator set
 * and threshold, transactions waiting), its transaction log, one transaction by hash (how a 202's
 * caller learns the outcome), and {@code POST /api/v1/hub/transactions}: a transaction signed
 * elsewhere (a bank's operator key, a validator's), whose signature is its authority.
 */
final class HubRoutes {
    private final ApiDependencies dependencies;

    HubRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/hub", Access.READ, this::hub);
        routes.get("/api/v1/hub/transactions", Access.CONSORTIUM_READ, this::transactions);
        routes.get("/api/v1/hub/transactions/:hash", Access.READ, this::transaction);
        routes.post("/api/v1/hub/transactions", Access.READ, Optional.of("submitTransaction"), this::submit);
    }

    private void hub(RoutingContext ctx) {
        HubHead head = dependencies.node().committedHead();
        EngineStatus engine = dependencies.node().engine();
        Requests.respond(ctx, 200, dependencies.node().validatorSets().map(sets -> {
            JsonObject json = new JsonObject()
                    .put("chainId", dependencies.genesis().chainId())
                    .put("genesisHash", head.genesisHash().value())
                    .put("engine", new JsonObject()
                            .put("name", engine.engine())
                            .put("status", engine.healthy() ? "UP" : "DOWN")
                            .put("waitingTransactions", engine.waitingTransactions()))
                    .put("height", head.height())
                    .put("appHash", head.appHash().value())
                    .put("lastBlockTime", head.time().toString())
                    .put("validators", JsonViews.set(sets.active()))
                    .put("nettingStrategy", new JsonObject()
                            .put("id", dependencies.genesis().nettingStrategyId())
                            .put("version", dependencies.genesis().nettingStrategyVersion()));
            engine.problem().ifPresent(problem -> json.getJsonObject("engine").put("problem", problem));
            sets.next().ifPresent(next -> json.put("nextValidators", JsonViews.set(next)));
            return json;
        }));
    }

    private void transactions(RoutingContext ctx) {
        Optional<String> cursor = Requests.cursor(ctx);
        Future<JsonObject> page = Future.fromCompletionStage(dependencies.store().transactions(cursor, Requests.limit(ctx)), ctx.vertx().getOrCreateContext())
                .map(found -> {
                    JsonObject json = new JsonObject().put("items", new JsonArray(found.items().stream().map(tx -> (Object) JsonViews.transaction(tx)).toList()));
                    found.nextCursor().ifPresent(next -> json.put("nextCursor", next));
                    return json;
                });
        Requests.respond(ctx, 200, Requests.cursorChecked(page, cursor));
    }

    private void transaction(RoutingContext ctx) {
        Bytes32 hash = Requests.parse("hash", () -> Bytes32.of(ctx.pathParam("hash")));
        Requests.respond(ctx, 200, Future.fromCompletionStage(dependencies.store().transaction(hash), ctx.vertx().getOrCreateContext())
                .map(found -> JsonViews.transaction(found.orElseThrow(() -> ApiException.notFound("transaction " + hash
                        + " is in no committed block (yet): it may still wait in the engine's pool, or it was never admitted")))));
    }

    private void submit(RoutingContext ctx) {
        Bytes transaction = Requests.parse("transaction", () -> Bytes.fromHex(Requests.body(ctx).getString("transaction")));
        java.time.Duration wait = dependencies.config().api().requestTimeout().dividedBy(2);
        Requests.respond(ctx, dependencies.operations().submitTransaction().submit(transaction, wait),
                committed -> JsonViews.transaction(committed.record()));
    }
}
