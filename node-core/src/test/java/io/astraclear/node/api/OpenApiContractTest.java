package io.astraclear.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router agree route for route, and the document is valid OpenAPI. */
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
                continue; // the request-metrics and failure handlers, which match everything
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
        assertThat(contract.operation("streamEvents")).isNotNull();
        assertThat(served).isEqualTo(node.api.document().document());
    }

    @Test
    void everyDocumentedRequestBodyIsEnforcedOnItsRoute() throws Exception {
        JsonObject paths = node.api.document().document().getJsonObject("paths");
        int checked = 0;
        for (String path : paths.fieldNames()) {
            JsonObject post = paths.getJsonObject(path).getJsonObject("post");
            if (post == null || !post.containsKey("requestBody")) {
                continue;
            }
            JsonObject schema = node.api.document().bodyValidator(post.getString("operationId")).isPresent() ? post : null;
            assertThat(schema).as("validator for %s", post.getString("operationId")).isNotNull();
            Reply empty = node.post(ApiTestNode.ADMIN, path, "{}");
            assertThat(empty.status()).as(path).isEqualTo(400);
            assertThat(empty.errorCode()).isEqualTo("INVALID_FIELD");
            assertThat(empty.json().getJsonObject("error").getJsonObject("details").getString("field")).isNotBlank();
            Reply unknownField = node.post(ApiTestNode.ADMIN, path, "{\"surprise\":1}");
            assertThat(unknownField.status()).as(path).isEqualTo(400);
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }
}
