package io.astraclear.node.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API's OpenAPI 3.1 document ({@code openapi/astra-clear.yaml}), served as written (YAML) and
 * as JSON, and the source of the request-body validators: the schema a route's body must match is
 * the one the document publishes for its operation, so the two cannot drift apart.
 */
public final class OpenApiDocument {
    public static final String RESOURCE = "openapi/astra-clear.yaml";
    private static final String COMPONENT_PREFIX = "#/components/schemas/";

    private final String yaml;
    private final JsonObject document;
    private final String json;
    private final Map<String, BodyValidator> bodyValidators = new LinkedHashMap<>();

    private OpenApiDocument(String yaml, JsonObject document) {
        this.yaml = yaml;
        this.document = document;
        this.json = document.encode();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject operations = paths.getJsonObject(path);
            for (String method : operations.fieldNames()) {
                JsonObject operation = operations.getJsonObject(method);
                JsonObject schema = operation.getJsonObject("requestBody", new JsonObject())
                        .getJsonObject("content", new JsonObject())
                        .getJsonObject("application/json", new JsonObject())
                        .getJsonObject("schema");
                if (schema != null) {
                    bodyValidators.put(operation.getString("operationId"), new BodyValidator(validator((JsonObject) inline(schema, 0))));
                }
            }
        }
    }

    /** Reads the document from the class path; a missing or malformed one is a broken build. */
    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document missing from the class path: " + RESOURCE);
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Object tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
            return new OpenApiDocument(yaml, new JsonObject(new ObjectMapper().writeValueAsString(tree)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public String yaml() {
        return yaml;
    }

    public String json() {
        return json;
    }

    public JsonObject document() {
        return document.copy();
    }

    /** The validator of an operation's JSON request body, by operationId. */
    public Optional<BodyValidator> bodyValidator(String operationId) {
        return Optional.ofNullable(bodyValidators.get(operationId));
    }

    /**
     * A validator of the JSON body an operation documents for a response {@code status}, following a
     * reference to a shared response; empty when the document shows no JSON body for it.
     */
    public Optional<BodyValidator> responseValidator(String operationId, int status) {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject operations = paths.getJsonObject(path);
            for (String method : operations.fieldNames()) {
                JsonObject operation = operations.getJsonObject(method);
                if (!operationId.equals(operation.getString("operationId"))) {
                    continue;
                }
                JsonObject response = operation.getJsonObject("responses", new JsonObject()).getJsonObject(Integer.toString(status));
                if (response != null && response.containsKey("$ref")) {
                    String ref = response.getString("$ref");
                    response = document.getJsonObject("components").getJsonObject("responses").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                }
                JsonObject schema = response == null ? null : response.getJsonObject("content", new JsonObject())
                        .getJsonObject("application/json", new JsonObject()).getJsonObject("schema");
                return Optional.ofNullable(schema).map(found -> new BodyValidator(validator((JsonObject) inline(found, 0))));
            }
        }
        return Optional.empty();
    }

    /** A validator of the component schema {@code name}; empty when the document has none of that name. */
    public Optional<BodyValidator> schemaValidator(String name) {
        JsonObject schema = document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
        return Optional.ofNullable(schema).map(found -> new BodyValidator(validator((JsonObject) inline(found, 0))));
    }

    private static Validator validator(JsonObject schema) {
        return Validator.create(JsonSchema.of(schema),
                new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("urn:astra-clear:api").setOutputFormat(OutputFormat.Basic));
    }

    /** Replaces {@code $ref}s to component schemas by the schemas (the document's schemas are not recursive). */
    private Object inline(Object node, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("schema references nest deeper than 32 levels in " + RESOURCE);
        }
        if (node instanceof JsonObject object) {
            String ref = object.getString("$ref");
            if (ref != null && ref.startsWith(COMPONENT_PREFIX)) {
                JsonObject target = document.getJsonObject("components").getJsonObject("schemas").getJsonObject(ref.substring(COMPONENT_PREFIX.length()));
                if (target == null) {
                    throw new IllegalStateException(RESOURCE + " refers to a missing schema " + ref);
                }
                return inline(target, depth + 1);
            }
            JsonObject copy = new JsonObject();
            object.forEach(field -> copy.put(field.getKey(), inline(field.getValue(), depth + 1)));
            return copy;
        }
        if (node instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(inline(item, depth + 1)));
            return copy;
        }
        return node;
    }
}
