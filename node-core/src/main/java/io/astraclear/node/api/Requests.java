package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.node.application.NoKeyForBankException;
import io.astraclear.node.application.Submission;
import io.astraclear.node.engine.TransactionRefusedException;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubRejection;
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
        if (limit < 1 || limit > io.astraclear.ports.state.Page.MAX_LIMIT) {
            throw ApiException.invalidField("limit", "must be between 1 and " + io.astraclear.ports.state.Page.MAX_LIMIT);
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
        if (cause instanceof TransactionRefusedException refused) {
            return rejection(refused.refusal().code(), refused.refusal().reason(), refused.refusal().transactionHash(), Optional.empty());
        }
        if (cause instanceof NoKeyForBankException noKey) {
            return new ApiException(409, "NO_OPERATOR_KEY", noKey.getMessage());
        }
        if (cause instanceof RejectedExecutionException) {
            return new ApiException(503, "BUSY", "the node is at its bound of work in flight (" + cause.getMessage() + "); retry shortly",
                    new JsonObject().put("retryAfterSeconds", 1));
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
        return new ApiException(500, "INTERNAL", "the node could not complete the request; see its log");
    }

    /**
     * Answers a writing use case: 201 with {@code body} of the block when the transaction is in a
     * committed block and applied; the rejection's 4xx when the block rejected it (it changed
     * nothing); 202 with the hash to poll when it was admitted but not committed in time.
     */
    static void respond(RoutingContext ctx, Future<Submission> submission, java.util.function.Function<Submission.Committed, JsonObject> body) {
        respondWithStatus(ctx, submission.map(outcome -> switch (outcome) {
            case Submission.Committed committed when committed.applied() -> new Answer(201, body.apply(committed)
                    .put("transactionHash", committed.transactionHash().value())
                    .put("height", committed.record().height()));
            case Submission.Committed rejected -> throw rejection(rejected.record().result().rejection().orElseThrow(),
                    rejected.record().result().log(), rejected.transactionHash(), Optional.of(rejected.record().height()));
            case Submission.Pending pending -> new Answer(202, new JsonObject()
                    .put("transactionHash", pending.transactionHash().value())
                    .put("status", "PENDING")
                    .put("poll", "/api/v1/hub/transactions/" + pending.transactionHash().value()));
        }));
    }

    private record Answer(int status, JsonObject body) {}

    private static void respondWithStatus(RoutingContext ctx, Future<Answer> answer) {
        answer.onSuccess(done -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().setStatusCode(done.status()).putHeader("content-type", "application/json").end(done.body().encode());
            }
        }).onFailure(failure -> fail(ctx, failure));
    }

    /** The HTTP answer to a transaction the hub refused or rejected: 400 for what is malformed, 403 for a sender without the role, else 409. */
    static ApiException rejection(HubRejection code, String reason, Bytes32 transactionHash, Optional<Long> height) {
        int status = switch (code) {
            case MALFORMED, BAD_SIGNATURE, SIGNATURE_MISMATCH, INVALID_OBSERVATION, UNKNOWN_BANK -> 400;
            case UNAUTHORIZED, NOT_IN_EXECUTOR_SET -> 403;
            case UNKNOWN_BATCH, INSUFFICIENT_BALANCE, REFERENCE_CONFLICT, STALE_NONCE, FUTURE_HEIGHT -> 409;
        };
        JsonObject details = new JsonObject().put("transactionHash", transactionHash.value());
        height.ifPresent(h -> details.put("height", h).put("rejectedInBlock", true));
        return new ApiException(status, code.name(), reason, details);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
