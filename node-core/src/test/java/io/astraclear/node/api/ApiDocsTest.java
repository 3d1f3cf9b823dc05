package io.astraclear.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.openapi.OpenApiDocument;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.state.HubEventType;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/API.md follows the node: it names every route the OpenAPI document has, every event type,
 * every rejection code and every {@code astra_} metric the node exposes, and none of the routes
 * that are gone.
 */
class ApiDocsTest {
    private static final Path API_MD = Path.of(System.getProperty("astra.root", "..")).resolve("docs/API.md");

    @Test
    void theGuideNamesEveryDocumentedRouteAndNoneThatIsGone() throws Exception {
        String guide = Files.readString(API_MD);
        JsonObject paths = OpenApiDocument.load().document().getJsonObject("paths");
        List<String> missing = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                String route = path.startsWith("/api/") ? method.toUpperCase() + " " + path : path;
                if (!guide.contains(route)) {
                    missing.add(route);
                }
            }
        }
        assertThat(missing).as("routes of the OpenAPI document that docs/API.md does not name").isEmpty();
        assertThat(guide).doesNotContain("GET /api/v1/audit").doesNotContain("GET /api/v1/ledger/state-hash")
                .doesNotContain("astra_votes").doesNotContain("astra_relay_attempts");
    }

    @Test
    void theGuideDescribesEveryEventTypeAndRejectionCode() throws Exception {
        String guide = Files.readString(API_MD);
        for (HubEventType type : HubEventType.values()) {
            assertThat(guide).as("event type %s", type.wireName()).contains("| `" + type.wireName() + "` |");
        }
        for (HubRejection code : HubRejection.values()) {
            assertThat(guide).as("rejection code %s", code).contains("| `" + code.name() + "` |");
        }
    }

    @Test
    void theGuideListsEveryAstraMetricTheNodeExposes() throws Exception {
        Set<String> exposed = new TreeSet<>();
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(ApiTestNode.A, ApiTestNode.B, 10);
            assertThat(node.get(ApiTestNode.READER, "/api/v1/hub").status()).isEqualTo(200);
            Matcher names = Pattern.compile("(?m)^(astra_[a-z_]+?)(_total|_seconds_bucket|_seconds_count|_seconds_sum|_seconds_max|_bucket|_count|_sum|_max)?[{ ]")
                    .matcher(node.get(null, "/metrics").body());
            while (names.find()) {
                exposed.add(names.group(1));
            }
        }
        String guide = Files.readString(API_MD);
        assertThat(exposed).contains("astra_hub_height", "astra_events", "astra_transfer_latency", "astra_http_requests");
        for (String metric : exposed) {
            assertThat(guide).as("metric %s", metric).containsPattern("`" + metric + "(_total|_seconds)?[`{]");
        }
    }
}
