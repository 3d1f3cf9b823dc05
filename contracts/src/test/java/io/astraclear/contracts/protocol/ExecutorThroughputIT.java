package io.astraclear.contracts.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.bench.GasBenchmark;
import io.astraclear.contracts.bench.GasMeter;
import io.astraclear.contracts.bench.GasMeter.Throughput;
import io.astraclear.contracts.devnet.DevValidators;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestChain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sustained mints per second on anvil with instant mining, from one relayer account with pipelined
 * nonces: {@code execute} one command per transaction against {@code executeBatch} 50 commands per
 * transaction, each mode on a fresh chain, measured by {@link GasMeter#throughput} as
 * {@code astra bench gas} does. Writes {@code target/throughput-report.md}. Sizes:
 * {@code -Dastra.bench.singleMints=500 -Dastra.bench.batches=40}.
 */
@Tag("benchmark")
class ExecutorThroughputIT {
    private static final long SINGLE_CHAIN_ID = 6101;
    private static final long BATCH_CHAIN_ID = 6102;
    private static final DevValidators VALIDATORS = DevValidators.create("throughput", GasBenchmark.COMPARED_VALIDATORS);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(SINGLE_CHAIN_ID, BATCH_CHAIN_ID);

    @Test
    void batchingRaisesSustainedMintsPerSecond() throws Exception {
        int singleMints = Integer.getInteger("astra.bench.singleMints", 500);
        int batches = Integer.getInteger("astra.bench.batches", 40);

        Throughput single = meter(CHAINS.chain(0)).throughput(VALIDATORS, 1, singleMints);
        Throughput batch = meter(CHAINS.chain(1)).throughput(VALIDATORS, GasBenchmark.COMPARED_BATCH_SIZE, batches);

        String report = GasBenchmark.throughputTable(single, batch);
        Path file = Path.of("target", "throughput-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println("[throughput] Executor on anvil, instant mining, one relayer:\n" + report);
        assertThat(single.mints()).isEqualTo(singleMints);
        assertThat(batch.mints()).isEqualTo(batches * GasBenchmark.COMPARED_BATCH_SIZE);
        assertThat(batch.mintsPerSecond()).as("batched mints/s above single mints/s").isGreaterThan(single.mintsPerSecond());
    }

    private static GasMeter meter(TestChain chain) {
        return new GasMeter(chain.node(), chain.web3j(), System.out);
    }
}
