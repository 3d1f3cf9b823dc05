package io.astraclear.node.cli;

import io.astraclear.node.bench.EndToEndBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra bench e2e}: latency a customer feels, source-chain inclusion to destination-chain inclusion. */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "Send transfers at a fixed rate on a dev network and report latency from source-chain to destination-chain inclusion (p50/p95/p99/max) and sustained transfers/s.")
final class EndToEndBenchCommand implements Callable<Integer> {
    @Option(names = "--transfers", defaultValue = "300", description = "Transfers to send. Default: ${DEFAULT-VALUE}.")
    int transfers;

    @Option(names = "--rate", defaultValue = "20", description = "Offered transfers per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--banks", defaultValue = "2", description = "Banks (one chain each). Default: ${DEFAULT-VALUE}.")
    int banks;

    @Option(names = "--block-time", defaultValue = "1", description = "Seconds between blocks; 0 mines each transaction at once. Default: ${DEFAULT-VALUE}.")
    long blockTimeSeconds;

    @Option(names = "--validators", defaultValue = "1",
            description = "Validator nodes; the solo engine runs one (a consortium needs the CometBFT engine). Default: ${DEFAULT-VALUE}.")
    int validators;

    @Option(names = "--hub-block-time-ms", defaultValue = "1000",
            description = "The hub's empty-block interval (a block is cut at once when transactions wait). Default: ${DEFAULT-VALUE}.")
    long hubBlockTimeMillis;

    @Option(names = "--plugins-dir", description = "Directory of plugin jars. Default: the plugins built in this repository.")
    Path pluginsDirectory;

    @Override
    public Integer call() throws Exception {
        Path plugins = pluginsDirectory != null ? pluginsDirectory : BuiltPlugins.directory();
        EndToEndBenchmark.Result r = EndToEndBenchmark.run(new EndToEndBenchmark.Options(transfers, rate, banks, blockTimeSeconds, validators, hubBlockTimeMillis, plugins), System.out);
        System.out.println();
        System.out.println("| validators | chain block time | transfers | offered/s | sustained/s | p50 s | p95 s | p99 s | max s | p99 target s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %d | %s | %,d | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.1f %s |%n",
                validators, r.blockTimeSeconds() == 0 ? "instant" : r.blockTimeSeconds() + " s", r.transfers(), r.offeredPerSecond(), r.sustainedPerSecond(),
                r.p50Seconds(), r.p95Seconds(), r.p99Seconds(), r.maxSeconds(), r.targetP99Seconds(), r.p99Seconds() <= r.targetP99Seconds() ? "(met)" : "(missed)");
        return 0;
    }
}
