package io.astraclear.adapters.postgres;

import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Opens the PostgreSQL {@link StoragePort}: migrates the schema to the version this code knows
 * (refusing a newer one), then serves reads from a bounded pool and writes through group commit on
 * a connection of their own. Nothing blocks; the node passes its {@link Vertx}.
 *
 * <pre>{@code
 * PgStorage.connect(vertx, PgStorageOptions.fromUrl("postgresql://astra@127.0.0.1:5432/astra"))
 *     .thenAccept(storage -> ...);
 * }</pre>
 */
public final class PgStorage {
    private static final int WRITER_WAIT_QUEUE = 16;
    private static final int POOL_CONNECTION_TIMEOUT_SECONDS = 30;

    private PgStorage() {}

    public static CompletionStage<StoragePort> connect(Vertx vertx, PgStorageOptions options) {
        if (vertx == null || options == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("PgStorage.connect needs a Vertx and options"));
        }
        PgConnectOptions connectOptions = connectOptions(options);
        return SchemaMigrator.migrate(vertx, connectOptions, options.schema())
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "cannot open storage at " + options.describe() + ": " + failure.getMessage(), failure)))
                .map(version -> open(vertx, connectOptions, options))
                .toCompletionStage();
    }

    private static StoragePort open(Vertx vertx, PgConnectOptions connectOptions, PgStorageOptions options) {
        Pool readPool = PgBuilder.pool()
                .with(poolOptions(options.maxPoolSize(), options.maxWaitQueue(), "astra-storage-reads-" + options.schema()))
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
        Pool writerPool = PgBuilder.pool()
                .with(poolOptions(1, WRITER_WAIT_QUEUE, "astra-storage-writer-" + options.schema()))
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
        StorageReads reads = new StorageReads(readPool);
        GroupCommitWriter writer = new GroupCommitWriter(vertx.getOrCreateContext(), writerPool, reads, options.maxBatchWrites(), options.maxQueuedWrites());
        return new PgStorageAdapter(readPool, writerPool, writer, reads, options.clock());
    }

    static PgConnectOptions connectOptions(PgStorageOptions options) {
        return new PgConnectOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setDatabase(options.database())
                .setUser(options.user())
                .setPassword(options.password())
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(256)
                .setPipeliningLimit(256)
                .addProperty("application_name", "astra-clear")
                .addProperty("search_path", options.schema())
                .addProperty("statement_timeout", Integer.toString(options.statementTimeoutMillis()));
    }

    private static PoolOptions poolOptions(int maxSize, int maxWaitQueue, String name) {
        return new PoolOptions()
                .setMaxSize(maxSize)
                .setMaxWaitQueueSize(maxWaitQueue)
                .setConnectionTimeout(POOL_CONNECTION_TIMEOUT_SECONDS)
                .setConnectionTimeoutUnit(TimeUnit.SECONDS)
                .setName(name);
    }
}
