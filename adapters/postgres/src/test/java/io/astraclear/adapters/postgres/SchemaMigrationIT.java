package io.astraclear.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.HubStore;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaMigrationIT extends PgIntegrationTest {
    @Test
    void nodesStartingTogetherMigrateOnceAndAllStart() throws Exception {
        String schema = newSchema("migrate_together");
        List<CompletableFuture<HubStore>> starting = new ArrayList<>();
        for (int node = 0; node < 4; node++) {
            starting.add(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema)).toCompletableFuture());
        }
        List<HubStore> nodes = new ArrayList<>();
        try {
            for (CompletableFuture<HubStore> node : starting) {
                nodes.add(node.get(60, TimeUnit.SECONDS));
            }

            Pool sql = sql(schema);
            assertThat(PgTestDatabase.count(sql, "select count(*) from astra_schema_history")).isEqualTo(SchemaMigrator.MIGRATIONS.size());
            for (HubStore node : nodes) {
                assertThat(await(node.head())).isEmpty();
            }
        } finally {
            nodes.forEach(HubStore::close);
        }
    }

    @Test
    void aMigratedSchemaKeepsItsDataAcrossRestarts() {
        String schema = newSchema("migrate_restart");
        Checkpoint checkpoint = new Checkpoint(BankId.of("BANK_A"), 7, Bytes32.ZERO);
        HubStore first = openHubStore(schema);
        await(first.saveCheckpoint(checkpoint, List.of()));
        first.close();

        HubStore second = openHubStore(schema);

        assertThat(await(second.checkpoint(checkpoint.bank()))).contains(checkpoint);
        assertThat(PgTestDatabase.count(sql(schema), "select count(*) from astra_schema_history")).isEqualTo(SchemaMigrator.MIGRATIONS.size());
    }

    @Test
    void refusesASchemaNewerThanTheCode() {
        String schema = newSchema("migrate_newer");
        openHubStore(schema).close();
        int newer = SchemaMigrator.latestVersion() + 1;
        PgTestDatabase.rows(sql(schema), "insert into astra_schema_history (version, name, checksum) values (" + newer + ", 'from_the_future', 'x')");

        Throwable failure = failureOf(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema)).toCompletableFuture());

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is at version " + newer)
                .hasMessageContaining("newer than this build of astra-clear knows (up to " + SchemaMigrator.latestVersion() + ")");
    }

    @Test
    void refusesAMigrationChangedAfterItWasApplied() {
        String schema = newSchema("migrate_changed");
        openHubStore(schema).close();
        PgTestDatabase.rows(sql(schema), "update astra_schema_history set checksum = 'edited' where version = 1");

        Throwable failure = failureOf(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema)).toCompletableFuture());

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("was applied from a different script");
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get(60, TimeUnit.SECONDS);
            if (value instanceof HubStore storage) {
                storage.close();
            }
            throw new AssertionError("expected start-up to fail, but it returned " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
