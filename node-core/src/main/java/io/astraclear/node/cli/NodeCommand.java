package io.astraclear.node.cli;

import io.astraclear.node.AstraNode;
import io.astraclear.node.config.ConfigLoader;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra node --config FILE}: one production node. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run one validator node from a YAML configuration file.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The node's YAML file; ASTRA_* environment variables override its keys.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        NodeConfig config = ConfigLoader.fromSystemEnvironment().load(configFile);
        Vertx vertx = NodeMetrics.newVertx();
        AstraNode node;
        try {
            node = AstraNode.start(vertx, config, Optional.empty(), Fatal::halt).await(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close().await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the node did not start: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.stop().await(30, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("stop: " + e.getMessage());
            }
            stopped.countDown();
        }, "astra-node-shutdown"));
        stopped.await();
        return 0;
    }
}
