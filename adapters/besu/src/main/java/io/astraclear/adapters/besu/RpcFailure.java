package io.astraclear.adapters.besu;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A JSON-RPC call that failed: either the transport (connection, timeout, HTTP status) or an error
 * object the node answered with. What the failure means — transient, a revert, a nonce clash, a log
 * query too large — is read from codes and from the wordings Besu, geth, Nethermind and anvil use.
 */
final class RpcFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** JSON-RPC error code of a revert in geth and anvil; Besu uses -32000 with "Execution reverted". */
    private static final int EXECUTION_REVERTED = 3;
    private static final int INTERNAL_ERROR = -32603;

    private final String method;
    private final boolean transport;
    private final int code;
    private final String rpcMessage;
    private final String data;

    private RpcFailure(String method, String message, Throwable cause, boolean transport, int code, String rpcMessage, String data) {
        super(message, cause);
        this.method = method;
        this.transport = transport;
        this.code = code;
        this.rpcMessage = rpcMessage == null ? "" : rpcMessage;
        this.data = data;
    }

    static RpcFailure transport(String method, String endpoint, Throwable cause) {
        String what = cause instanceof TimeoutException ? "timed out" : String.valueOf(cause.getMessage());
        return new RpcFailure(method, method + " to " + endpoint + " failed: " + cause.getClass().getSimpleName() + ": " + what,
                cause, true, 0, null, null);
    }

    static RpcFailure response(String method, int code, String message, String rawData) {
        String data = unquoted(rawData);
        return new RpcFailure(method, method + " returned error " + code + ": " + message + (data == null ? "" : " (data " + abbreviate(data) + ")"),
                null, false, code, message, data);
    }

    /** The failure under CompletableFuture's wrappers, as an RpcFailure if it is one. */
    static Optional<RpcFailure> of(Throwable failure) {
        return unwrap(failure) instanceof RpcFailure rpc ? Optional.of(rpc) : Optional.empty();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** For throwing out of a CompletableFuture stage. */
    CompletionException asUnchecked() {
        return new CompletionException(this);
    }

    String method() {
        return method;
    }

    /** Worth trying again later: the node was unreachable, slow, overloaded or failed internally. */
    boolean isTransient() {
        if (transport) {
            return !(getCause() instanceof AsyncHttpService.HttpStatusException status) || isTransientStatus(status.status);
        }
        return code == INTERNAL_ERROR && !isRevert()
                || mentions("timeout", "timed out", "rate limit", "too many requests", "temporarily", "try again", "busy",
                        "header not found", "initial sync is still in progress");
    }

    boolean isRevert() {
        return !transport && (code == EXECUTION_REVERTED || mentions("revert"));
    }

    /** The revert data (selector and arguments) the node attached, when it did. */
    Optional<String> revertData() {
        return isRevert() && data != null && data.startsWith("0x") ? Optional.of(data) : Optional.empty();
    }

    /** The node reports the message part of a revert, e.g. "execution reverted: custom error 0x..." */
    String rpcMessage() {
        return rpcMessage;
    }

    boolean isNonceTooLow() {
        return !transport && (mentions("nonce too low", "nonce is too low", "oldnonce", "nonce has already been used")
                || mentionsAll("nonce", "too low"));
    }

    /** A gap or a stale local nonce the node refuses to queue. */
    boolean isNonceTooHigh() {
        return !transport && (mentions("nonce too high", "too distant from current sender nonce", "nonce gap", "nonce too far"));
    }

    /** The identical transaction is already in the node's pool (a resend after a lost answer). */
    boolean isAlreadyKnown() {
        return !transport && mentions("already known", "known transaction", "already imported", "alreadyknown", "already in the pool",
                "transaction already exists");
    }

    /** Another transaction holds this nonce in the pool. */
    boolean isReplacementUnderpriced() {
        return !transport && mentions("replacement transaction underpriced", "replacement fee too low", "underpriced replacement");
    }

    /** The node refuses an {@code eth_getLogs} page as too wide or too full. */
    boolean isLogQueryTooLarge() {
        return !transport && mentions(
                "query returned more than", "query exceeds max results", "range too large", "range is too large",
                "requested range exceeds", "exceeds maximum rpc range", "exceeds max range", "exceed maximum block range",
                "max block range", "maximum block range", "range limit", "limit exceeded", "too many results", "too many logs",
                "too many blocks", "response size exceeded", "response is too big", "log response size", "query timeout exceeded");
    }

    private boolean mentions(String... wordings) {
        String text = rpcMessage.toLowerCase(Locale.ROOT);
        for (String wording : wordings) {
            if (text.contains(wording)) {
                return true;
            }
        }
        return false;
    }

    private boolean mentionsAll(String... wordings) {
        String text = rpcMessage.toLowerCase(Locale.ROOT);
        for (String wording : wordings) {
            if (!text.contains(wording)) {
                return false;
            }
        }
        return true;
    }

    /** web3j keeps an error's {@code data} as raw JSON, so a hex string arrives in quotes. */
    private static String unquoted(String rawData) {
        if (rawData == null) {
            return null;
        }
        String trimmed = rawData.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    private static boolean isTransientStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    private static String abbreviate(String text) {
        return text.length() <= 140 ? text : text.substring(0, 137) + "...";
    }
}
