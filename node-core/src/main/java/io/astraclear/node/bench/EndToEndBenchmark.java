package io.astraclear.node.bench;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.DevAccounts;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.node.AstraNode;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.dev.DevNetwork;
import io.astraclear.ports.state.HubEventType;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;

/**
 * What a customer feels: M transfers across the banks of a dev network at a fixed offered rate,
 * each from the moment its block appears on the source chain to the moment the mint's block
 * appears on the destination chain. Blocks are timed by watching each chain's head every 10 ms
 * (anvil's block timestamps have whole seconds only).
 */
public final class EndToEndBenchmark {
    private static final long HEAD_POLL_MILLIS = 10;

    /**
     * {@code validators}: validator nodes (1: dev mode's single node on the solo engine; a consortium
     * needs the CometBFT engine). {@code hubBlockTimeMillis}: the hub's empty-block interval.
     */
    public record Options(int transfers, double offeredPerSecond, int banks, long blockTimeSeconds, int validators, long hubBlockTimeMillis,
            Path pluginsDirectory) {
        public Options {
            if (transfers < 1 || transfers > 100_000) {
                throw new IllegalArgumentException("--transfers must be from 1 to 100,000");
            }
            if (offeredPerSecond <= 0 || offeredPerSecond > 1_000) {
                throw new IllegalArgumentException("--rate must be above 0 and at most 1,000 per second");
            }
            if (validators != 1) {
                throw new IllegalArgumentException("--validators: the solo engine runs one validator; a consortium needs the CometBFT engine");
            }
            if (hubBlockTimeMillis < 1 || hubBlockTimeMillis > 60_000) {
                throw new IllegalArgumentException("--hub-block-time-ms must be from 1 to 60,000");
            }
        }
    }

    public record Result(int transfers, long blockTimeSeconds, double offeredPerSecond, double sustainedPerSecond,
            double p50Seconds, double p95Seconds, double p99Seconds, double maxSeconds) {
        public double targetP99Seconds() {
            return 2.0 * Math.max(blockTimeSeconds, 0) + 0.3;
        }
    }

    private EndToEndBenchmark() {}

    public static Result run(Options options, PrintStream out) throws Exception {
        Path state = Files.createTempDirectory("astra-bench-e2e");
        out.println("starting " + options.banks() + " chains (block time " + options.blockTimeSeconds() + " s) and " + options.validators()
                + " validator node(s) ...");
        try (DevNetwork network = DevNetwork.start(new DevNetwork.Options(options.banks(), options.validators(), 0, "memory",
                options.blockTimeSeconds(), state, options.pluginsDirectory()), out)) {
            Vertx vertx = Vertx.vertx();
            List<AstraNode> nodes = new ArrayList<>();
            try {
                NodeConfig dev = network.nodeConfig(0, 0, "memory");
                NodeConfig config = dev.withProtocol(dev.protocol().withBlockTime(java.time.Duration.ofMillis(options.hubBlockTimeMillis())));
                nodes.add(AstraNode.start(vertx, config, Optional.empty()).await(60, TimeUnit.SECONDS));
                out.println("hub: solo engine, an empty block every " + options.hubBlockTimeMillis() + " ms, a block as soon as transactions wait");
                return measure(options, network, nodes, out);
            } finally {
                for (AstraNode node : nodes) {
                    node.stop().await(30, TimeUnit.SECONDS);
                }
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Source block from the hub's {@code transfer.observed}; destination block from its
     * {@code transfer.executed} (the Executor's log the validators attested).
     */
    private static Result measure(Options options, DevNetwork network, List<AstraNode> nodes, PrintStream out) throws Exception {
        List<AnvilNode> chains = network.chains();
        List<BankContracts> banks = network.deployments();
        Map<String, Integer> chainIndex = new ConcurrentHashMap<>();
        for (int i = 0; i < banks.size(); i++) {
            chainIndex.put(banks.get(i).bankId().value(), i);
        }
        List<Map<Long, Long>> blockSeen = new ArrayList<>();
        List<Web3j> clients = new ArrayList<>();
        for (AnvilNode chain : chains) {
            blockSeen.add(new ConcurrentHashMap<>());
            clients.add(JsonRpcHttp.connect(chain.rpcUrl()));
        }
        Map<String, long[]> transfers = new ConcurrentHashMap<>(); // transferId -> {source chain, source block, dest chain, dest block}
        CountDownLatch executed = new CountDownLatch(options.transfers());
        List<AutoCloseable> subscriptions = new ArrayList<>();
        for (AstraNode node : nodes) {
            subscriptions.add(node.events().subscribe(event -> {
                if (event.type() == HubEventType.TRANSFER_OBSERVED) {
                    long[] record = transfers.computeIfAbsent(event.data().get("transferId"), id -> new long[] {-1, -1, -1, -1});
                    synchronized (record) {
                        record[0] = chainIndex.get(event.data().get("sourceBank"));
                        record[1] = Long.parseLong(event.data().get("sourceBlock"));
                    }
                } else if (event.type() == HubEventType.TRANSFER_EXECUTED) {
                    long[] record = transfers.computeIfAbsent(event.data().get("transferId"), id -> new long[] {-1, -1, -1, -1});
                    synchronized (record) {
                        if (record[3] < 0) {
                            record[2] = chainIndex.get(event.data().get("destinationBank"));
                            record[3] = Long.parseLong(event.data().get("blockNumber"));
                            executed.countDown();
                        }
                    }
                }
            }));
        }
        List<Thread> watchers = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            int chain = i;
            watchers.add(Thread.ofPlatform().daemon().name("head-" + i).start(() -> watchHeads(clients.get(chain), blockSeen.get(chain))));
        }
        try {
            List<ChainAccount> payers = new ArrayList<>();
            for (int i = 0; i < chains.size(); i++) {
                payers.add(ChainAccount.connect(clients.get(i), chains.get(i).credentials(2), chains.get(i).chainId()));
            }
            String recipient = DevAccounts.derive(4).get(3).address().value();
            long intervalNanos = (long) (1e9 / options.offeredPerSecond());
            long started = System.nanoTime();
            out.printf("offering %,d transfers at %.0f/s ...%n", options.transfers(), options.offeredPerSecond());
            for (int i = 0; i < options.transfers(); i++) {
                long due = started + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered load, not waiting for an event
                }
                int source = i % banks.size();
                int destination = (source + 1 + (i / banks.size()) % (banks.size() - 1)) % banks.size();
                payers.get(source).submit(banks.get(source).gateway(), new Function(Gateway.FUNC_INITIATETRANSFER, List.of(
                        new Bytes32(banks.get(destination).bankId().toBytes32().toByteArray()),
                        new org.web3j.abi.datatypes.Address(recipient), new Uint256(BigInteger.ONE)), List.of()));
                if ((i + 1) % Math.max(1, options.transfers() / 10) == 0) {
                    out.printf("  sent %,d, executed %,d%n", i + 1, options.transfers() - executed.getCount());
                }
            }
            if (!executed.await(120 + 3L * options.blockTimeSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (options.transfers() - executed.getCount()) + " of " + options.transfers() + " transfers executed");
            }
            // the last destination block may be reported before the head watcher has seen it
            TimeUnit.MILLISECONDS.sleep(3 * HEAD_POLL_MILLIS);
            return summarise(options, transfers, blockSeen);
        } finally {
            for (AutoCloseable subscription : subscriptions) {
                subscription.close();
            }
            watchers.forEach(Thread::interrupt);
            clients.forEach(Web3j::shutdown);
        }
    }

    private static Result summarise(Options options, Map<String, long[]> transfers, List<Map<Long, Long>> blockSeen) {
        double[] latencies = new double[transfers.size()];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int index = 0;
        for (long[] record : transfers.values()) {
            Long sourceSeen = blockSeen.get((int) record[0]).get(record[1]);
            Long destinationSeen = blockSeen.get((int) record[2]).get(record[3]);
            if (sourceSeen == null || destinationSeen == null) {
                throw new IllegalStateException("a block of a transfer was never seen by the head watcher");
            }
            latencies[index++] = Math.max(0, destinationSeen - sourceSeen) / 1e9;
            first = Math.min(first, sourceSeen);
            last = Math.max(last, destinationSeen);
        }
        Arrays.sort(latencies);
        double span = Math.max(1e-9, (last - first) / 1e9);
        return new Result(latencies.length, options.blockTimeSeconds(), options.offeredPerSecond(), latencies.length / span,
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies[latencies.length - 1]);
    }

    private static double percentile(double[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** Records when each block number was first seen at the head (and fills in skipped numbers with the same time). */
    private static void watchHeads(Web3j client, Map<Long, Long> seen) {
        long known = -1;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long head = client.ethBlockNumber().send().getBlockNumber().longValueExact();
                long now = System.nanoTime();
                for (long block = known + 1; block <= head; block++) {
                    seen.putIfAbsent(block, now);
                }
                known = Math.max(known, head);
                TimeUnit.MILLISECONDS.sleep(HEAD_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a missed poll only widens the next gap
            }
        }
    }
}
