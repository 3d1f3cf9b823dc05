package io.astraclear.node.api;

import io.astraclear.ports.domain.Address;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@code GET /api/v1/node}: which node answers — name, version, mode, its validator, engine, storage, the keys it holds, uptime. */
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
        Address validator = dependencies.node().validator();
        long uptime = Math.max(0, Duration.between(startedAt, dependencies.clock().instant()).toSeconds());
        Requests.respond(ctx, 200, CommittedSets.read(ctx, dependencies.store(), dependencies.genesis()).map(sets -> JsonViews.node(
                dependencies.config(), VERSION, dependencies.devTransfers().isPresent(), validator, sets.active().contains(validator),
                dependencies.genesis().chainId(), dependencies.node().engine().engine(),
                List.copyOf(dependencies.operations().confirmSettlement().banksWithKeys()), dependencies.node().relayedTransactions(),
                dependencies.node().batchesSigned(), startedAt, uptime)));
    }
}
