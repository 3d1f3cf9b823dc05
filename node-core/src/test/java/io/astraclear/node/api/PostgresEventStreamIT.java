package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.READER;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.postgres.PgStorage;
import io.astraclear.adapters.postgres.PgStorageOptions;
import io.astraclear.adapters.postgres.PgTestDatabase;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Events in PostgreSQL: a client that saw events up to some id, reconnecting to the node after the
 * node (and its storage connection) restarted, gets exactly the events it missed.
 */
class PostgresEventStreamIT {
    @Test
    void aClientResumesAcrossANodeRestartWithoutAGap() throws Exception {
        PgStorageOptions options = PgTestDatabase.options(PgTestDatabase.newSchemaName("api_events"));
        MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");
        long lastSeen;
        Vertx firstStorageVertx = Vertx.vertx();
        StoragePort first = PgStorage.connect(firstStorageVertx, options).toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (ApiTestNode node = ApiTestNode.start(api -> api, clock, first, Optional.empty());
                EventStreamTest.Client client = EventStreamTest.connect(node, READER, "?after=0")) {
            for (int i = 0; i < 30; i++) {
                node.events.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", Integer.toString(i)));
            }
            lastSeen = client.next(12).get(11).getLong("id");
        } finally {
            first.close();
            firstStorageVertx.close().await(10, TimeUnit.SECONDS);
        }

        Vertx secondStorageVertx = Vertx.vertx();
        StoragePort second = PgStorage.connect(secondStorageVertx, options).toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (ApiTestNode node = ApiTestNode.start(api -> api, clock, second, Optional.empty())) {
            NodeEvent next = node.events.publish(NodeEvent.SETTLEMENT_CONFIRMED, Map.of("debtor", "BANK_A", "creditor", "BANK_B", "amount", "5"));
            assertThat(next.id()).isEqualTo(31);
            try (EventStreamTest.Client client = EventStreamTest.connect(node, READER, "?after=" + lastSeen)) {
                List<JsonObject> missed = client.next(19);
                assertThat(missed.stream().map(e -> e.getLong("id")).toList())
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(13, 31).boxed().toList());
                assertThat(missed.get(0).getJsonObject("data").getString("roundId")).isEqualTo("12");
                assertThat(missed.get(18).getString("type")).isEqualTo(NodeEvent.SETTLEMENT_CONFIRMED);
                assertThat(client.received().poll(200, TimeUnit.MILLISECONDS)).isNull();
            }
        } finally {
            second.close();
            secondStorageVertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
