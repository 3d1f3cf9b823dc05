package io.astraclear.adapters.postgres;

import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.PersistentHubStoreContract;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL hub store keeps the whole hub store contract, restarts included; every test runs
 * in a schema of its own, and a reopened store connects to the schema of the one it replaces.
 */
class PgHubStoreContractIT extends PersistentHubStoreContract {
    private static Vertx vertx;
    private static final List<String> SCHEMAS = new ArrayList<>();
    private final Map<HubStore, String> schemaOf = new IdentityHashMap<>();

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
    protected HubStore newStore() {
        String schema = PgTestDatabase.newSchemaName("hub_contract");
        synchronized (SCHEMAS) {
            SCHEMAS.add(schema);
        }
        return connect(schema);
    }

    @Override
    protected HubStore reopen(HubStore closed) {
        return connect(schemaOf.get(closed));
    }

    private HubStore connect(String schema) {
        HubStore store = PgTestDatabase.await(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema)));
        schemaOf.put(store, schema);
        return store;
    }
}
