package io.astraclear.node.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.postgres.PgStorage;
import io.astraclear.adapters.postgres.PgTestDatabase;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The determinism property on PostgreSQL: the same long random histories give the same app hash
 * at every height on a fresh hub over a real PostgreSQL store, and after restarts at random
 * heights in which the store is closed and the hub is loaded again through a new connection.
 */
class HubDeterminismIT {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        PgTestDatabase.dropSchemas(vertx, schemas);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "seed {0}, {1} validator(s)")
    @CsvSource({"1, 1", "3, 4"})
    void everyHeightHasTheSameAppHashOnPostgresqlAndAfterRestartsThroughANewConnection(long seed, int validators) throws Exception {
        RandomHistory history = RandomHistory.generate(seed, validators, 160);
        Random restarts = new Random(seed * 31);
        List<Integer> restartBefore = List.of(1 + restarts.nextInt(50), 60 + restarts.nextInt(40), 110 + restarts.nextInt(45));
        String schema = PgTestDatabase.newSchemaName("determinism");
        schemas.add(schema);

        HubStore store = connect(schema);
        List<HubStore> opened = new ArrayList<>(List.of(store));
        List<Bytes32> replayed = HistoryReplay.replay(vertx, history, store, previous -> {
            previous.close();
            HubStore next = connect(schema);
            opened.add(next);
            return next;
        }, restartBefore);

        assertThat(replayed).isEqualTo(history.appHashes());
        opened.forEach(HubStore::close);
    }

    private HubStore connect(String schema) {
        try {
            return Future.fromCompletionStage(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema))).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
