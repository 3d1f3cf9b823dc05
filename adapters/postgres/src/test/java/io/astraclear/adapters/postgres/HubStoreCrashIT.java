package io.astraclear.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.state.HubHistory;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.LiveState;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A writer process commits a hub history block after block while a second store on the same schema
 * reads: every read shows exactly the state after some whole block. The writer is then killed with
 * SIGKILL; the store holds exactly the blocks committed before (at least every block the writer
 * saw acknowledged), and a restarted writer goes on from there to the end.
 */
class HubStoreCrashIT extends PgIntegrationTest {
    private static final long SEED = 17;
    private static final int BLOCKS = 600;
    private static final int KILL_AFTER = 150;
    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern COMMITTED = Pattern.compile("committed (\\d+)");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void readersSeeWholeBlocksWhileAWriterCommitsAndAKilledWriterLosesNoAcknowledgedBlock() throws Exception {
        List<HubStateModel.Expected> expected = HubStateModel.after(HubHistory.generate(SEED, BLOCKS).blocks());
        String schema = newSchema("hub_crash");
        HubStore reader = openHubStore(schema);
        Pool sql = sql(schema);

        Writer first = startWriter(schema);
        long acknowledged = 0;
        int checkedWhileWriting = 0;
        Instant deadline = Instant.now().plus(PROCESS_TIMEOUT);
        while (acknowledged < KILL_AFTER && Instant.now().isBefore(deadline)) {
            acknowledged = Math.max(acknowledged, first.lastCommitted());
            if (assertWholeBlock(reader, sql, expected) > 0) {
                checkedWhileWriting++;
            }
        }
        first.process.destroyForcibly(); // SIGKILL: no shutdown hooks, no goodbye to PostgreSQL
        assertThat(first.process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        acknowledged = Math.max(acknowledged, first.lastCommitted());

        assertThat(acknowledged).as("the writer got far enough to be killed mid-stream").isGreaterThanOrEqualTo(KILL_AFTER);
        assertThat(checkedWhileWriting).as("reads made while the writer committed").isPositive();
        HubStore reopened = openHubStore(schema);
        long kept = assertWholeBlock(reopened, sql, expected);
        assertThat(kept).as("blocks kept after the kill").isBetween(acknowledged, (long) BLOCKS - 1);

        Writer second = startWriter(schema);
        assertThat(second.awaitLine(line -> line.equals("done " + BLOCKS))).isNotNull();
        assertThat(second.process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isZero();
        assertThat(second.seen).contains("started at " + kept);

        assertThat(assertWholeBlock(reopened, sql, expected)).isEqualTo(BLOCKS);
        assertThat(await(reopened.load())).contains(expected.getLast().live());
    }

    /** Checks that the store shows the state after a whole block; returns its height (0: nothing committed yet). */
    private static long assertWholeBlock(HubStore store, Pool sql, List<HubStateModel.Expected> expected) {
        java.util.Optional<LiveState> live = await(store.load());
        if (live.isPresent()) {
            long height = live.get().head().height();
            assertThat(live.get()).as("load() at height %d", height).isEqualTo(expected.get((int) height - 1).live());
        }
        // One statement, one snapshot: the logs and the head it shows belong together.
        Row counts = PgTestDatabase.rows(sql, """
                select (select height from hub_head) as height, (select coalesce(sum(last_id - first_id + 1), 0) from hub_event_chunks) as events,
                       (select count(*) from hub_journal) as journal, (select count(*) from hub_transactions) as transactions""").getFirst();
        long height = counts.getLong("height");
        if (height > 0) {
            HubStateModel.Expected whole = expected.get((int) height - 1);
            assertThat(counts.getLong("events")).as("events at height %d", height).isEqualTo(whole.events());
            assertThat(counts.getLong("journal")).as("journal at height %d", height).isEqualTo(whole.journal());
            assertThat(counts.getLong("transactions")).as("transactions at height %d", height).isEqualTo(whole.transactions());
        }
        return height;
    }

    private Writer startWriter(String schema) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HubCommitterMain.class.getName(),
                PgTestDatabase.serverUrl(), schema, Long.toString(SEED), Integer.toString(BLOCKS));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        processes.add(process);
        return new Writer(process);
    }

    /** A writer process and the lines it prints, read on a thread of their own so that waiting has a deadline. */
    private static final class Writer {
        private static final String END = "\u0000end of output";
        final Process process;
        final List<String> seen = new ArrayList<>();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private long lastCommitted;

        Writer(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = output.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("output unreadable: " + e);
                } finally {
                    lines.add(END);
                }
            }, "hub-writer-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The highest height the writer printed as committed so far, without waiting. */
        long lastCommitted() {
            String line;
            while ((line = lines.poll()) != null) {
                take(line);
            }
            return lastCommitted;
        }

        String awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
            Instant deadline = Instant.now().plus(PROCESS_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                String line = lines.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
                if (line == null || line.equals(END)) {
                    break;
                }
                take(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("the writer process never printed the expected line; its output:\n" + String.join("\n", seen));
        }

        private void take(String line) {
            if (line.equals(END)) {
                return;
            }
            seen.add(line);
            Matcher committed = COMMITTED.matcher(line);
            if (committed.matches()) {
                lastCommitted = Math.max(lastCommitted, Long.parseLong(committed.group(1)));
            }
        }
    }
}
