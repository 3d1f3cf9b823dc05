package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.postgres.PgStorage;
import io.astraclear.adapters.postgres.PgStorageOptions;
import io.astraclear.adapters.postgres.PgTestDatabase;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Events in PostgreSQL, stored with their block: a client that saw events up to some id, reconnecting
 * after the node (and its storage connection) restarted, gets exactly the events it missed — the
 * ones committed before the restart, from the real PgHubStore, and the ones after — and the hub
 * resumes at the height and app hash it had.
 */
class PostgresEventStreamIT {
    @Test
    void aClientResumesAcrossANodeRestartWithoutAGap() throws Exception {
        PgStorageOptions options = PgTestDatabase.options(PgTestDatabase.newSchemaName("api_events"));
        long lastSeen;
        long lastBefore;
        JsonObject hubBefore;
        Vertx firstStorageVertx = Vertx.vertx();
        HubStore first = PgStorage.connectHubStore(firstStorageVertx, options).toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (ApiTestNode node = ApiTestNode.start(ApiTestNode.Options.defaults().withStore(first, 1))) {
            node.execute(A, B, 100);
            node.confirm(B, A, 30);
            EventStreamTest.confirmMany(node, 600, C); // more than one replay page stored
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
            lastBefore = node.events.lastId();
            hubBefore = node.get(READER, "/api/v1/hub").json();
            try (EventStreamTest.Client client = EventStreamTest.connect(node, READER, "?after=0")) {
                lastSeen = EventStreamTest.ids(client.next(12)).getLast();
            }
        } finally {
            first.close();
            firstStorageVertx.close().await(10, TimeUnit.SECONDS);
        }

        Vertx secondStorageVertx = Vertx.vertx();
        HubStore second = PgStorage.connectHubStore(secondStorageVertx, options).toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (ApiTestNode node = ApiTestNode.start(ApiTestNode.Options.defaults().withStore(second, 10_000))) {
            JsonObject hubAfter = node.get(READER, "/api/v1/hub").json();
            assertThat(hubAfter.getLong("height")).isEqualTo(hubBefore.getLong("height"));
            assertThat(hubAfter.getString("appHash")).isEqualTo(hubBefore.getString("appHash"));
            assertThat(hubAfter.getLong("lastEventId")).isEqualTo(lastBefore);

            node.confirm(C, A, 5);
            try (EventStreamTest.Client client = EventStreamTest.connect(node, READER, "?after=" + lastSeen)) {
                List<JsonObject> missed = client.upTo(lastBefore + 3);
                assertThat(EventStreamTest.ids(missed)).isEqualTo(LongStream.rangeClosed(lastSeen + 1, lastBefore + 3).boxed().toList());
                assertThat(missed.stream().filter(e -> e.getLong("id") <= lastBefore).map(e -> e.getString("type")))
                        .contains("netting.completed", "transfer.confirmed", "batch.created");
                assertThat(EventStreamTest.types(missed.subList(missed.size() - 3, missed.size())))
                        .containsExactly("transfer.observed", "transfer.confirmed", "batch.created");
                assertThat(missed.getLast().getLong("height")).isEqualTo(hubBefore.getLong("height") + 1);
                client.assertQuiet();
            }
        } finally {
            second.close();
            secondStorageVertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
