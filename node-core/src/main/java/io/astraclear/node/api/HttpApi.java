package io.astraclear.node.api;

import io.astraclear.node.api.openapi.OpenApiDocument;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP and WebSocket API ({@code openapi/astra-clear.yaml} documents every route). One
 * route per verb and path, mounted by {@link ApiRouter} with its time limit, rate limits, token
 * and role check, body limit and body schema; handlers are methods of one class per resource, and
 * every failure goes through {@link Requests#fail}: one JSON error shape, never a stack trace.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** Connections idle this long are closed, so slow or stalled clients do not hold sockets forever. */
    private static final int IDLE_TIMEOUT_SECONDS = 60;

    private final ApiDependencies dependencies;
    private final OpenApiDocument document = OpenApiDocument.load();
    private Router router;
    private HttpServer server;
    private EventRoutes events;

    public HttpApi(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        ApiRouter routes = new ApiRouter(router, dependencies.config().api(), document, dependencies.metrics());
        new DashboardRoutes().mount(router);
        new OperationsRoutes(dependencies, document, vertx).mount(routes);
        new NodeRoutes(dependencies).mount(routes);
        new ConsortiumRoutes(dependencies).mount(routes);
        new TransferRoutes(dependencies).mount(routes);
        new LedgerRoutes(dependencies).mount(routes);
        new NettingRoutes(dependencies).mount(routes);
        events = new EventRoutes(dependencies);
        events.mount(routes);
        Gauge.builder("astra_api_event_streams", events, EventRoutes::openStreams).description("WebSocket event streams open now")
                .register(dependencies.metrics().registry());
        new DevRoutes(dependencies).mount(routes);
        new ValidatorSetRoutes(dependencies).mount(routes);
        new HubRoutes(dependencies).mount(routes);
        new BatchRoutes(dependencies).mount(routes);
        router.errorHandler(404, ctx -> Requests.fail(ctx, ApiException.notFound("no route for " + ctx.request().method() + " " + abbreviate(ctx.request().path()))));
        router.errorHandler(405, ctx -> Requests.fail(ctx, new ApiException(405, "METHOD_NOT_ALLOWED",
                ctx.request().method() + " is not allowed on " + abbreviate(ctx.request().path()))));
        router.route().failureHandler(this::failure);
        if (!routes.hasTokens()) {
            LOG.warn("api.tokens is empty: every /api/v1 request will be refused with 401; configure tokens (see docs/API.md)");
        }
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setMaxWebSocketFrameSize(64 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024);
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen(dependencies.config().api().port(), dependencies.config().api().host())
                .map(started -> {
                    server = started;
                    LOG.info("HTTP API on http://{}:{} (OpenAPI at /openapi.json)", dependencies.config().api().host(), started.actualPort());
                    return started;
                });
    }

    public int port() {
        return server.actualPort();
    }

    /** Event streams open now (a stream closed as a slow consumer no longer counts). */
    int openEventStreams() {
        return events.openStreams();
    }

    /** The routes as mounted, for the test that holds them against the OpenAPI document. */
    Router router() {
        return router;
    }

    OpenApiDocument document() {
        return document;
    }

    private void failure(RoutingContext ctx) {
        if (ctx.failure() != null) {
            Requests.fail(ctx, ctx.failure());
            return;
        }
        int status = ctx.statusCode();
        ApiException error = switch (status) {
            case 413 -> new ApiException(413, "BODY_TOO_LARGE", "the request body is larger than " + dependencies.config().api().maxBodyBytes() + " bytes",
                    new JsonObject().put("maxBodyBytes", dependencies.config().api().maxBodyBytes()));
            case 503 -> new ApiException(503, "TIMEOUT", "the request took longer than " + dependencies.config().api().requestTimeout().toMillis() + " ms",
                    new JsonObject().put("retryAfterSeconds", 1));
            case 400 -> ApiException.badRequest("MALFORMED_REQUEST", "the request is malformed");
            default -> new ApiException(status < 400 ? 500 : status, "HTTP_" + status, "the request failed");
        };
        Requests.fail(ctx, error);
    }

    private static String abbreviate(String path) {
        return path == null ? "" : path.length() > 100 ? path.substring(0, 100) + "…" : path;
    }
}
