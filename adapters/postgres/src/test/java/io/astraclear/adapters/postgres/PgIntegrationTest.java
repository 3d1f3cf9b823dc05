package io.astraclear.adapters.postgres;

import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** A Vert.x instance per test class, fresh schemas on the test server, and everything opened closed again. */
abstract class PgIntegrationTest {
    protected static Vertx vertx;
    private static final List<String> SCHEMAS = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        PgTestDatabase.server();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void dropSchemasAndStopVertx() {
        try {
            PgTestDatabase.dropSchemas(vertx, SCHEMAS);
            SCHEMAS.clear();
        } finally {
            PgTestDatabase.await(vertx.close().toCompletionStage());
        }
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        opened.clear();
    }

    protected String newSchema(String prefix) {
        String schema = PgTestDatabase.newSchemaName(prefix);
        synchronized (SCHEMAS) {
            SCHEMAS.add(schema);
        }
        return schema;
    }

    protected StoragePort open(String schema) {
        return open(schema, UnaryOperator.identity());
    }

    protected StoragePort open(String schema, UnaryOperator<PgStorageOptions> adjust) {
        StoragePort storage = PgTestDatabase.await(PgStorage.connect(vertx, adjust.apply(PgTestDatabase.options(schema))));
        opened.add(storage);
        return storage;
    }

    /** The hub store on {@code schema}, closed after the test. */
    protected HubStore openHubStore(String schema) {
        HubStore store = PgTestDatabase.await(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema)));
        opened.add(store);
        return store;
    }

    /** A pool for plain SQL on {@code schema}, closed after the test. */
    protected Pool sql(String schema) {
        Pool pool = PgTestDatabase.sqlPool(vertx, schema);
        opened.add(() -> PgTestDatabase.await(pool.close().toCompletionStage()));
        return pool;
    }

    protected static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        return PgTestDatabase.await(stage);
    }
}
