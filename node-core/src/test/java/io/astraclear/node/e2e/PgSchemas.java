package io.astraclear.node.e2e;

import io.astraclear.adapters.postgres.PgTestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A schema of its own on the test PostgreSQL server per test class, as a node's storage URL, dropped afterwards. */
final class PgSchemas {
    private PgSchemas() {}

    static String newSchema(String prefix) {
        return PgTestDatabase.newSchemaName(prefix);
    }

    /** The node's {@code storage.url} for {@code schema}: the server ASTRA_PG_URL (or Testcontainers) gives, with the schema. */
    static String storageUrl(String schema) {
        String server = PgTestDatabase.serverUrl();
        if (server.contains("?")) {
            throw new AssertionError("ASTRA_PG_URL must not carry parameters of its own (the tests add ?schema=): " + server.replaceAll(":[^:@/]*@", ":***@"));
        }
        return server + "?schema=" + schema;
    }

    static void drop(String schema) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PgTestDatabase.dropSchemas(vertx, List.of(schema));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
