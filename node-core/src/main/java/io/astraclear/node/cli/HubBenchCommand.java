package io.astraclear.node.cli;

import io.astraclear.node.bench.HubBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra bench hub}: the hub state machine's capacity, without chain I/O. */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "Every validator attests every transfer in real signed Attest transactions; the real state machine confirms them on the "
                + "solo engine with the given storage and every validator signs every batch. Reports confirmed transfers/s and CPU per transfer.")
final class HubBenchCommand implements Callable<Integer> {
    @Option(names = "--transfers", defaultValue = "100000", description = "Transfers to attest. Default: ${DEFAULT-VALUE}.")
    int transfers;

    @Option(names = "--banks", defaultValue = "4", description = "Banks the transfers flow between. Default: ${DEFAULT-VALUE}.")
    int banks;

    @Option(names = "--validators", defaultValue = "1", description = "Validators attesting every transfer (threshold floor(2n/3)+1). Default: ${DEFAULT-VALUE}.")
    int validators;

    @Option(names = "--storage", defaultValue = "memory",
            description = "'memory' or a postgresql:// URL of an empty database or schema (durable, fsync as the server is set). Default: ${DEFAULT-VALUE}.")
    String storage;

    @Option(names = "--plugins-dir", description = "Directory of plugin jars. Default: the plugins built in this repository.")
    Path pluginsDirectory;

    @Override
    public Integer call() throws Exception {
        Path plugins = pluginsDirectory != null ? pluginsDirectory : BuiltPlugins.directory();
        System.out.printf("hub benchmark: %,d transfers between %d banks, %d validator(s), storage %s%n", transfers, banks, validators, storage);
        HubBenchmark.Result r = HubBenchmark.run(new HubBenchmark.Options(transfers, banks, validators, storage, plugins), System.out);
        System.out.println();
        System.out.println("| storage | validators | transfers | seconds | confirmed/s | CPU µs/transfer | hub blocks | batches | Attest txs | SignBatch txs |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %s | %d | %,d | %.1f | %,.0f | %.1f | %,d | %,d | %,d | %,d |%n", r.storage(), r.validators(), r.transfers(), r.seconds(),
                r.confirmedPerSecond(), r.cpuMicrosPerTransfer(), r.blocks(), r.batches(), r.attestTransactions(), r.signBatchTransactions());
        return 0;
    }
}
