package io.astraclear.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the node agree: route for route both ways, every request body enforced
 * by the document's schema, the enums the document publishes are the code's enums, and the shapes it
 * documents are held (every other API test holds each answer it gets against them; here, that this
 * holding catches what it should).
 */
class OpenApiContractTest {
    private ApiTestNode node;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start();
    }

    @AfterEach
    void stopNode() throws Exception {
        node.close();
    }

    @Test
    void everyMountedRouteIsDocumentedAndEveryDocumentedOperationIsMounted() {
        Set<String> mounted = new TreeSet<>();
        for (Route route : node.api.router().getRoutes()) {
            if (route.getPath() == null) {
                continue; // the body, request-metrics and failure handlers, which match everything
            }
            String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            for (HttpMethod method : route.methods()) {
                mounted.add(method.name() + " " + path);
            }
        }
        Set<String> documented = new TreeSet<>();
        JsonObject paths = node.api.document().document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase() + " " + path);
            }
        }
        assertThat(mounted).isNotEmpty().isEqualTo(documented);
    }

    @Test
    void theServedDocumentIsValidOpenApiAsVertxReadsIt() throws Exception {
        JsonObject served = node.get(null, "/openapi.json").json();
        // Vert.x's model knows a fixed list of media types, application/yaml (RFC 9512) and text/html not among them
        JsonObject forVertx = new JsonObject(served.encode().replace("application/yaml", "text/plain").replace("text/html", "text/plain"));
        OpenAPIContract contract = OpenAPIContract.from(node.vertx, forVertx).await(20, TimeUnit.SECONDS);
        assertThat(contract.operation("confirmSettlement")).isNotNull();
        assertThat(contract.operation("getHub")).isNotNull();
        assertThat(contract.operation("streamEvents")).isNotNull();
        assertThat(served).isEqualTo(node.api.document().document());
    }

    @Test
    void everyDocumentedRequestBodyIsEnforcedOnItsRoute() throws Exception {
        JsonObject paths = node.api.document().document().getJsonObject("paths");
        List<String> checked = new java.util.ArrayList<>();
        for (String path : paths.fieldNames()) {
            JsonObject post = paths.getJsonObject(path).getJsonObject("post");
            if (post == null || !post.containsKey("requestBody")) {
                continue;
            }
            assertThat(node.api.document().bodyValidator(post.getString("operationId"))).as("validator for %s", post.getString("operationId")).isPresent();
            Reply empty = node.post(ApiTestNode.ADMIN, path, "{}");
            assertThat(empty.status()).as(path).isEqualTo(400);
            assertThat(empty.errorCode()).isEqualTo("INVALID_FIELD");
            assertThat(empty.errorDetails().getString("field")).isNotBlank();
            Reply unknownField = node.post(ApiTestNode.ADMIN, path, "{\"surprise\":1}");
            assertThat(unknownField.status()).as(path).isEqualTo(400);
            checked.add(post.getString("operationId"));
        }
        assertThat(checked).containsExactlyInAnyOrder("submitTransaction", "approveValidatorSet", "confirmSettlement", "sendDevTransfer");
        assertThat(node.head().height()).as("nothing reached the hub").isZero();
    }

    @Test
    void theDocumentsEnumsAreTheCodesEnums() {
        assertThat(enumOf("EventType")).as("event types: HubEventType's wire names")
                .containsExactlyElementsOf(Arrays.stream(HubEventType.values()).map(HubEventType::wireName).toList());
        assertThat(enumOf("TransactionType")).containsExactlyElementsOf(Arrays.stream(HubTxType.values()).map(Enum::name).toList());
        assertThat(enumOf("RejectionCode")).containsExactlyElementsOf(Arrays.stream(HubRejection.values()).map(Enum::name).toList());
        assertThat(enumOf("TransferStatus")).containsExactlyElementsOf(Arrays.stream(TransferStatus.values()).map(Enum::name).toList());
        assertThat(enumOf("EntryType")).containsExactlyElementsOf(Arrays.stream(EntryType.values()).map(Enum::name).toList());
    }

    @Test
    void holdingAnswersAgainstTheDocumentCatchesAWrongShapeAndAnUndocumentedStatus() {
        DocumentedShapes shapes = new DocumentedShapes(node.api.document());
        JsonObject hub = new JsonObject().put("chainId", "x").put("height", 1);
        shapes.check(HttpMethod.GET, "/api/v1/hub", 200, "application/json", hub.encode());
        shapes.check(HttpMethod.GET, "/api/v1/ledger?limit=3", 404, "application/json",
                new JsonObject().put("error", new JsonObject().put("code", "NOT_FOUND").put("message", "m").put("details", new JsonObject())).encode());
        shapes.check(HttpMethod.GET, "/api/v1/transfers/0x" + "00".repeat(32), 404, "application/json", "{\"error\":\"flat\"}");
        shapes.check(HttpMethod.GET, "/api/v1/banks", 200, "application/json", "{\"items\":[],\"surprise\":true}");
        assertThat(shapes.violations()).hasSize(4);
        assertThat(shapes.violations().get(0)).startsWith("GET /api/v1/hub -> 200");
        assertThat(shapes.violations().get(1)).contains("status not documented");
        assertThat(shapes.violations().get(3)).contains("surprise");
    }

    @Test
    void aDocumentedResponseSchemaAcceptsWhatTheNodeAnswers() throws Exception {
        node.execute(ApiTestNode.A, ApiTestNode.B, 10);
        JsonObject transfer = node.get(ApiTestNode.READER, "/api/v1/transfers").json().getJsonArray("items").getJsonObject(0);
        Reply one = node.get(ApiTestNode.READER, "/api/v1/transfers/" + transfer.getString("transferId"));
        assertThat(node.api.document().responseValidator("getTransfer", 200).orElseThrow().check(one.json())).isEmpty();
        assertThat(node.api.document().responseValidator("getTransfer", 200).orElseThrow().check(one.json().copy().put("votes", 1)))
                .as("a field the document does not know").isPresent();
        assertThat(node.shapes.checked()).isGreaterThanOrEqualTo(2);
    }

    private List<String> enumOf(String schema) {
        return node.api.document().document().getJsonObject("components").getJsonObject("schemas").getJsonObject(schema).getJsonArray("enum")
                .stream().map(String::valueOf).toList();
    }
}
