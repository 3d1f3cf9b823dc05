package io.astraclear.node.bench;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.consensus.SoloConsensus;
import io.astraclear.node.pipeline.ClearingPipeline;
import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.node.plugins.LoadedPlugins;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's own capacity: attested events injected straight into the pipeline (no chain I/O)
 * through real signing, real vote counting, real ledger writes and real command creation, with
 * the storage the node would use. Reports confirmed transfers/s and process CPU per transfer,
 * against the CPU cost of the one signature each transfer needs.
 */
public final class HubBenchmark {
    /** Transfers per injected read, as a watcher delivers them. */
    private static final int CHUNK = 500;

    public record Options(int transfers, int banks, String storageUrl, Path pluginsDirectory, int chunksInFlight) {
        public Options {
            if (transfers < CHUNK || transfers > 10_000_000) {
                throw new IllegalArgumentException("--transfers must be from " + CHUNK + " to 10,000,000");
            }
            if (banks < 2 || banks > 26) {
                throw new IllegalArgumentException("--banks must be from 2 to 26");
            }
            if (chunksInFlight < 1 || chunksInFlight > 64) {
                throw new IllegalArgumentException("--in-flight must be from 1 to 64");
            }
        }
    }

    public record Result(String storage, int transfers, double seconds, double confirmedPerSecond, double cpuMicrosPerTransfer,
            double cpuMicrosPerSignature) {}

    private HubBenchmark() {}

    public static Result run(Options options, PrintStream out) throws Exception {
        quietEventLog();
        // a dev-only validator key: anvil's public account 10, the same dev mode uses
        String validatorKey = io.astraclear.contracts.devnet.DevAccounts.derive(11).get(10).privateKey();
        try (LoadedPlugins plugins = LoadedPlugins.load(new NodeConfig.Plugins(options.pluginsDirectory(), "secp256k1-bouncycastle", "bilateral"))) {
            Signer signer = plugins.signerProvider().create(SignerSettings.devRawKey(validatorKey));
            double cpuPerSignature = signatureCost(signer);
            out.printf("signer %s: %.1f µs CPU per signature%n", signer.address(), cpuPerSignature);

            Vertx vertx = Vertx.vertx();
            try {
                NodeConfig config = config(options, signer.address());
                StoragePort storage = io.astraclear.node.NodeWiring.storage(vertx, config.storage()).await(60, TimeUnit.SECONDS);
                try {
                    return measure(options, out, vertx, config, storage, signer, plugins, cpuPerSignature);
                } finally {
                    storage.close();
                }
            } finally {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Result measure(Options options, PrintStream out, Vertx vertx, NodeConfig config, StoragePort storage, Signer signer,
            LoadedPlugins plugins, double cpuPerSignature) throws Exception {
        EventJournal events = new EventJournal(1_000, Clock.systemUTC());
        AtomicLong confirmed = new AtomicLong();
        events.subscribe(event -> {
            if (event.type().equals(NodeEvent.TRANSFER_CONFIRMED)) {
                confirmed.incrementAndGet();
            }
        });
        ClearingPipeline pipeline = new ClearingPipeline(new ClearingPipeline.Dependencies(config, storage, Map.of(),
                new SoloConsensus(new ValidatorSet(0, List.of(signer.address()))), signer, plugins.signerProvider(),
                plugins.nettingStrategy(), events, Clock.systemUTC(), Duration.ofSeconds(1)));
        vertx.deployVerticle(pipeline).await(30, TimeUnit.SECONDS);

        List<List<ObservedTransfer>> chunks = synthesise(options);
        Semaphore inFlight = new Semaphore(options.chunksInFlight());
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        long nextReport = started + TimeUnit.SECONDS.toNanos(2);
        List<Future<?>> pending = new ArrayList<>();
        for (int index = 0; index < chunks.size(); index++) {
            inFlight.acquire();
            List<ObservedTransfer> chunk = chunks.get(index);
            Checkpoint checkpoint = new Checkpoint(chunk.get(0).sourceBank(), chunk.get(chunk.size() - 1).blockNumber(), new Bytes32(new byte[32]));
            pending.add(pipeline.observe(chunk, checkpoint).onComplete(done -> inFlight.release()));
            if (System.nanoTime() > nextReport) {
                out.printf("  %,d of %,d confirmed (%.0f/s)%n", confirmed.get(), options.transfers(),
                        confirmed.get() / ((System.nanoTime() - started) / 1e9));
                nextReport += TimeUnit.SECONDS.toNanos(2);
            }
        }
        Future.all(pending).await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (processCpuNanos() - cpuBefore) / 1e3;
        long done = confirmed.get();
        if (done != options.transfers()) {
            throw new IllegalStateException("only " + done + " of " + options.transfers() + " transfers were confirmed");
        }
        return new Result(config.storage().inMemory() ? "memory" : "postgresql", options.transfers(), seconds, done / seconds,
                cpuMicros / done, cpuPerSignature);
    }

    /** Transfers spread over all ordered bank pairs, deterministic from a fixed seed. */
    private static List<List<ObservedTransfer>> synthesise(Options options) {
        Random random = new Random(20261121);
        List<List<ObservedTransfer>> chunks = new ArrayList<>();
        List<ObservedTransfer> chunk = new ArrayList<>(CHUNK);
        BigInteger[] nonces = new BigInteger[options.banks()];
        java.util.Arrays.fill(nonces, BigInteger.ZERO);
        // each chunk comes from one source bank, as one watcher's read does
        for (int i = 0; i < options.transfers(); i++) {
            int source = (i / CHUNK) % options.banks();
            int destination = (source + 1 + random.nextInt(options.banks() - 1)) % options.banks();
            nonces[source] = nonces[source].add(BigInteger.ONE);
            long chainId = 1001 + source;
            Address gateway = Address.of(String.format("0x%040x", 0x1000 + source));
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            chunk.add(new ObservedTransfer(ProtocolDigests.transferId(chainId, gateway, nonces[source]), bank(source), chainId, gateway,
                    nonces[source], Address.of(String.format("0x%040x", 0xa11ce)), bank(destination), Address.of(String.format("0x%040x", 0xb0b)),
                    Amount.of(1 + random.nextInt(1_000_000)), 1 + i / CHUNK, new Bytes32(hash), new Bytes32(hash), i % CHUNK));
            if (chunk.size() == CHUNK) {
                chunks.add(chunk);
                chunk = new ArrayList<>(CHUNK);
            }
        }
        return chunks;
    }

    private static BankId bank(int index) {
        return BankId.of("BANK_" + (char) ('A' + index));
    }

    private static NodeConfig config(Options options, Address validator) {
        List<NodeConfig.Bank> banks = new ArrayList<>();
        for (int index = 0; index < options.banks(); index++) {
            banks.add(new NodeConfig.Bank(bank(index), 1001 + index, "http://127.0.0.1:1", Address.of(String.format("0x%040x", 0x2000 + index)),
                    Address.of(String.format("0x%040x", 0x1000 + index)), Address.of(String.format("0x%040x", 0x3000 + index)), 0, "auto"));
        }
        return new NodeConfig("hub-benchmark", new NodeConfig.Protocol(Duration.ofHours(1), 100, 720, 5),
                new NodeConfig.Api("127.0.0.1", 0), new NodeConfig.Storage(options.storageUrl(), 8, 4096),
                new NodeConfig.Plugins(options.pluginsDirectory(), "secp256k1-bouncycastle", "bilateral"),
                new NodeConfig.SignerKey(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("unused")),
                new NodeConfig.Relayer("unused"), List.of(validator), banks, true);
    }

    /** CPU time of one signature in this JVM, after warm-up. */
    private static double signatureCost(Signer signer) {
        Random random = new Random(1);
        byte[] digest = new byte[32];
        for (int i = 0; i < 2_000; i++) {
            random.nextBytes(digest);
            signer.sign(new Bytes32(digest));
        }
        var threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        int count = 5_000;
        for (int i = 0; i < count; i++) {
            random.nextBytes(digest);
            signer.sign(new Bytes32(digest));
        }
        return (threads.getCurrentThreadCpuTime() - before) / 1e3 / count;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One log line per event is right for a node, not for a million injected events. */
    private static void quietEventLog() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("astra.events")).setLevel(ch.qos.logback.classic.Level.WARN);
    }
}
