package io.astraclear.node.api;

import io.astraclear.node.api.openapi.BodyValidator;
import io.astraclear.node.api.openapi.OpenApiDocument;
import io.astraclear.node.auth.ApiTokens;
import io.astraclear.node.auth.Principal;
import io.astraclear.node.auth.RateLimiter;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.metrics.NodeMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.Optional;

/**
 * Mounts routes with what every route needs, in this order: its route template for the metrics, a
 * time limit, the per-address rate limit, the bearer token and the per-token rate limit, the
 * role check, and for a body the size limit and the schema of its OpenAPI operation. One route per
 * verb and path; the handler is the last step.
 */
final class ApiRouter {
    static final String ROUTE = "astra.route";
    private static final String AUTHORIZATION_PREFIX = "Bearer ";
    private static final int MAX_ADDRESSES_TRACKED = 10_000;

    private final Router router;
    private final NodeConfig.Api settings;
    private final ApiTokens tokens;
    private final RateLimiter perToken;
    private final RateLimiter perAddress;
    private final OpenApiDocument document;

    ApiRouter(Router router, NodeConfig.Api settings, OpenApiDocument document, NodeMetrics metrics) {
        this.router = router;
        this.settings = settings;
        this.document = document;
        this.tokens = ApiTokens.of(settings.tokens());
        NodeConfig.RateLimit limits = settings.rateLimit();
        this.perToken = new RateLimiter(limits.perTokenPerSecond(), limits.perTokenBurst(), Math.max(1, settings.tokens().size()), System::nanoTime);
        this.perAddress = new RateLimiter(limits.perAddressPerSecond(), limits.perAddressBurst(), MAX_ADDRESSES_TRACKED, System::nanoTime);
        // Every body is read (up to the limit) before routing on: a request refused early (401,
        // 404, 405, 429) must not leave its unread body stalling the connection for the next one.
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        router.route().handler(ctx -> {
            long started = System.nanoTime();
            ctx.addEndHandler(ended -> metrics.httpRequest(ctx.request().method().name(), ctx.get(ROUTE, "unmatched"),
                    ctx.response().getStatusCode(), System.nanoTime() - started));
            try {
                // matching routes decodes the path: a malformed %-escape there would throw inside the router and leave the request unanswered
                ctx.normalizedPath();
            } catch (IllegalArgumentException e) {
                Requests.fail(ctx, ApiException.badRequest("MALFORMED_PATH", "the path is not valid percent-encoded UTF-8"));
                return;
            }
            try {
                ctx.request().params(); // decodes the query once, here, so a malformed one is the client's 400 and not a handler's failure
            } catch (IllegalArgumentException e) {
                Requests.fail(ctx, ApiException.badRequest("MALFORMED_QUERY", "the query string is not valid percent-encoded UTF-8"));
                return;
            }
            ctx.next();
        });
    }

    boolean hasTokens() {
        return !tokens.isEmpty();
    }

    /** A health probe: no token and no rate limit, so a busy node is not restarted for answering 429. */
    void probe(String path, Handler<RoutingContext> handler) {
        Route route = router.get(path);
        route.handler(named(path));
        route.handler(TimeoutHandler.create(settings.requestTimeout().toMillis(), 503));
        route.handler(handler);
    }

    /**
     * Vert.x Web runs a route's handlers by kind: platform handlers, then the body handler, then
     * the rest. Naming the route and the per-address limit are platform handlers, so an address
     * over its limit is refused before its body is read.
     */
    private static io.vertx.ext.web.handler.PlatformHandler named(String path) {
        return new io.vertx.ext.web.handler.PlatformHandler() {
            @Override
            public void handle(RoutingContext ctx) {
                ctx.put(ROUTE, path);
                ctx.next();
            }
        };
    }

    void get(String path, Access access, Handler<RoutingContext> handler) {
        guarded(HttpMethod.GET, path, access, true).handler(handler);
    }

    /** A POST whose JSON body must match the schema of {@code operationId} in the OpenAPI document. */
    void post(String path, Access access, Optional<String> operationId, Handler<RoutingContext> handler) {
        Route route = guarded(HttpMethod.POST, path, access, true);
        operationId.ifPresent(id -> {
            BodyValidator validator = document.bodyValidator(id)
                    .orElseThrow(() -> new IllegalStateException("the OpenAPI document has no JSON request body for operation " + id));
            route.handler(ctx -> validateBody(ctx, validator));
        });
        route.handler(handler);
    }

    /** A WebSocket upgrade: no request time limit (the stream lives on), the rest as any GET. */
    void webSocket(String path, Access access, Handler<RoutingContext> handler) {
        guarded(HttpMethod.GET, path, access, false).handler(handler);
    }

    private Route guarded(HttpMethod method, String path, Access access, boolean timeLimited) {
        Route route = router.route(method, path);
        route.handler(named(path));
        if (timeLimited) {
            route.handler(TimeoutHandler.create(settings.requestTimeout().toMillis(), 503));
        }
        route.handler(new io.vertx.ext.web.handler.PlatformHandler() {
            @Override
            public void handle(RoutingContext ctx) {
                limitAddress(ctx);
            }
        });
        if (access != Access.PUBLIC) {
            route.handler(ctx -> authorize(ctx, access));
        }
        return route;
    }

    private void limitAddress(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        long wait = perAddress.acquire(address);
        if (wait > 0) {
            Requests.fail(ctx, tooMany("address", wait));
            return;
        }
        ctx.next();
    }

    private void authorize(RoutingContext ctx, Access access) {
        String header = ctx.request().getHeader("authorization");
        if (header == null || header.isBlank()) {
            Requests.fail(ctx, new ApiException(401, "UNAUTHENTICATED", "this route needs 'Authorization: Bearer <token>'"));
            return;
        }
        if (header.length() < AUTHORIZATION_PREFIX.length() || !header.regionMatches(true, 0, AUTHORIZATION_PREFIX, 0, AUTHORIZATION_PREFIX.length())) {
            Requests.fail(ctx, new ApiException(401, "UNAUTHENTICATED", "the Authorization header must be 'Bearer <token>'"));
            return;
        }
        Optional<Principal> principal = tokens.authenticate(header.substring(AUTHORIZATION_PREFIX.length()).trim());
        if (principal.isEmpty()) {
            Requests.fail(ctx, new ApiException(401, "INVALID_TOKEN", "the token is not one this node knows"));
            return;
        }
        long wait = perToken.acquire(principal.get().tokenName());
        if (wait > 0) {
            Requests.fail(ctx, tooMany("token", wait));
            return;
        }
        if (!access.allows(principal.get())) {
            Requests.fail(ctx, ApiException.forbidden(ctx.request().method() + " " + ctx.get(ROUTE) + " is for " + access.describe()
                    + "; token '" + principal.get().tokenName() + "' has another role"));
            return;
        }
        ctx.put(Requests.PRINCIPAL, principal.get());
        ctx.next();
    }

    private static ApiException tooMany(String limit, long waitSeconds) {
        return new ApiException(429, "RATE_LIMITED", "too many requests for this " + limit + "; retry after " + waitSeconds + " s",
                new JsonObject().put("limit", limit).put("retryAfterSeconds", waitSeconds));
    }

    private static void validateBody(RoutingContext ctx, BodyValidator validator) {
        Object body;
        try {
            String text = ctx.body() == null ? null : ctx.body().asString();
            if (text == null || text.isBlank()) {
                throw ApiException.badRequest("INVALID_BODY", "the request needs a JSON object body");
            }
            body = Json.decodeValue(text);
        } catch (DecodeException e) {
            Requests.fail(ctx, ApiException.badRequest("INVALID_BODY", "the body is not valid JSON"));
            return;
        } catch (ApiException e) {
            Requests.fail(ctx, e);
            return;
        }
        if (!(body instanceof JsonObject object)) {
            Requests.fail(ctx, ApiException.badRequest("INVALID_BODY", "the body must be a JSON object"));
            return;
        }
        Optional<BodyValidator.Violation> violation = validator.check(object);
        if (violation.isPresent()) {
            BodyValidator.Violation v = violation.get();
            Requests.fail(ctx, v.field().isEmpty()
                    ? ApiException.badRequest("INVALID_BODY", v.message())
                    : ApiException.invalidField(v.field(), v.message()));
            return;
        }
        ctx.put(Requests.BODY, object);
        ctx.next();
    }
}
