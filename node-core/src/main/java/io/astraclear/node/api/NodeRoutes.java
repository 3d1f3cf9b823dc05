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
        Address validator = dependencies.pipeline().validator();
        Instant now = dependencies.clock().instant();
        ctx.json(new JsonObject()
                .put("name", config.nodeName())
                .put("version", VERSION)
                .put("mode", dependencies.devTransfers().isPresent() ? "dev" : "production")
                .put("validator", validator.value())
                .put("validatorActive", dependencies.validators().get().validators().contains(validator))
                .put("consensus", config.consensus().networked() ? "network" : "solo")
                .put("peers", config.consensus().peers().size())
                .put("storage", config.storage().inMemory() ? "memory" : "postgresql")
                .put("blockTimeMs", config.protocol().blockTime().toMillis())
                .put("pollIntervalMs", config.protocol().pollInterval().toMillis())
                .put("relayer", new JsonObject()
                        .put("batchSize", config.relayer().batchSize())
                        .put("batchWaitMs", config.relayer().batchWait().toMillis()))
                .put("startedAt", startedAt.toString())
                .put("uptimeSeconds", Math.max(0, Duration.between(startedAt, now).toSeconds())));
    }
}
