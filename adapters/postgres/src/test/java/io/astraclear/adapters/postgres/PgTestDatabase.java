package io.astraclear.adapters.postgres;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against: {@code ASTRA_PG_URL} when set ({@code ./astra test}
 * sets it to a fresh database on the local server), otherwise a Testcontainers PostgreSQL when a
 * Docker engine runs, otherwise the tests fail, saying how to provide one. They never skip.
 * Every test gets a schema of its own, so tests are independent and may share one database.
 */
public final class PgTestDatabase {
    public static final String URL_VARIABLE = "ASTRA_PG_URL";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static PgStorageOptions server;
    private static String serverUrl;
    private static PostgreSQLContainer container;

    private PgTestDatabase() {}

    /** Options for the server, on the {@code public} schema; {@link #newSchemaName} gives each test its own. */
    public static synchronized PgStorageOptions server() {
        if (server != null) {
            return server;
        }
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            serverUrl = url;
            server = PgStorageOptions.fromUrl(url);
        } else if (DockerClientFactory.instance().isDockerAvailable()) {
            container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            serverUrl = "postgresql://" + container.getUsername() + ":" + container.getPassword() + "@"
                    + container.getHost() + ":" + container.getMappedPort(5432) + "/" + container.getDatabaseName();
            server = PgStorageOptions.fromUrl(serverUrl);
        } else {
            throw new IllegalStateException("""
                    PostgreSQL tests need a PostgreSQL server, and none was given:
                      - run them through ./astra test, which (as root on Debian/Ubuntu) installs and starts the local
                        PostgreSQL and sets %s to a fresh database of the run;
                      - or set %s=postgresql://USER:PASSWORD@HOST:PORT/DATABASE to use a server of yours;
                      - or run a Docker engine, so Testcontainers can start postgres:16-alpine.
                    These tests never skip silently.""".formatted(URL_VARIABLE, URL_VARIABLE));
        }
        return server;
    }

    /** The server's URL (password included), for child processes. */
    public static synchronized String serverUrl() {
        server();
        return serverUrl;
    }

    /** A fresh schema name, unique in this JVM run and across runs. */
    public static String newSchemaName(String prefix) {
        String name = ("t_" + prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name.length() <= 63 ? name : name.substring(name.length() - 63);
    }

    /** Options for {@code schema} on the test server. */
    public static PgStorageOptions options(String schema) {
        return server().withSchema(schema);
    }

    /** A small pool on {@code schema} for checks in plain SQL, beside the storage under test. */
    public static Pool sqlPool(Vertx vertx, String schema) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(PgStorage.connectOptions(options(schema))).using(vertx).build();
    }

    public static void dropSchemas(Vertx vertx, List<String> schemas) {
        if (schemas.isEmpty()) {
            return;
        }
        Pool pool = sqlPool(vertx, "public");
        try {
            for (String schema : schemas) {
                await(pool.query("drop schema if exists " + schema + " cascade").execute().toCompletionStage());
            }
        } finally {
            pool.close();
        }
    }

    public static List<Row> rows(Pool pool, String sql) {
        RowSet<Row> result = await(pool.query(sql).execute().toCompletionStage());
        List<Row> rows = new ArrayList<>();
        result.forEach(rows::add);
        return rows;
    }

    public static long count(Pool pool, String sql) {
        return rows(pool, sql).get(0).getLong(0);
    }

    public static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("database call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("database call did not complete within 60 s", e);
        }
    }
}
