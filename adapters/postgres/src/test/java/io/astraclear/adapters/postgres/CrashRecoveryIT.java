package io.astraclear.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A writer process killed with SIGKILL in the middle of a stream of writes leaves a consistent
 * database (every transaction whole or absent), and a restarted writer finishes the stream
 * without duplicating anything.
 */
class CrashRecoveryIT extends PgIntegrationTest {
    private static final int TRANSFERS = 6_000;
    private static final int KILL_AFTER = 1_000;
    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern DONE = Pattern.compile("done confirmed=(\\d+) alreadyConfirmed=(\\d+) failed=(\\d+)");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aWriterKilledMidStreamLeavesAConsistentDatabaseAndARestartFinishesWithoutDuplicates() throws Exception {
        String schema = newSchema("crash");
        Pool sql = sql(schema);

        Writer first = startWriter(schema);
        first.awaitLine(line -> line.startsWith("progress ") && Long.parseLong(line.substring(9)) >= KILL_AFTER);
        first.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing, no goodbye to PostgreSQL
        assertThat(first.process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        long issuedBeforeRestart = assertConsistent(sql);
        assertThat(issuedBeforeRestart).as("killed mid-stream").isBetween((long) KILL_AFTER, TRANSFERS - 1L);

        Writer second = startWriter(schema);
        Matcher done = DONE.matcher(second.awaitLine(line -> DONE.matcher(line).matches()));
        assertThat(done.matches()).isTrue();
        assertThat(second.process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isZero();

        long confirmedByRestart = Long.parseLong(done.group(1));
        assertThat(Long.parseLong(done.group(3))).isZero();
        assertThat(issuedBeforeRestart + confirmedByRestart).as("every transfer issued exactly once over both runs").isEqualTo(TRANSFERS);
        assertThat(Long.parseLong(done.group(2))).isEqualTo(issuedBeforeRestart);

        assertThat(assertConsistent(sql)).isEqualTo(TRANSFERS);
        assertThat(PgTestDatabase.count(sql, "select count(*) from transfers")).isEqualTo(TRANSFERS);
        assertThat(PgTestDatabase.count(sql, "select count(*) from transfers where status <> 'CONFIRMED'")).isZero();
        assertThat(PgTestDatabase.count(sql, "select count(*) from votes")).isEqualTo(TRANSFERS * (long) CrashWorkload.VALIDATORS);
        assertThat(PgTestDatabase.count(sql, "select count(*) from ledger_entries where type = 'SETTLEMENT_BURN'")).isEqualTo(TRANSFERS / 10);
        Map<String, BigInteger> balances = new TreeMap<>();
        for (Row row : PgTestDatabase.rows(sql, "select issuer, holder, amount::text as amount from balances")) {
            balances.put(row.getString("issuer") + ">" + row.getString("holder"), new BigInteger(row.getString("amount")));
        }
        assertThat(balances).isEqualTo(CrashWorkload.expectedBalances(TRANSFERS));
    }

    /** Checks every cross-table invariant a torn transaction would break; returns the number of ISSUE entries. */
    private static long assertConsistent(Pool sql) {
        long issued = PgTestDatabase.count(sql, "select count(*) from ledger_entries where type = 'ISSUE'");
        assertThat(PgTestDatabase.count(sql, "select count(*) from commands")).as("one command per ISSUE").isEqualTo(issued);
        assertThat(PgTestDatabase.count(sql, "select count(*) from transfers where status <> 'OBSERVED'"))
                .as("one confirmed transfer per ISSUE").isEqualTo(issued);
        assertNone(sql, "confirmed transfers without their ISSUE", """
                select count(*) from transfers t
                where t.status <> 'OBSERVED'
                  and not exists (select 1 from ledger_entries e
                                  where e.type = 'ISSUE' and e.reference = '0x' || encode(t.transfer_id, 'hex')
                                    and e.issuer = t.source_bank and e.holder = t.destination_bank and e.amount = t.amount)""");
        assertNone(sql, "ISSUE entries without a confirmed transfer and its command", """
                select count(*) from ledger_entries e
                where e.type = 'ISSUE'
                  and not exists (select 1 from transfers t join commands c on c.command_id = t.command_id
                                  where '0x' || encode(t.transfer_id, 'hex') = e.reference and t.status <> 'OBSERVED'
                                    and c.transfer_id = t.transfer_id and c.amount = e.amount)""");
        assertNone(sql, "commands short of their three counted votes", """
                select count(*) from commands c
                where (select count(*) from votes v where v.digest = c.digest and v.counted) < 3""");
        assertNone(sql, "balances that differ from the journal's sums", """
                with sums as (select issuer, holder, sum(case when type = 'ISSUE' then amount else -amount end) as amount
                              from ledger_entries group by issuer, holder)
                select count(*) from sums full join balances b using (issuer, holder)
                where coalesce(sums.amount, 0) <> coalesce(b.amount, 0)""");
        assertNone(sql, "settlements without the ISSUE they settle", """
                select count(*) from ledger_entries s
                where s.type = 'SETTLEMENT_BURN'
                  and not exists (select 1 from transfers t
                                  where s.reference = 'settle-' || t.block_number and t.status = 'CONFIRMED')""");
        assertNone(sql, "transfers whose status is not their last status change", """
                select count(*) from transfers t
                where t.status <> (select s.status from transfer_status_changes s where s.transfer_id = t.transfer_id
                                   order by s.seq desc limit 1)""");
        assertNone(sql, "transfers with a partial status history", """
                select count(*) from transfers t
                where (select count(*) from transfer_status_changes s where s.transfer_id = t.transfer_id)
                      <> case t.status when 'OBSERVED' then 1 else 2 end""");
        assertNone(sql, "checkpoints that are not the newest block stored for their bank", """
                select count(*) from checkpoints c
                where c.block_number <> (select max(t.block_number) from transfers t where t.source_bank = c.bank)""");
        assertThat(PgTestDatabase.count(sql, "select count(*) from audit_log where action = 'TRANSFER_OBSERVED'"))
                .isEqualTo(PgTestDatabase.count(sql, "select count(*) from transfers"));
        assertThat(PgTestDatabase.count(sql, "select count(*) from audit_log where action = 'TRANSFER_CONFIRMED'")).isEqualTo(issued);
        assertThat(PgTestDatabase.count(sql, "select count(*) from audit_log where action = 'VOTE_RECORDED'"))
                .isEqualTo(PgTestDatabase.count(sql, "select count(*) from votes where counted"));
        assertThat(PgTestDatabase.count(sql, "select count(*) from audit_log where action = 'SETTLEMENT_CONFIRMED'"))
                .isEqualTo(PgTestDatabase.count(sql, "select count(*) from ledger_entries where type = 'SETTLEMENT_BURN'"));
        return issued;
    }

    private static void assertNone(Pool sql, String what, String countQuery) {
        assertThat(PgTestDatabase.count(sql, countQuery)).as(what).isZero();
    }

    private Writer startWriter(String schema) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(),
                PgTestDatabase.serverUrl(), schema, Integer.toString(TRANSFERS));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        processes.add(process);
        return new Writer(process);
    }

    /** A writer process and the lines it prints, read on a thread of their own so waiting has a deadline. */
    private static final class Writer {
        private static final String END = "\u0000end of output";
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

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
            }, "crash-writer-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for the first line matching {@code wanted}; fails if the process ends or goes quiet first. */
        String awaitLine(Predicate<String> wanted) throws InterruptedException {
            Instant deadline = Instant.now().plus(PROCESS_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                String line = lines.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
                if (line == null || line.equals(END)) {
                    break;
                }
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("the writer process never printed the expected line; its output:\n" + String.join("\n", seen));
        }
    }
}
