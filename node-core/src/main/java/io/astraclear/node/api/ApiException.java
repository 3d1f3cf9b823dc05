package io.astraclear.node.api;

import io.vertx.core.json.JsonObject;

/** A request the API refuses: HTTP status, stable code, a message naming the problem, and details. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final JsonObject details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, new JsonObject());
    }

    public ApiException(int status, String code, String message, JsonObject details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? new JsonObject() : details;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    /** A 400 about one field of the request: the message starts with the field's name, details name it. */
    public static ApiException invalidField(String field, String reason) {
        return new ApiException(400, "INVALID_FIELD", field + ": " + reason, new JsonObject().put("field", field));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonObject details() {
        return details;
    }

    /** The one error body of the API. */
    public JsonObject toJson() {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", getMessage()).put("details", details));
    }
}
