package io.astraclear.node.cli;

import io.astraclear.contracts.bench.GasBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra bench gas}: what the Executor costs per transfer on chain, singly and in batches, and the mint rate batching allows. */
@Command(name = "gas", mixinStandardHelpOptions = true,
        description = "On its own anvil chains (instant mining), report the gas of Executor.execute (1, 4, 7 validators; new and existing"
                + " holder), Gateway.initiateTransfer and executeBatch per transfer (sizes 1, 10, 50, 100 with 4 validators; 50 with 1 and 7),"
                + " the single/batch(50) ratio against the 3x target, and sustained mints/s of single executes against batches of 50.")
final class GasBenchCommand implements Callable<Integer> {
    @Option(names = "--mints", defaultValue = "1000",
            description = "Mints timed per throughput mode: as that many execute transactions, and as batches of 50. Default: ${DEFAULT-VALUE}.")
    int mints;

    @Override
    public Integer call() throws Exception {
        GasBenchmark.Result result = GasBenchmark.run(new GasBenchmark.Options(mints), System.out);
        System.out.println();
        System.out.print(result.tables());
        return 0;
    }
}
