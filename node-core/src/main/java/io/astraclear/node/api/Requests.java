package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.node.pipeline.NettingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading requests and writing responses, for every route: parameters refused with a 400 that
 * names them, results written as JSON, and every failure turned into the one error body by
 * {@link #fail} — never a stack trace.
 */
final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);
    static final String PRINCIPAL = "astra.principal";
    static final String BODY = "astra.body";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_CURSOR_LENGTH = 200;

    private Requests() {}

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /** The body checked against the operation's schema by the route's validation handler. */
    static JsonObject body(RoutingContext ctx) {
        return ctx.get(BODY);
    }

    static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.request().getParam(name));
    }

    /** Parses a parameter or field; any refusal by the parser becomes a 400 naming {@code field}. */
    static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? "missing or malformed" : e.getMessage();
            throw ApiException.invalidField(field, reason.length() > 200 ? reason.substring(0, 200) + "…" : reason);
        }
    }

    static int limit(RoutingContext ctx) {
        Optional<String> raw = query(ctx, "limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit = parse("limit", () -> Integer.parseInt(raw.get()));
        if (limit < 1 || limit > io.astraclear.ports.storage.Page.MAX_LIMIT) {
            throw ApiException.invalidField("limit", "must be between 1 and " + io.astraclear.ports.storage.Page.MAX_LIMIT);
        }
        return limit;
    }

    static Optional<String> cursor(RoutingContext ctx) {
        Optional<String> cursor = query(ctx, "cursor");
        if (cursor.isPresent() && (cursor.get().isEmpty() || cursor.get().length() > MAX_CURSOR_LENGTH)) {
            throw ApiException.invalidField("cursor", "must be the nextCursor of a previous page");
        }
        return cursor;
    }

    /** A storage listing refuses a malformed cursor with IllegalArgumentException: that is the client's 400. */
    static <T> Future<T> cursorChecked(Future<T> listing, Optional<String> cursor) {
        return listing.recover(failure -> Future.failedFuture(cursor.isPresent() && unwrap(failure) instanceof IllegalArgumentException
                ? ApiException.invalidField("cursor", "not a cursor of this listing; pass the nextCursor of a previous page")
                : failure));
    }

    static void respond(RoutingContext ctx, int status, Future<JsonObject> result) {
        result.onSuccess(json -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(json.encode());
            }
        }).onFailure(failure -> fail(ctx, failure));
    }

    static void fail(RoutingContext ctx, Throwable failure) {
        if (ctx.response().ended() || ctx.response().closed() || ctx.response().headWritten()) {
            return;
        }
        ApiException error = toApiException(failure, ctx);
        if (error.status() == 429 || error.status() == 503) {
            ctx.response().putHeader("retry-after", Long.toString(error.details().getLong("retryAfterSeconds", 1L)));
        }
        if (error.status() == 401) {
            ctx.response().putHeader("www-authenticate", "Bearer realm=\"astra-clear\"");
        }
        ctx.response().setStatusCode(error.status()).putHeader("content-type", "application/json").end(error.toJson().encode());
    }

    private static ApiException toApiException(Throwable failure, RoutingContext ctx) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof NettingService.NettingRejectedException rejected) {
            return switch (rejected.code()) {
                case "STALE_SNAPSHOT" -> new ApiException(409, rejected.code(), "balances kept changing while netting; try again: " + rejected.getMessage());
                // consortium mode: no threshold of validators agreed in time; the round may still complete
                case "NOT_AGREED" -> new ApiException(503, rejected.code(), rejected.getMessage(), new JsonObject().put("retryAfterSeconds", 5));
                default -> new ApiException(500, rejected.code(), rejected.getMessage());
            };
        }
        if (cause instanceof RejectedExecutionException) {
            return new ApiException(503, "BUSY", "the node's storage queue is full; retry shortly", new JsonObject().put("retryAfterSeconds", 1));
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
        return new ApiException(500, "INTERNAL", "the node could not complete the request; see its log");
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
