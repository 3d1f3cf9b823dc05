package io.astraclear.node.api;

import io.astraclear.node.pipeline.LedgerStateHash;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/ledger/state-hash}: a digest of this node's ledger (balances and netting
 * rounds) that every validator with the same ledger shares, so anyone can compare nodes.
 */
final class LedgerStateRoutes {
    private final ApiDependencies dependencies;

    LedgerStateRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/ledger/state-hash", Access.READ, this::stateHash);
    }

    private void stateHash(RoutingContext ctx) {
        Requests.respond(ctx, 200, LedgerStateHash.read(dependencies.storage()).map(state -> new JsonObject()
                .put("stateHash", state.stateHash().value())
                .put("balancesDigest", state.balancesDigest().value())
                .put("nettingRounds", state.nettingRounds())
                .put("lastRoundInputDigest", state.lastRoundInputDigest().map(digest -> digest.value()).orElse(null))));
    }
}
