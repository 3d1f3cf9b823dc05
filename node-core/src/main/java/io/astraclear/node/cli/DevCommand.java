package io.astraclear.node.cli;

import io.astraclear.node.AstraNode;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.dev.DevNetwork;
import io.astraclear.node.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra dev}: the whole flow on this machine with one command. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run a local consortium: one anvil chain per bank with the contracts deployed, this node as the validator, and its HTTP API.")
final class DevCommand implements Callable<Integer> {
    @Option(names = "--banks", defaultValue = "2", description = "Number of banks, 2 to 26 (BANK_A, BANK_B, ...). Default: ${DEFAULT-VALUE}.")
    int banks;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP API port on 127.0.0.1 (validator i gets port + i; 0: free ports). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--validators", defaultValue = "1",
            description = "Validator nodes. The embedded solo engine runs one; a consortium of several runs on CometBFT (not driven by this node yet). Default: ${DEFAULT-VALUE}.")
    int validators;

    @Option(names = "--pg", description = "PostgreSQL URL for storage (default: in memory), e.g. postgresql://USER:PASSWORD@127.0.0.1:5432/astra_dev")
    String postgresUrl;

    @Option(names = "--block-time", defaultValue = "1", description = "Seconds between blocks on the dev chains; 0 mines every transaction at once. Default: ${DEFAULT-VALUE}.")
    long blockTimeSeconds;

    @Option(names = "--state-dir", defaultValue = ".astra-dev", description = "Where network.json and the chains' logs go. Default: ${DEFAULT-VALUE}.")
    Path stateDirectory;

    @Option(names = "--plugins-dir", description = "Directory of plugin jars. Default: the plugins built in this repository.")
    Path pluginsDirectory;

    @Override
    public Integer call() throws Exception {
        Path plugins = pluginsDirectory != null ? pluginsDirectory : BuiltPlugins.directory();
        String storageUrl = postgresUrl == null ? "memory" : postgresUrl;
        System.out.printf("astra dev: %d banks, %d validator%s, storage %s, API port %d%n", banks, validators, validators == 1 ? "" : "s",
                storageUrl.equals("memory") ? "in memory" : storageUrl, port);
        System.out.println("starting chains and deploying contracts ...");
        long started = System.nanoTime();
        DevNetwork network = DevNetwork.start(new DevNetwork.Options(banks, validators, port, storageUrl, blockTimeSeconds, stateDirectory, plugins), System.out);
        Vertx vertx = NodeMetrics.newVertx();
        List<AstraNode> nodes = new ArrayList<>();
        List<DevNetwork.RunningNode> running = new ArrayList<>();
        try {
            NodeConfig config = network.nodeConfig(0, port, storageUrl);
            System.out.printf("starting %s ...%n", config.nodeName());
            AstraNode node = AstraNode.start(vertx, config, Optional.of(network::devTransfers), Fatal::halt).await(60, TimeUnit.SECONDS);
            nodes.add(node);
            running.add(new DevNetwork.RunningNode(0, "http://127.0.0.1:" + node.apiPort(), storageUrl));
        } catch (Exception e) {
            stopAll(nodes);
            vertx.close().await(10, TimeUnit.SECONDS);
            network.close();
            throw new IllegalStateException("the node did not start: " + e.getMessage(), e);
        }
        String apiUrl = running.get(0).apiUrl();
        Path networkFile = network.writeNetworkFile(running, network.adminToken());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the node" + (nodes.size() == 1 ? "" : "s") + " and the chains ...");
            stopAll(nodes);
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("vert.x close: " + e.getMessage());
            }
            network.close();
            System.out.println("stopped; no chain left running");
            stopped.countDown();
        }, "astra-dev-shutdown"));
        System.out.println();
        for (DevNetwork.RunningNode node : running) {
            System.out.printf("  %-16s %s  validator %s%n", "dev-validator-" + (node.validatorIndex() + 1), node.apiUrl(),
                    network.validatorAddress(node.validatorIndex()));
        }
        System.out.printf("  hub              '%s' on the solo engine (one validator, threshold 1)%n", DevNetwork.HUB_CHAIN_ID);
        System.out.println("  token            " + network.adminToken() + " (admin; also in " + networkFile + ")");
        System.out.println("\nsend 100 from alice@BANK_A to bob@BANK_B, then look at the transfer and the ledger:");
        System.out.println("  TOKEN=" + network.adminToken());
        String auth = " -H \"Authorization: Bearer $TOKEN\"";
        System.out.println("  curl -s -X POST " + apiUrl + "/api/v1/dev/transfers" + auth + " -H 'content-type: application/json' -d '{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"100\"}'");
        System.out.println("  curl -s" + auth + " " + apiUrl + "/api/v1/transfers/<transferId>");
        System.out.println("  curl -s" + auth + " " + apiUrl + "/api/v1/ledger");
        System.out.println("  curl -s" + auth + " " + apiUrl + "/api/v1/hub                   # height, app hash, validators");
        System.out.println("  curl -s -X POST" + auth + " " + apiUrl + "/api/v1/netting/rounds");
        System.out.println("  websocat -H \"Authorization: Bearer $TOKEN\" '" + apiUrl.replace("http://", "ws://") + "/api/v1/events?after=0'");
        // the ready line comes last: whoever waits for it (a script, DevModeIT) has every line above it already
        System.out.printf("%nready in %.1f s. Network: %s. Ctrl-C stops everything.%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, networkFile);
        stopped.await();
        return 0;
    }

    private static void stopAll(List<AstraNode> nodes) {
        for (AstraNode node : nodes.reversed()) {
            try {
                node.stop().await(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("node stop: " + e.getMessage());
            }
        }
    }
}
