package io.astraclear.adapters.postgres.bench;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.BANK_C;
import static io.astraclear.ports.storage.StorageFixtures.checkpoint;
import static io.astraclear.ports.storage.StorageFixtures.commandFor;
import static io.astraclear.ports.storage.StorageFixtures.signatures;
import static io.astraclear.ports.storage.StorageFixtures.transfer;
import static io.astraclear.ports.storage.StorageFixtures.vote;

import io.astraclear.adapters.postgres.PgStorage;
import io.astraclear.adapters.postgres.PgStorageOptions;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Durable write throughput of the PostgreSQL storage, with group commit and with one transaction
 * per write ({@code maxBatchWrites = 1}). Not a test: run it on purpose, see adapters/postgres/README.md.
 *
 * <pre>
 * ASTRA_PG_URL=postgresql://postgres@127.0.0.1:5432/astra_bench \
 *   ./mvnw -B -ntp -pl adapters/postgres -am -Pbench -DskipTests verify
 * </pre>
 *
 * System properties: {@code bench.votes} (default 200000), {@code bench.transfers} (50000),
 * {@code bench.unbatched} (3000 writes per unbatched run), {@code bench.window} (writes in flight, 8000),
 * {@code bench.batch} (group commit batch size, 1000), {@code bench.url} (else ASTRA_PG_URL).
 */
public final class StorageBenchmark {
    private static final BankId[] BANKS = {BANK_A, BANK_B, BANK_C};

    private final Vertx vertx = Vertx.vertx();
    private final PgStorageOptions server;
    private final int window;
    private final int batch;
    private final List<String> schemas = new ArrayList<>();
    private final List<String[]> results = new ArrayList<>();

    private StorageBenchmark(PgStorageOptions server, int window, int batch) {
        this.server = server;
        this.window = window;
        this.batch = batch;
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", System.getenv("ASTRA_PG_URL"));
        if (url == null || url.isBlank()) {
            System.err.println("set ASTRA_PG_URL (or -Dbench.url) to postgresql://user@host:port/database of a database the benchmark may write to");
            System.exit(2);
        }
        int votes = Integer.getInteger("bench.votes", 200_000);
        int transfers = Integer.getInteger("bench.transfers", 50_000);
        int unbatched = Integer.getInteger("bench.unbatched", 3_000);
        int window = Integer.getInteger("bench.window", 8_000);
        int batch = Integer.getInteger("bench.batch", 1_000);
        StorageBenchmark benchmark = new StorageBenchmark(PgStorageOptions.fromUrl(url), window, batch);
        try {
            benchmark.describeServer();
            benchmark.votes("votes/s", votes, batch);
            benchmark.votes("votes/s", unbatched, 1);
            benchmark.journalEntries("journal entries/s (confirm = 1 ISSUE)", transfers, batch);
            benchmark.journalEntries("journal entries/s (confirm = 1 ISSUE)", unbatched, 1);
            benchmark.pipeline("confirmed transfers/s (observe + 3 votes + confirm)", transfers, batch);
            benchmark.pipeline("confirmed transfers/s (observe + 3 votes + confirm)", unbatched / 5, 1);
            benchmark.printTable();
        } finally {
            benchmark.dropSchemas();
            benchmark.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private void describeServer() throws Exception {
        Pool pool = pool("public");
        try {
            Row row = pool.query("select version() as version, current_setting('fsync') as fsync, "
                    + "current_setting('synchronous_commit') as sync, current_setting('wal_sync_method') as method").execute()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next();
            System.out.printf("server: %s%nfsync=%s synchronous_commit=%s wal_sync_method=%s (every figure below is for commits that waited for the WAL flush)%n",
                    row.getString("version"), row.getString("fsync"), row.getString("sync"), row.getString("method"));
            System.out.printf("cores: %d, window: %d writes in flight, group commit batch: %d%n%n",
                    Runtime.getRuntime().availableProcessors(), window, batch);
        } finally {
            pool.close();
        }
    }

    /** Distinct votes: 1 command in 4 gets 4 validators' votes. */
    private void votes(String label, int count, int batchSize) throws Exception {
        List<Vote> votes = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            MintCommand command = commandFor(transfer(BANKS[index % 3], BANKS[(index + 1) % 3], 1 + index % 1000, 1 + index / 4));
            votes.add(vote(command, 1 + index % 4));
        }
        StoragePort storage = open("votes", batchSize);
        try {
            run(label, batchSize, count, index -> storage.recordVote(votes.get(index)));
        } finally {
            storage.close();
        }
    }

    /** Confirms of transfers observed beforehand: one ISSUE entry each. */
    private void journalEntries(String label, int count, int batchSize) throws Exception {
        List<ObservedTransfer> transfers = transfers(count);
        List<MintCommand> commands = transfers.stream().map(t -> commandFor(t)).toList();
        List<List<Signature>> signatures = commands.stream().map(command -> signatures(command, 3)).toList();
        StoragePort storage = open("journal", batchSize);
        try {
            observeAll(storage, transfers);
            run(label, batchSize, count, index -> storage.confirm(transfers.get(index).transferId(), commands.get(index),
                    signatures.get(index), java.time.Instant.now()).thenApply(StorageBenchmark::requireApplied));
        } finally {
            storage.close();
        }
    }

    /** The whole hot path per transfer: observed, three votes, confirmed; five writes. */
    private void pipeline(String label, int count, int batchSize) throws Exception {
        List<ObservedTransfer> transfers = transfers(count);
        List<MintCommand> commands = transfers.stream().map(t -> commandFor(t)).toList();
        List<List<Vote>> votes = commands.stream().map(command -> List.of(vote(command, 1), vote(command, 2), vote(command, 3))).toList();
        List<List<Signature>> signatures = votes.stream().map(list -> list.stream().map(Vote::signature).toList()).toList();
        List<io.astraclear.ports.chain.Checkpoint> checkpoints = transfers.stream().map(t -> checkpoint(t.sourceBank(), t.blockNumber())).toList();
        StoragePort storage = open("pipeline", batchSize);
        try {
            run(label, batchSize, count, index -> {
                ObservedTransfer observed = transfers.get(index);
                List<Vote> three = votes.get(index);
                return storage.recordObserved(List.of(observed), List.of(), checkpoints.get(index))
                        .thenCompose(added -> CompletableFuture.allOf(
                                storage.recordVote(three.get(0)).toCompletableFuture(),
                                storage.recordVote(three.get(1)).toCompletableFuture(),
                                storage.recordVote(three.get(2)).toCompletableFuture()))
                        .thenCompose(voted -> storage.confirm(observed.transferId(), commands.get(index), signatures.get(index), java.time.Instant.now()))
                        .thenApply(StorageBenchmark::requireApplied);
            });
        } finally {
            storage.close();
        }
    }

    private static Object requireApplied(WriteResult<?> result) {
        if (!(result instanceof WriteResult.Applied<?>)) {
            throw new IllegalStateException("benchmark write refused: " + result);
        }
        return result;
    }

    private static List<ObservedTransfer> transfers(int count) {
        List<ObservedTransfer> transfers = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            transfers.add(transfer(BANKS[index % 3], BANKS[(index + 1) % 3], 1 + index % 1000, 1 + index / 3));
        }
        return transfers;
    }

    private static void observeAll(StoragePort storage, List<ObservedTransfer> transfers) throws Exception {
        for (BankId bank : BANKS) {
            List<ObservedTransfer> ofBank = transfers.stream().filter(t -> t.sourceBank().equals(bank)).toList();
            for (int from = 0; from < ofBank.size(); from += 5_000) {
                List<ObservedTransfer> chunk = ofBank.subList(from, Math.min(ofBank.size(), from + 5_000));
                storage.recordObserved(chunk, List.of(), checkpoint(bank, chunk.get(chunk.size() - 1).blockNumber()))
                        .toCompletableFuture().get(120, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code count} operations with at most {@code window} in flight; prints progress each second. */
    private void run(String label, int batchSize, int count, IntFunction<CompletionStage<?>> operation) throws Exception {
        String mode = batchSize == 1 ? "one transaction per write" : "group commit (batches up to " + batchSize + ")";
        System.out.printf("%s, %s: %,d operations%n", label, mode, count);
        Semaphore inFlight = new Semaphore(window);
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        progress.scheduleAtFixedRate(() -> System.out.printf("  %,10d done, %,8.0f/s%n", done.get(),
                done.get() / ((System.nanoTime() - started) / 1e9)), 1, 1, TimeUnit.SECONDS);
        try {
            for (int index = 0; index < count && failure.get() == null; index++) {
                inFlight.acquire();
                operation.apply(index).whenComplete((result, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    done.incrementAndGet();
                    inFlight.release();
                });
            }
            if (!inFlight.tryAcquire(window, 10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("operations did not finish within 10 minutes");
            }
        } finally {
            progress.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark operation failed", failure.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = count / seconds;
        System.out.printf("  => %,.0f/s (%,d in %.2f s)%n%n", perSecond, count, seconds);
        results.add(new String[] {label, mode, String.format(Locale.ROOT, "%,d", count), String.format(Locale.ROOT, "%.2f", seconds),
                String.format(Locale.ROOT, "%,.0f", perSecond)});
    }

    private StoragePort open(String what, int batchSize) throws Exception {
        String schema = ("bench_" + what + "_" + ProcessHandle.current().pid() + "_" + schemas.size()).toLowerCase(Locale.ROOT);
        schemas.add(schema);
        // The pipeline keeps up to three votes of each transfer in flight at once.
        PgStorageOptions options = server.withSchema(schema).withGroupCommit(batchSize, Math.max(window * 4, 1_000));
        return PgStorage.connect(vertx, options).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Pool pool(String schema) {
        PgConnectOptions connect = new PgConnectOptions().setHost(server.host()).setPort(server.port()).setDatabase(server.database())
                .setUser(server.user()).setPassword(server.password()).addProperty("search_path", schema);
        return PgBuilder.pool().connectingTo(connect).using(vertx).build();
    }

    private void dropSchemas() throws Exception {
        Pool pool = pool("public");
        try {
            for (String schema : schemas) {
                pool.query("drop schema if exists " + schema + " cascade").execute().toCompletionStage().toCompletableFuture()
                        .get(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.close();
        }
    }

    private void printTable() {
        System.out.println("| what | mode | operations | seconds | per second |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String[] row : results) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }
}
