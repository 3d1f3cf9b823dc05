package io.astraclear.adapters.postgres;

import static io.astraclear.ports.state.HubStateFixtures.BANKS;
import static io.astraclear.ports.state.HubStateFixtures.genesisSets;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubStateFixtures;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.Mint;
import io.astraclear.ports.state.EntryType;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How fast the hub store commits large blocks, durably (the server's defaults: fsync and
 * synchronous commit on). Not part of the suite; it prints its figures and asserts only that
 * everything was stored:
 *
 * <pre>{@code
 * ./mvnw -B -ntp -o -pl adapters/postgres verify -Dit.test=HubStoreThroughputBenchmark -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dastra.bench.blocks=10]
 * }</pre>
 *
 * Each of the first blocks brings 10,000 new confirmed transfers, their 10,000 ISSUE entries,
 * 20,000 events and the 40 batches (250 mints each) they were cut into; each later block marks
 * one earlier block's transfers EXECUTED, its batches done, with 10,000 events.
 */
class HubStoreThroughputBenchmark extends PgIntegrationTest {
    private static final int TRANSFERS_PER_BLOCK = 10_000;
    private static final int EVENTS_PER_NEW_TRANSFER = 2;
    private static final int BATCHES_PER_BLOCK = 40;

    @Test
    void commitsBlocksOfTenThousandTransfersAndReportsTheRate() {
        int blocks = Integer.getInteger("astra.bench.blocks", 10);
        String schema = newSchema("hub_bench");
        HubStore store = await(PgStorage.connectHubStore(vertx, PgTestDatabase.options(schema)));
        Pool sql = sql(schema);
        try {
            System.out.printf(Locale.ROOT, "%nhub store throughput: fsync=%s synchronous_commit=%s wal_level=%s, %d cores, load average %s%n",
                    setting(sql, "fsync"), setting(sql, "synchronous_commit"), setting(sql, "wal_level"), Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            Workload workload = new Workload();
            await(store.commit(workload.emptyBlock().validatorSets(genesisSets(4)).effects()));

            List<BlockEffects> newBlocks = new ArrayList<>();
            for (int block = 0; block < blocks; block++) {
                newBlocks.add(workload.newTransfersBlock().effects());
            }
            Figures inserted = measure("new transfers", store, newBlocks);
            double liveLoadMillis = millis(() -> await(store.load()));
            LiveState withLive = await(store.load()).orElseThrow();

            List<BlockEffects> updateBlocks = new ArrayList<>();
            for (int block = 0; block < blocks; block++) {
                updateBlocks.add(workload.executedBlock(block).effects());
            }
            Figures updated = measure("transfers to EXECUTED", store, updateBlocks);

            List<TransferId> ended = workload.created.getFirst().stream().limit(1_000).map(HubTransfer::transferId).toList();
            double byIdMillis = millis(() -> await(store.transfers(ended)));
            LiveState live = await(store.load()).orElseThrow();

            System.out.printf(Locale.ROOT, "%n| block | blocks | rows/block | encode ms/block | commit ms/block (min / median / max) | blocks/s | rows/s |%n");
            System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|---:|---:|%n");
            System.out.println(inserted.row());
            System.out.println(updated.row());
            System.out.printf(Locale.ROOT, "load() with %,d live transfers: %.0f ms; transfers(ids) of 1,000 ended transfers: %.0f ms; "
                            + "load average %s; tables: %s%n", withLive.transfers().size(), liveLoadMillis, byIdMillis, loadAverage(),
                    PgTestDatabase.rows(sql, "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as size from pg_class c "
                            + "join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'")
                            .getFirst().getString("size"));

            assertThat(live.transfers()).isEmpty();
            assertThat(PgTestDatabase.count(sql, "select count(*) from hub_transfers where status = 'EXECUTED'"))
                    .isEqualTo((long) blocks * TRANSFERS_PER_BLOCK);
            assertThat(PgTestDatabase.count(sql, "select coalesce(sum(last_id - first_id + 1), 0) from hub_event_chunks")).isEqualTo(workload.nextEventId - 1L);
        } finally {
            store.close();
        }
    }

    private record Figures(String label, int blocks, long rowsPerBlock, double encodeMillis, List<Double> sortedMillis, double totalMillis) {
        String row() {
            double blocksPerSecond = blocks / (totalMillis / 1e3);
            return String.format(Locale.ROOT, "| %s | %d | %,d | %.0f | %.0f / %.0f / %.0f | %.2f | %,.0f |", label, blocks, rowsPerBlock, encodeMillis,
                    sortedMillis.getFirst(), sortedMillis.get(sortedMillis.size() / 2), sortedMillis.getLast(), blocksPerSecond,
                    blocksPerSecond * rowsPerBlock);
        }
    }

    /** Commits the blocks one after the other, as the state machine does; times each from the call to its completion. */
    private static Figures measure(String label, HubStore store, List<BlockEffects> blocks) {
        long encodeStarted = System.nanoTime();
        for (BlockEffects block : blocks) {
            HubBlockRows.of(block).statements().forEach(statement -> statement.parameters().get());
        }
        double encodeMillis = (System.nanoTime() - encodeStarted) / 1e6 / blocks.size();
        List<Double> millis = new ArrayList<>();
        long started = System.nanoTime();
        for (BlockEffects block : blocks) {
            long blockStarted = System.nanoTime();
            await(store.commit(block));
            millis.add((System.nanoTime() - blockStarted) / 1e6);
            System.out.printf(Locale.ROOT, "  %s: block %d committed in %.0f ms%n", label, block.head().height(), millis.getLast());
        }
        double total = (System.nanoTime() - started) / 1e6;
        BlockEffects first = blocks.getFirst();
        long rows = first.transfers().size() + first.batches().size() + first.journal().size() + first.events().size();
        List<Double> sorted = millis.stream().sorted().toList();
        return new Figures(label, blocks.size(), rows, encodeMillis, sorted, total);
    }

    /** The median of five runs of {@code call}, in milliseconds. */
    private static double millis(Runnable call) {
        List<Double> runs = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            long started = System.nanoTime();
            call.run();
            runs.add((System.nanoTime() - started) / 1e6);
        }
        return runs.stream().sorted().toList().get(2);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String setting(Pool sql, String name) {
        return PgTestDatabase.rows(sql, "show " + name).getFirst().getString(0);
    }

    /** Blocks with consistent counters: sequences, nonces, batch numbers, event ids and journal sequences. */
    private static final class Workload {
        private long height;
        private long nextSequence = 1;
        private long nextJournalSequence = 1;
        private long nextEventId = 1;
        private final Map<BankId, Long> nextBatchNumbers = new TreeMap<>();
        final List<List<HubTransfer>> created = new ArrayList<>();
        private final List<List<HubBatch>> cut = new ArrayList<>();

        HubStateFixtures.Block emptyBlock() {
            return HubStateFixtures.block(++height);
        }

        /** Confirmed transfers from BANK_A and BANK_B to BANK_C and BANK_D, their ISSUEs, two events each, cut into batches of 250 per destination. */
        HubStateFixtures.Block newTransfersBlock() {
            HubStateFixtures.Block block = emptyBlock();
            Map<BankId, List<ObservedTransfer>> byDestination = new TreeMap<>();
            for (int index = 0; index < TRANSFERS_PER_BLOCK; index++) {
                long sequence = nextSequence + index;
                BankId source = BANKS.get((int) (sequence % 2));
                BankId destination = BANKS.get(2 + (int) (sequence / 2 % 2));
                byDestination.computeIfAbsent(destination, bank -> new ArrayList<>())
                        .add(HubStateFixtures.observed(source, destination, 1_000 + sequence, sequence));
            }
            int perBatch = TRANSFERS_PER_BLOCK / BATCHES_PER_BLOCK;
            List<HubTransfer> transfers = new ArrayList<>();
            List<HubBatch> batches = new ArrayList<>();
            List<JournalEntry> issues = new ArrayList<>();
            for (Map.Entry<BankId, List<ObservedTransfer>> destination : byDestination.entrySet()) {
                List<ObservedTransfer> mints = destination.getValue();
                for (int first = 0; first < mints.size(); first += perBatch) {
                    List<ObservedTransfer> inBatch = mints.subList(first, Math.min(mints.size(), first + perBatch));
                    BatchId id = new BatchId(destination.getKey(), nextBatchNumbers.merge(destination.getKey(), 1L, Long::sum));
                    batches.add(HubStateFixtures.openBatch(id, height, inBatch, 3));
                    for (ObservedTransfer observed : inBatch) {
                        long journalSequence = nextJournalSequence++;
                        transfers.add(HubStateFixtures.TransferBuilder.observed(nextSequence++, observed, height).attestedBy(1, 2, 3)
                                .confirmed(height, journalSequence).batch(id).build());
                        issues.add(new JournalEntry(journalSequence, height, HubStateFixtures.blockTime(height), EntryType.ISSUE, observed.sourceBank(),
                                observed.destinationBank(), observed.amount(), observed.transferId().toString()));
                    }
                }
            }
            created.add(transfers);
            cut.add(batches);
            return block.transfers(transfers).batches(batches.toArray(HubBatch[]::new)).journal(issues.toArray(JournalEntry[]::new))
                    .events(events(transfers.size() * EVENTS_PER_NEW_TRANSFER));
        }

        /** The transfers and batches of the {@code index}-th block of new transfers, executed and done, with an event each. */
        HubStateFixtures.Block executedBlock(int index) {
            HubStateFixtures.Block block = emptyBlock();
            List<HubTransfer> executed = created.get(index).stream().map(transfer -> HubStateFixtures.TransferBuilder.from(transfer)
                    .executed(new Mint(HubStateFixtures.hash("mint:" + transfer.transferId()), 9_000 + height, height)).build()).toList();
            List<HubBatch> done = cut.get(index).stream().map(batch -> new HubBatch(batch.id(), batch.batch(), batch.createdHeight(),
                    batch.signatures(), HubBatch.Status.DONE, OptionalLong.of(height))).toList();
            return block.transfers(executed).batches(done.toArray(HubBatch[]::new)).events(events(executed.size()));
        }

        private HubEvent[] events(int count) {
            HubEvent[] events = new HubEvent[count];
            for (int index = 0; index < count; index++) {
                events[index] = HubStateFixtures.event(nextEventId++, height);
            }
            return events;
        }
    }
}
