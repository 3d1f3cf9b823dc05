package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.postgres.PgStorageOptions;
import io.astraclear.adapters.postgres.PgTestDatabase;
import io.astraclear.node.pipeline.NodeEvent;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The clearing flow with PostgreSQL storage: ASTRA_PG_URL, or Testcontainers where Docker runs,
 * or a loud failure saying how to provide a server. A schema of its own per run. Durable storage
 * also lets the node restart: a restart from a rewound checkpoint re-delivers every event, and
 * nothing is applied twice.
 */
class PostgresClearingFlowIT extends ClearingFlowContract {
    private final String schema = PgTestDatabase.newSchemaName("e2e");

    @Override
    String storageUrl() {
        PgStorageOptions server = PgTestDatabase.server();
        String credentials = URLEncoder.encode(server.user(), StandardCharsets.UTF_8)
                + (server.password().isEmpty() ? "" : ":" + URLEncoder.encode(server.password(), StandardCharsets.UTF_8));
        return "postgresql://" + credentials + "@" + server.host() + ":" + server.port() + "/" + server.database() + "?schema=" + schema;
    }

    @Test
    @Order(10)
    void restartFromARewoundCheckpointRedeliversEveryEventAndChangesNothing() throws Exception {
        String ledgerBefore = harness.get("/api/v1/ledger").body();
        String roundsBefore = harness.get("/api/v1/netting/rounds?limit=500").body();
        harness.stopNode();

        Pool sql = PgTestDatabase.sqlPool(harness.vertx, schema);
        try {
            long rewound = PgTestDatabase.count(sql, "with rewound as (delete from checkpoints returning 1) select count(*) from rewound");
            assertThat(rewound).as("one checkpoint per bank").isEqualTo(BANKS);
        } finally {
            sql.close().await(10, TimeUnit.SECONDS);
        }

        harness.startNode();
        NodeEvent duplicates = harness.nextEvent(NodeEvent.DUPLICATE_DELIVERY).get(60, TimeUnit.SECONDS);
        assertThat(Integer.parseInt(duplicates.data().get("duplicates"))).isPositive();
        harness.awaitCaughtUp();

        assertThat(harness.get("/api/v1/ledger").body()).as("no ISSUE applied twice").isEqualTo(ledgerBefore);
        assertThat(harness.get("/api/v1/netting/rounds?limit=500").body()).isEqualTo(roundsBefore);
    }
}
