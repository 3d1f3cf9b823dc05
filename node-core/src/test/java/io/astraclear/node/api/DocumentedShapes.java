package io.astraclear.node.api;

import io.astraclear.node.api.openapi.BodyValidator;
import io.astraclear.node.api.openapi.OpenApiDocument;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds every answer a test gets against the OpenAPI document: the route's operation must document
 * the status (or the status is one every route may answer: 405, 413, 429, 500, 503), and a JSON body
 * must match the schema documented for that status. What does not is kept as a violation; the test
 * node fails its test with them when it closes.
 */
final class DocumentedShapes {
    /** Statuses any route may answer, as the document's description says: method, body limit, rate limit, the node's failure, time limit. */
    static final Set<Integer> ANY_ROUTE = Set.of(405, 413, 429, 500, 503);

    private record Operation(HttpMethod method, Pattern path, String template, String operationId) {}

    private final OpenApiDocument document;
    private final List<Operation> operations = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int checked;

    DocumentedShapes(OpenApiDocument document) {
        this.document = document;
        JsonObject paths = document.document().getJsonObject("paths");
        for (String template : paths.fieldNames()) {
            Pattern path = Pattern.compile(template.replaceAll("\\{[A-Za-z]+}", "[^/]+"));
            JsonObject methods = paths.getJsonObject(template);
            for (String method : methods.fieldNames()) {
                operations.add(new Operation(HttpMethod.valueOf(method.toUpperCase()), path, template, methods.getJsonObject(method).getString("operationId")));
            }
        }
    }

    synchronized void check(HttpMethod method, String uri, int status, String contentType, String body) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        Optional<Operation> operation = operations.stream().filter(o -> o.method().equals(method) && o.path().matcher(path).matches()).findFirst();
        if (operation.isEmpty()) {
            return; // not a route of the document: the router answers 404 or 405, held by their own tests
        }
        checked++;
        String where = method + " " + operation.get().template() + " -> " + status;
        JsonObject responses = responses(operation.get());
        if (!responses.containsKey(Integer.toString(status)) && !ANY_ROUTE.contains(status)) {
            violations.add(where + ": status not documented (" + abbreviate(body) + ")");
            return;
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            return;
        }
        Optional<BodyValidator> validator = document.responseValidator(operation.get().operationId(), status);
        if (validator.isEmpty()) {
            if (status >= 400) {
                validator = document.schemaValidator("Error");
            } else {
                return;
            }
        }
        Object json;
        try {
            json = Json.decodeValue(body);
        } catch (DecodeException e) {
            violations.add(where + ": not JSON: " + abbreviate(body));
            return;
        }
        validator.get().check(json).ifPresent(violation -> violations.add(where + ": " + violation.field() + " " + violation.message()
                + " in " + abbreviate(body)));
    }

    private JsonObject responses(Operation operation) {
        JsonObject paths = document.document().getJsonObject("paths");
        return paths.getJsonObject(operation.template()).getJsonObject(operation.method().name().toLowerCase()).getJsonObject("responses");
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized int checked() {
        return checked;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
