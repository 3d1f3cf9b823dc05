package io.astraclear.adapters.postgres;

import io.astraclear.ports.state.HubStore;
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
 * Opens the PostgreSQL storage: migrates the schema to the version this code knows (refusing a
 * newer one), then serves reads from a bounded pool and writes on a connection of their own.
 * Nothing blocks; the node passes its {@link Vertx}.
 *
 * <ul>
 *   <li>{@link #connectHubStore}: the hub's committed state ({@link HubStore}), one transaction per block;</li>
 *   <li>{@link #connect}: the {@link StoragePort} of the node before the hub, writes through group commit.</li>
 * </ul>
 *
 * <pre>{@code
 * PgStorage.connectHubStore(vertx, PgStorageOptions.fromUrl("postgresql://astra@127.0.0.1:5432/astra"))
 *     .thenAccept(store -> ...);
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

    /**
     * The hub store on {@code options.schema()}: reads and checkpoints on a pool of
     * {@code maxPoolSize} connections ({@code maxWaitQueue} calls may wait for one), block commits on
     * one connection of their own. The group-commit options do not apply: a block is one transaction.
     */
    public static CompletionStage<HubStore> connectHubStore(Vertx vertx, PgStorageOptions options) {
        if (vertx == null || options == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("PgStorage.connectHubStore needs a Vertx and options"));
        }
        PgConnectOptions connectOptions = connectOptions(options);
        return SchemaMigrator.migrate(vertx, connectOptions, options.schema())
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "cannot open the hub store at " + options.describe() + ": " + failure.getMessage(), failure)))
                .<HubStore>map(version -> {
                    Pool pool = PgBuilder.pool()
                            .with(poolOptions(options.maxPoolSize(), options.maxWaitQueue(), "astra-hub-" + options.schema()))
                            .connectingTo(connectOptions)
                            .using(vertx)
                            .build();
                    Pool writerPool = PgBuilder.pool()
                            .with(poolOptions(1, WRITER_WAIT_QUEUE, "astra-hub-commits-" + options.schema()))
                            .connectingTo(connectOptions)
                            .using(vertx)
                            .build();
                    return new PgHubStore(vertx, pool, writerPool);
                })
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
