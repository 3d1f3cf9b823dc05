package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.bench.GasBenchmark;
import io.astraclear.node.bench.EndToEndBenchmark;
import io.astraclear.node.bench.HubBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Small runs of {@code ./astra bench hub}, {@code e2e} and {@code gas}, so the benchmarks keep working; their figures live in docs/BENCHMARKS.md. */
class BenchmarkSmokeIT {
    @Test
    void theHubBenchmarkConfirmsEveryAttestedTransferAndSignsItsBatches() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        HubBenchmark.Result result = HubBenchmark.run(new HubBenchmark.Options(2_000, 3, 1, "memory", BuiltPluginJars.directory("signer-ecdsa",
                "netting-bilateral")), new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(result.transfers()).isEqualTo(2_000);
        assertThat(result.confirmedPerSecond()).isPositive();
        assertThat(result.cpuMicrosPerTransfer()).isPositive();
        assertThat(result.blocks()).isPositive();
        assertThat(result.attestTransactions()).isPositive();
        assertThat(result.batches()).as("mint batches cut for 2,000 confirmed transfers").isPositive();
        assertThat(result.signBatchTransactions()).as("one validator signs every batch").isGreaterThanOrEqualTo(result.batches());
    }

    @Test
    void everySentTransferIsTimedFromSourceBlockToDestinationBlock() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        EndToEndBenchmark.Result result = EndToEndBenchmark.run(
                new EndToEndBenchmark.Options(20, 40, 2, 0, 1, 50, BuiltPluginJars.directory("signer-ecdsa", "netting-bilateral")),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(result.transfers()).isEqualTo(20);
        assertThat(result.p50Seconds()).isPositive().isLessThanOrEqualTo(result.p99Seconds());
        assertThat(result.p99Seconds()).isLessThanOrEqualTo(result.maxSeconds());
        assertThat(result.sustainedPerSecond()).isPositive();
    }

    @Test
    void batchingCutsGasPerTransferAndRaisesMintsPerSecond() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        GasBenchmark.Result result = GasBenchmark.run(new GasBenchmark.Options(50), new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(result.execute()).hasSize(3);
        assertThat(result.execute(1).existingHolder()).as("gas grows with signatures").isLessThan(result.execute(7).existingHolder());
        assertThat(result.execute(4).newHolder()).as("a first mint creates the holder's balance slot").isGreaterThan(result.execute(4).existingHolder());
        assertThat(result.initiateTransfer()).isPositive();
        assertThat(result.batch(4, 50).existingHolderPerTransfer()).as("batch of 50 per transfer below a single execute")
                .isPositive().isLessThan(result.execute(4).existingHolder());
        assertThat(result.batch(4, 50).newHolderPerTransfer()).isLessThan(result.execute(4).newHolder());
        assertThat(result.ratioExistingHolders()).isGreaterThan(java.math.BigDecimal.ONE);
        assertThat(result.single().mints()).isEqualTo(50);
        assertThat(result.batch().mints()).isEqualTo(50);
        assertThat(result.single().mintsPerSecond()).isPositive();
        assertThat(result.batch().mintsPerSecond()).isPositive();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[gas] executeBatch(50), 4 validators", "[throughput] execute:");
        assertThat(result.tables()).contains("| 4 | 3 | 50 |", "target:", "mints/s");
    }
}
