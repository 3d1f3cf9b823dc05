package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.node.application.NoKeyForBankException;
import io.astraclear.node.application.Submission;
import io.astraclear.node.application.UnknownBankException;
import io.astraclear.node.engine.TransactionRefusedException;
import io.astraclear.ports.consensus.EngineUnavailableException;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.state.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
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

    /** A storage stage as a future on the request's context. */
    static <T> Future<T> read(RoutingContext ctx, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
    }

    /**
     * The {@code bank} filter of a listing: what the caller asked for; for a bank token always its
     * own bank, and a 403 naming {@code what} when it asked for another.
     */
    static Optional<BankId> bankFilter(RoutingContext ctx, String what) {
        Optional<BankId> asked = query(ctx, "bank").map(text -> parse("bank", () -> BankId.of(text)));
        Principal principal = principal(ctx);
        Optional<BankId> scope = principal.bankScope();
        if (scope.isEmpty()) {
            return asked;
        }
        if (asked.isPresent() && !asked.equals(scope)) {
            throw ApiException.forbidden("token '" + principal.tokenName() + "' reads the " + what + " of " + scope.get() + " only");
        }
        return scope;
    }

    static int limit(RoutingContext ctx) {
        Optional<String> raw = query(ctx, "limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit = parse("limit", () -> Integer.parseInt(raw.get()));
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw ApiException.invalidField("limit", "must be between 1 and " + Page.MAX_LIMIT);
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
        result.onSuccess(json -> write(ctx, status, json)).onFailure(failure -> fail(ctx, failure));
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
        if (cause instanceof UnknownBankException unknown) {
            return new ApiException(400, "UNKNOWN_BANK", unknown.role() + ": " + unknown.getMessage(),
                    new JsonObject().put("field", unknown.role()).put("bank", unknown.bank().value()));
        }
        if (cause instanceof NoKeyForBankException noKey) {
            return new ApiException(409, "NO_OPERATOR_KEY", noKey.getMessage(), new JsonObject().put("bank", noKey.bank().value()));
        }
        if (cause instanceof RejectedExecutionException) {
            return new ApiException(503, "BUSY", "the node is at its bound of work in flight (" + cause.getMessage() + "); retry shortly",
                    new JsonObject().put("retryAfterSeconds", 1));
        }
        if (cause instanceof EngineUnavailableException unavailable) {
            return new ApiException(503, "ENGINE_UNAVAILABLE", "the hub's consensus engine cannot take transactions now: " + unavailable.getMessage()
                    + "; nothing was submitted, retry shortly", new JsonObject().put("retryAfterSeconds", 5));
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
        return new ApiException(500, "INTERNAL", "the node could not complete the request; see its log");
    }

    /**
     * Answers a writing use case: 201 with the transaction's record and {@code more} of its block
     * when it is in a committed block and applied; the rejection's 4xx when the block rejected it (it
     * changed nothing but its record); 202 with the hash to poll when it was admitted but not
     * committed within the wait. A refusal at admission fails the future and becomes its 4xx.
     */
    static void respond(RoutingContext ctx, Future<Submission> submission, Function<Submission.Committed, JsonObject> more) {
        submission.onSuccess(outcome -> {
            switch (outcome) {
                case Submission.Committed committed when committed.applied() -> write(ctx, 201, JsonViews.committed(committed, more.apply(committed)));
                case Submission.Committed rejected -> fail(ctx, rejection(rejected.record().result().rejection().orElseThrow(),
                        rejected.record().result().log(), rejected.transactionHash(), Optional.of(rejected.record().height())));
                case Submission.Pending pending -> write(ctx, 202, JsonViews.pending(pending));
            }
        }).onFailure(failure -> fail(ctx, failure));
    }

    private static void write(RoutingContext ctx, int status, JsonObject body) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
        }
    }

    /**
     * The HTTP answer to a transaction the hub refused at admission ({@code height} empty) or
     * rejected in a block: 400 for what is malformed or impossible, 403 for a sender without the
     * role, 409 for what conflicts with the hub's state. The code is the rejection's name.
     */
    static ApiException rejection(HubRejection code, String reason, Bytes32 transactionHash, Optional<Long> height) {
        int status = switch (code) {
            case MALFORMED, BAD_SIGNATURE, SIGNATURE_MISMATCH, INVALID_OBSERVATION, UNKNOWN_BANK -> 400;
            case UNAUTHORIZED, NOT_IN_EXECUTOR_SET -> 403;
            case UNKNOWN_BATCH, INSUFFICIENT_BALANCE, REFERENCE_CONFLICT, STALE_NONCE, FUTURE_HEIGHT -> 409;
        };
        JsonObject details = new JsonObject().put("transactionHash", transactionHash.value()).put("stage", height.isPresent() ? "block" : "admission");
        height.ifPresent(h -> details.put("height", h));
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
