package io.astraclear.node.api;

import io.astraclear.node.api.openapi.OpenApiDocument;
import io.astraclear.node.services.WatcherStatus;
import io.astraclear.ports.consensus.EngineStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Probes for load balancers and Kubernetes, Prometheus metrics, and the OpenAPI document: none needs a token (metrics may). */
final class OperationsRoutes {
    private static final long STORAGE_CHECK_TIMEOUT_MILLIS = 2_000;

    private final ApiDependencies dependencies;
    private final OpenApiDocument document;
    private final Vertx vertx;

    OperationsRoutes(ApiDependencies dependencies, OpenApiDocument document, Vertx vertx) {
        this.dependencies = dependencies;
        this.document = document;
        this.vertx = vertx;
    }

    void mount(ApiRouter routes) {
        routes.probe("/health", this::live);
        routes.probe("/health/ready", this::ready);
        // a bank token would see consortium-wide figures: when a token is required, admin and read tokens only
        routes.get("/metrics", dependencies.config().api().metricsRequireToken() ? Access.CONSORTIUM_READ : Access.PUBLIC, this::metrics);
        routes.get("/openapi.json", Access.PUBLIC, this::openApiJson);
        routes.get("/openapi.yaml", Access.PUBLIC, this::openApiYaml);
    }

    /** Liveness: answering at all is the check. */
    private void live(RoutingContext ctx) {
        ctx.json(new JsonObject().put("status", "UP"));
    }

    /** Readiness: storage answers, the consensus engine runs, every chain's RPC answers and its watcher is within the lag bound. */
    private void ready(RoutingContext ctx) {
        long maxLag = dependencies.config().api().readyMaxLagBlocks();
        JsonArray chains = new JsonArray();
        boolean chainsUp = true;
        for (WatcherStatus chain : dependencies.node().watchers()) {
            boolean up = chain.reachable() && !chain.reorgDetected() && chain.lagBlocks() <= maxLag;
            chainsUp &= up;
            chains.add(JsonViews.chain(chain, up));
        }
        boolean allChainsUp = chainsUp;
        EngineStatus engine = dependencies.node().engine();
        long height = dependencies.node().committedHead().height();
        storageCheck().onComplete(storage -> {
            JsonObject storageJson = JsonViews.storageCheck(storage.succeeded() ? Optional.empty() : Optional.of(String.valueOf(storage.cause().getMessage())));
            boolean ready = storage.succeeded() && engine.healthy() && allChainsUp;
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
                        .end(JsonViews.readiness(ready, storageJson, engine, height, chains, dependencies.plugins()).encode());
            }
        });
    }

    private Future<Void> storageCheck() {
        return Future.fromCompletionStage(dependencies.store().head(), vertx.getOrCreateContext())
                .timeout(STORAGE_CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .mapEmpty();
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(dependencies.metrics().scrape());
    }

    private void openApiJson(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").end(document.json());
    }

    private void openApiYaml(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/yaml").end(document.yaml());
    }
}
