package io.astraclear.node.api;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.Address;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** {@code GET /api/v1/node}: which node answers — name, version, mode, its validator address, consensus, storage, uptime. */
final class NodeRoutes {
    /** The version in the node jar's manifest; classes run from a build directory have none. */
    static final String VERSION = Objects.requireNonNullElse(NodeRoutes.class.getPackage().getImplementationVersion(), "development");

    private final ApiDependencies dependencies;
    private final Instant startedAt;

    NodeRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
        this.startedAt = dependencies.clock().instant();
    }

    void mount(ApiRouter routes) {
        routes.get("/api/v1/node", Access.READ, this::node);
    }

    private void node(RoutingContext ctx) {
        NodeConfig config = dependencies.config();
        Address validator = dependencies.node().validator();
        Instant now = dependencies.clock().instant();
        Requests.respond(ctx, 200, dependencies.node().validatorSets().map(sets -> new JsonObject()
                .put("name", config.nodeName())
                .put("version", VERSION)
                .put("mode", dependencies.devTransfers().isPresent() ? "dev" : "production")
                .put("validator", validator.value())
                .put("validatorActive", sets.active().contains(validator))
                .put("hubChainId", dependencies.genesis().chainId())
                .put("consensus", dependencies.node().engine().engine())
                .put("storage", config.storage().inMemory() ? "memory" : "postgresql")
                .put("blockTimeMs", config.protocol().blockTime().toMillis())
                .put("pollIntervalMs", config.protocol().pollInterval().toMillis())
                .put("operatorKeys", new io.vertx.core.json.JsonArray(dependencies.operations().confirmSettlement().banksWithKeys().stream()
                        .sorted().map(bank -> (Object) bank.value()).toList()))
                .put("relayer", new JsonObject()
                        .put("fallbackMs", config.relayer().fallback().toMillis())
                        .put("resubmitAfterMs", config.relayer().resubmitAfter().toMillis())
                        .put("transactions", dependencies.node().relayedTransactions()))
                .put("batchesSigned", dependencies.node().batchesSigned())
                .put("startedAt", startedAt.toString())
                .put("uptimeSeconds", Math.max(0, Duration.between(startedAt, now).toSeconds()))));
    }
}
