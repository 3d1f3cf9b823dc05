package io.astraclear.adapters.postgres;

import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoragePortContract;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL storage keeps the whole storage contract; every test runs in a schema of its own. */
class PgStorageContractIT extends StoragePortContract {
    private static Vertx vertx;
    private static final List<String> SCHEMAS = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        PgTestDatabase.server();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void dropSchemasAndStop() {
        try {
            PgTestDatabase.dropSchemas(vertx, SCHEMAS);
        } finally {
            PgTestDatabase.await(vertx.close().toCompletionStage());
        }
    }

    @Override
    protected StoragePort openStorage(MutableClock clock) {
        String schema = PgTestDatabase.newSchemaName("contract");
        SCHEMAS.add(schema);
        return PgTestDatabase.await(PgStorage.connect(vertx, PgTestDatabase.options(schema).withClock(clock)));
    }
}
