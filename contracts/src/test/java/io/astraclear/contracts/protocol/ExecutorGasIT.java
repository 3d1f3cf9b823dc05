package io.astraclear.contracts.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.bench.GasBenchmark;
import io.astraclear.contracts.bench.GasMeter;
import io.astraclear.contracts.bench.GasMeter.BatchGas;
import io.astraclear.contracts.bench.GasMeter.ExecuteGas;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestChain;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gas used by {@code Executor.execute} with a threshold of signatures for 1, 4 and 7 validators,
 * by {@code Gateway.initiateTransfer}, and per transfer by {@code Executor.executeBatch} at batch
 * sizes 1, 10, 50 and 100 (4 validators) and 50 (1 and 7 validators), measured by the
 * {@link GasMeter} that {@code astra bench gas} uses. Writes {@code target/gas-report.md} and
 * {@code target/gas-batch-report.md}. Gas is deterministic, so the assertions are exact bounds.
 */
class ExecutorGasIT {
    private static final long CHAIN_ID = 6001;

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_ID);

    private static GasMeter meter() {
        TestChain chain = CHAINS.chain(0);
        return new GasMeter(chain.node(), chain.web3j(), System.out);
    }

    @Test
    void measuresExecuteWithAThresholdOfSignatures() throws Exception {
        GasMeter meter = meter();
        List<ExecuteGas> rows = new ArrayList<>();
        for (int count : GasBenchmark.VALIDATOR_COUNTS) {
            rows.add(meter.executeGas(count));
        }
        BigInteger initiateTransferGas = meter.initiateTransferGas();

        write("gas-report.md", GasBenchmark.executeTable(rows, initiateTransferGas));
        for (int i = 1; i < rows.size(); i++) {
            ExecuteGas smaller = rows.get(i - 1);
            ExecuteGas larger = rows.get(i);
            BigInteger perSignature = larger.existingHolder().subtract(smaller.existingHolder())
                    .divide(BigInteger.valueOf(larger.signatures() - smaller.signatures()));
            // ecrecover is 3000 gas; calldata, the keccak and the validator lookup add a few thousand
            assertThat(perSignature).as("gas per extra signature").isBetween(BigInteger.valueOf(3_000), BigInteger.valueOf(15_000));
        }
        assertThat(rows.getLast().newHolder()).as("7 validators, new holder").isLessThan(BigInteger.valueOf(200_000));
        assertThat(initiateTransferGas).isPositive();
    }

    @Test
    void measuresExecuteBatchGasPerTransfer() throws Exception {
        GasMeter meter = meter();
        ExecuteGas single = meter.executeGas(GasBenchmark.COMPARED_VALIDATORS);
        List<BatchGas> rows = new ArrayList<>(meter.batchGas(GasBenchmark.COMPARED_VALIDATORS, GasBenchmark.BATCH_SIZES));
        rows.addAll(meter.batchGas(1, GasBenchmark.COMPARED_BATCH_SIZE));
        rows.addAll(meter.batchGas(7, GasBenchmark.COMPARED_BATCH_SIZE));
        BigInteger worstCase = meter.worstCaseBatchGas();

        write("gas-batch-report.md", GasBenchmark.batchTable(single, rows, worstCase));
        List<BatchGas> fourValidators = rows.stream().filter(row -> row.validators() == GasBenchmark.COMPARED_VALIDATORS).toList();
        assertThat(fourValidators.getFirst().existingHolderPerTransfer()).as("a batch of one costs more than execute: relay a lone command singly")
                .isGreaterThan(single.existingHolder());
        for (int i = 1; i < fourValidators.size(); i++) {
            assertThat(fourValidators.get(i).existingHolderPerTransfer()).as("gas per transfer falls with batch size")
                    .isLessThan(fourValidators.get(i - 1).existingHolderPerTransfer());
        }
        BatchGas compared = fourValidators.stream().filter(row -> row.size() == GasBenchmark.COMPARED_BATCH_SIZE).findFirst().orElseThrow();
        // regression guards at the measured ratios (2.57x and 2.06x); the 3x is out of reach while
        // every command needs its own new processedCommands slot (22,100 gas), see contracts/README.md
        assertThat(compared.existingHolderPerTransfer().multiply(BigInteger.valueOf(5))).as("single/batch(50) >= 2.5, existing holders")
                .isLessThanOrEqualTo(single.existingHolder().multiply(BigInteger.TWO));
        assertThat(compared.newHolderPerTransfer().multiply(BigInteger.TWO)).as("single/batch(50) >= 2, new holders")
                .isLessThanOrEqualTo(single.newHolder());
        BigInteger sevenMinusOne = rows.stream().filter(row -> row.validators() == 7).findFirst().orElseThrow().existingHolderPerTransfer()
                .subtract(rows.stream().filter(row -> row.validators() == 1).findFirst().orElseThrow().existingHolderPerTransfer());
        assertThat(sevenMinusOne).as("four more signatures, shared by 50 transfers").isBetween(BigInteger.ZERO, BigInteger.valueOf(1_000));
        assertThat(worstCase).as("MAX_BATCH_SIZE new holders with 7 validators fits one transaction").isLessThan(GasMeter.TRANSACTION_GAS_CAP);
    }

    private static void write(String name, String report) throws Exception {
        Path file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println("[gas] on anvil:\n" + report);
    }
}
