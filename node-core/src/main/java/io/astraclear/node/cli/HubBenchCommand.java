package io.astraclear.node.cli;

import io.astraclear.node.bench.HubBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra bench hub}: the node's own capacity, without chain I/O. */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "Inject attested transfers straight into the pipeline (real signing, vote counting, ledger writes, commands) and report confirmed transfers/s and CPU per transfer.")
final class HubBenchCommand implements Callable<Integer> {
    @Option(names = "--transfers", defaultValue = "100000", description = "Transfers to inject. Default: ${DEFAULT-VALUE}.")
    int transfers;

    @Option(names = "--banks", defaultValue = "4", description = "Banks the transfers flow between. Default: ${DEFAULT-VALUE}.")
    int banks;

    @Option(names = "--storage", defaultValue = "memory", description = "'memory' or a postgresql:// URL (durable). Default: ${DEFAULT-VALUE}.")
    String storage;

    @Option(names = "--in-flight", defaultValue = "8", description = "Reads of 500 transfers in flight at once. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(names = "--plugins-dir", description = "Directory of plugin jars. Default: the plugins built in this repository.")
    Path pluginsDirectory;

    @Override
    public Integer call() throws Exception {
        Path plugins = pluginsDirectory != null ? pluginsDirectory : BuiltPlugins.directory();
        System.out.printf("hub benchmark: %,d transfers between %d banks, storage %s%n", transfers, banks, storage);
        HubBenchmark.Result result = HubBenchmark.run(new HubBenchmark.Options(transfers, banks, storage, plugins, inFlight), System.out);
        System.out.println();
        System.out.println("| storage | transfers | seconds | confirmed/s | CPU µs/transfer | CPU µs/signature | CPU ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %s | %,d | %.1f | %,.0f | %.0f | %.0f | %.1f× |%n", result.storage(), result.transfers(), result.seconds(),
                result.confirmedPerSecond(), result.cpuMicrosPerTransfer(), result.cpuMicrosPerSignature(),
                result.cpuMicrosPerTransfer() / result.cpuMicrosPerSignature());
        return 0;
    }
}
