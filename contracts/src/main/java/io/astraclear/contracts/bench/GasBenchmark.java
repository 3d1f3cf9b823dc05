package io.astraclear.contracts.bench;

import io.astraclear.contracts.bench.GasMeter.BatchGas;
import io.astraclear.contracts.bench.GasMeter.ExecuteGas;
import io.astraclear.contracts.bench.GasMeter.Throughput;
import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.DevValidators;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import io.astraclear.ports.domain.MintBatch;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.Web3j;

/**
 * {@code astra bench gas}: gas of {@code Executor.execute} (1, 4 and 7 validators, new and existing
 * holder), of {@code Gateway.initiateTransfer} and per transfer of {@code executeBatch} (sizes 1, 10,
 * 50 and 100 with 4 validators, 50 with 1 and 7), the single/batch(50) ratio against the 3× target,
 * and the sustained mints/s on anvil of single executes against batches of 50. Starts its own anvil
 * chains (instant mining, loopback): one for the gas figures and a fresh one for each throughput mode.
 */
public final class GasBenchmark {
    public static final int[] VALIDATOR_COUNTS = {1, 4, 7};
    public static final int[] BATCH_SIZES = {1, 10, 50, 100};
    public static final int COMPARED_VALIDATORS = 4;
    public static final int COMPARED_BATCH_SIZE = 50;
    /** The target: gas per transfer at batch size 50 at least 3× lower than single execution, 4 validators. */
    public static final BigDecimal TARGET_RATIO = BigDecimal.valueOf(3);
    private static final long GAS_CHAIN_ID = 6001;
    private static final long SINGLE_CHAIN_ID = 6101;
    private static final long BATCH_CHAIN_ID = 6102;

    /** {@code mints}: how many mints each throughput mode times (as single executes, and as batches of 50). */
    public record Options(int mints) {
        public Options {
            if (mints < COMPARED_BATCH_SIZE || mints > 100_000) {
                throw new IllegalArgumentException("--mints must be from " + COMPARED_BATCH_SIZE + " to 100,000, got " + mints);
            }
        }
    }

    public record Result(List<ExecuteGas> execute, BigInteger initiateTransfer, List<BatchGas> batches, BigInteger worstCaseBatch,
            Throughput single, Throughput batch) {
        public ExecuteGas execute(int validators) {
            return execute.stream().filter(row -> row.validators() == validators).findFirst().orElseThrow();
        }

        public BatchGas batch(int validators, int size) {
            return batches.stream().filter(row -> row.validators() == validators && row.size() == size).findFirst().orElseThrow();
        }

        /** {@code execute} gas over {@code executeBatch(50)} gas per transfer, 4 validators, existing holders. */
        public BigDecimal ratioExistingHolders() {
            return ratio(execute(COMPARED_VALIDATORS).existingHolder(), batch(COMPARED_VALIDATORS, COMPARED_BATCH_SIZE).existingHolderPerTransfer());
        }

        /** The same for new holders (the mint creates the recipient's balance slot). */
        public BigDecimal ratioNewHolders() {
            return ratio(execute(COMPARED_VALIDATORS).newHolder(), batch(COMPARED_VALIDATORS, COMPARED_BATCH_SIZE).newHolderPerTransfer());
        }

        /** Met only if batching saves 3× for existing and for new holders alike. */
        public boolean targetMet() {
            return ratioExistingHolders().compareTo(TARGET_RATIO) >= 0 && ratioNewHolders().compareTo(TARGET_RATIO) >= 0;
        }

        public double mintsPerSecondRatio() {
            return batch.mintsPerSecond() / single.mintsPerSecond();
        }

        /** Every table of the run, in markdown. */
        public String tables() {
            return executeTable(execute, initiateTransfer) + "\n" + batchTable(execute(COMPARED_VALIDATORS), batches, worstCaseBatch) + "\n"
                    + targetLine() + "\n\n" + throughputTable(single, batch);
        }

        public String targetLine() {
            return String.format(Locale.ROOT, "target: gas per transfer at batch size %d at least %s× lower than `execute` with %d validators:"
                    + " %s× for existing holders, %s× for new holders: %s", COMPARED_BATCH_SIZE, TARGET_RATIO, COMPARED_VALIDATORS,
                    ratioExistingHolders(), ratioNewHolders(), targetMet() ? "met" : "not met");
        }
    }

    private GasBenchmark() {}

    public static Result run(Options options, PrintStream out) throws Exception {
        out.printf("astra bench gas: anvil %s, instant mining; %,d mints per throughput mode%n", AnvilNode.locateExecutable(), options.mints());
        List<ExecuteGas> execute = new ArrayList<>();
        List<BatchGas> batches = new ArrayList<>();
        BigInteger[] transferAndWorstCase = onFreshChain(GAS_CHAIN_ID, out, meter -> {
            for (int count : VALIDATOR_COUNTS) {
                execute.add(meter.executeGas(count));
            }
            BigInteger initiateTransfer = meter.initiateTransferGas();
            batches.addAll(meter.batchGas(COMPARED_VALIDATORS, BATCH_SIZES));
            for (int count : VALIDATOR_COUNTS) {
                if (count != COMPARED_VALIDATORS) {
                    batches.addAll(meter.batchGas(count, COMPARED_BATCH_SIZE));
                }
            }
            return new BigInteger[] {initiateTransfer, meter.worstCaseBatchGas()};
        });
        DevValidators validators = DevValidators.create("throughput", COMPARED_VALIDATORS);
        Throughput single = onFreshChain(SINGLE_CHAIN_ID, out, meter -> meter.throughput(validators, 1, options.mints()));
        Throughput batch = onFreshChain(BATCH_CHAIN_ID, out,
                meter -> meter.throughput(validators, COMPARED_BATCH_SIZE, options.mints() / COMPARED_BATCH_SIZE));
        return new Result(List.copyOf(execute), transferAndWorstCase[0], List.copyOf(batches), transferAndWorstCase[1], single, batch);
    }

    @FunctionalInterface
    private interface Measurement<T> {
        T on(GasMeter meter) throws Exception;
    }

    /** Runs {@code measurement} on a fresh anvil chain, stopped afterwards. */
    private static <T> T onFreshChain(long chainId, PrintStream out, Measurement<T> measurement) throws Exception {
        try (AnvilNode node = AnvilNode.builder().chainId(chainId).start()) {
            out.println("started " + node);
            Web3j web3j = JsonRpcHttp.connect(node.rpcUrl());
            try {
                return measurement.on(new GasMeter(node, web3j, out));
            } finally {
                web3j.shutdown();
            }
        }
    }

    public static String executeTable(List<ExecuteGas> rows, BigInteger initiateTransfer) {
        StringBuilder table = new StringBuilder()
                .append("| validators | signatures (threshold) | `execute`, new holder | `execute`, existing holder |\n")
                .append("|---:|---:|---:|---:|\n");
        for (ExecuteGas row : rows) {
            table.append(String.format(Locale.ROOT, "| %d | %d | %,d | %,d |%n", row.validators(), row.signatures(), row.newHolder(), row.existingHolder()));
        }
        return table.append(String.format(Locale.ROOT, "%n`Gateway.initiateTransfer` (payer keeps a balance): %,d%n", initiateTransfer)).toString();
    }

    /** Gas per transfer of each batch, after the {@code single} execute row it is compared with. */
    public static String batchTable(ExecuteGas single, List<BatchGas> rows, BigInteger worstCase) {
        StringBuilder table = new StringBuilder()
                .append("| validators | signatures | batch size | gas/transfer, new holders | gas/transfer, existing holders | batch total, new holders |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | `execute` | %,d | %,d | %,d |%n", single.validators(), single.signatures(),
                        single.newHolder(), single.existingHolder(), single.newHolder()));
        for (BatchGas row : rows) {
            table.append(String.format(Locale.ROOT, "| %d | %d | %d | %,d | %,d | %,d |%n", row.validators(), row.signatures(), row.size(),
                    row.newHolderPerTransfer(), row.existingHolderPerTransfer(), row.newHolders()));
        }
        List<BatchGas> same = rows.stream().filter(row -> row.validators() == single.validators()).toList();
        if (same.size() >= 2) {
            BatchGas largest = same.getLast();
            BatchGas previous = same.get(same.size() - 2);
            BigInteger entries = BigInteger.valueOf(largest.size() - previous.size());
            table.append(String.format(Locale.ROOT, "%nmarginal gas per batch entry (%d -> %d, %d validators): new holder %,d, existing holder %,d%n",
                    previous.size(), largest.size(), single.validators(), largest.newHolders().subtract(previous.newHolders()).divide(entries),
                    largest.existingHolders().subtract(previous.existingHolders()).divide(entries)));
        }
        if (worstCase != null) {
            table.append(String.format(Locale.ROOT, "worst case: MAX_BATCH_SIZE = %d entries to new holders with 7 validators: %,d gas"
                    + " (per-transaction cap %,d)%n", MintBatch.MAX_SIZE, worstCase, GasMeter.TRANSACTION_GAS_CAP));
        }
        return table.toString();
    }

    public static String throughputTable(Throughput... runs) {
        StringBuilder table = new StringBuilder()
                .append("| mode | mints | transactions | all sent after (ms) | last receipt after (ms) | mints/s | transactions/s |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Throughput run : runs) {
            table.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,d | %,d | %,d | %,d |%n", run.mode(), run.mints(), run.transactions(),
                    run.submitNanos() / 1_000_000, run.elapsedNanos() / 1_000_000, Math.round(run.mintsPerSecond()),
                    Math.round(run.transactionsPerSecond())));
        }
        if (runs.length == 2) {
            table.append(String.format(Locale.ROOT, "%nbatch/single mints/s: %.1f× on %d processors (anvil, instant mining, one relayer, pipelined nonces)%n",
                    runs[1].mintsPerSecond() / runs[0].mintsPerSecond(), Runtime.getRuntime().availableProcessors()));
        }
        return table.toString();
    }

    /** {@code single / batch}, two decimals. */
    public static BigDecimal ratio(BigInteger single, BigInteger batch) {
        return new BigDecimal(single).divide(new BigDecimal(batch), 2, RoundingMode.HALF_UP);
    }
}
