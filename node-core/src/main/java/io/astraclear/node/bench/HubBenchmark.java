package io.astraclear.node.bench;

import io.astraclear.node.NodeWiring;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.node.engine.ReplicatedHub;
import io.astraclear.node.engine.SoloEngine;
import io.astraclear.node.engine.TransactionWaiters;
import io.astraclear.node.hub.codec.HubCodec;
import io.astraclear.node.plugins.LoadedPlugins;
import io.astraclear.node.services.BatchSigner;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.hub.HubParameters;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.protocol.Keccak256;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's own capacity, without chain I/O: {@code transfers} transfers attested by every
 * validator in real {@code Attest} transactions (signed, decoded strictly, verified at admission and
 * again in the block), through the real state machine on the solo engine, with the storage the node
 * would use (PostgreSQL with its defaults: fsync on); every batch the hub cuts is signed by every
 * validator in real {@code SignBatch} transactions. Reports confirmed transfers/s — from the first
 * transaction offered to the last transfer confirmed with every batch holding its threshold of
 * signatures — and the JVM's CPU per transfer (a PostgreSQL server on the same machine uses CPU of
 * its own on top).
 */
public final class HubBenchmark {
    /** Keys of the validators: fixed, public, for benchmarks only. */
    private static final long KEY_SEED = 0xA57AL;
    /** Attest transactions offered and not yet admitted at once. */
    private static final int OFFERED_IN_FLIGHT = 64;

    public record Options(int transfers, int banks, int validators, String storageUrl, Path pluginsDirectory) {
        public Options {
            if (transfers < 1_000 || transfers > 10_000_000) {
                throw new IllegalArgumentException("--transfers must be from 1,000 to 10,000,000");
            }
            if (banks < 2 || banks > 26) {
                throw new IllegalArgumentException("--banks must be from 2 to 26");
            }
            if (validators < 1 || validators > 10) {
                throw new IllegalArgumentException("--validators must be from 1 to 10");
            }
        }
    }

    public record Result(String storage, int validators, int transfers, double seconds, double confirmedPerSecond, double cpuMicrosPerTransfer,
            long blocks, long batches, long attestTransactions, long signBatchTransactions) {}

    private HubBenchmark() {}

    public static Result run(Options options, PrintStream out) throws Exception {
        try (LoadedPlugins plugins = LoadedPlugins.load(new NodeConfig.Plugins(options.pluginsDirectory(), "secp256k1-bouncycastle", "bilateral"))) {
            List<Signer> validators = new ArrayList<>();
            for (int i = 0; i < options.validators(); i++) {
                validators.add(plugins.signerProvider().create(SignerSettings.devRawKey(key(i))));
            }
            HubGenesis genesis = genesis(options, validators, plugins);
            Vertx vertx = Vertx.vertx();
            try {
                HubStore store = NodeWiring.hubStore(vertx, new NodeConfig.Storage(options.storageUrl(), 8, 4_096)).await(60, TimeUnit.SECONDS);
                try {
                    if (store.head().toCompletableFuture().get(30, TimeUnit.SECONDS).isPresent()) {
                        throw new IllegalStateException("the store at " + options.storageUrl() + " holds a hub already; benchmark on an empty database "
                                + "or schema (add ?schema=<new name> to the URL)");
                    }
                    return measure(options, out, vertx, genesis, store, validators, plugins);
                } finally {
                    store.close();
                }
            } finally {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Result measure(Options options, PrintStream out, Vertx vertx, HubGenesis genesis, HubStore store, List<Signer> validators,
            LoadedPlugins plugins) throws Exception {
        ReplicatedHub hub = ReplicatedHub.open(vertx, genesis, store, plugins.nettingStrategy(), plugins.signerProvider()::recover)
                .await(60, TimeUnit.SECONDS);
        SoloEngine engine = new SoloEngine(vertx, new SoloEngine.Settings(Duration.ofSeconds(1), 10_000, 64L << 20, 100_000), Clock.systemUTC(),
                failure -> out.println("the hub stopped: " + failure));
        TransactionWaiters waiters = new TransactionWaiters(vertx);
        HubSubmitter submitter = new HubSubmitter(engine, waiters, genesis.chainId());
        hub.addListener(waiters);
        Progress progress = new Progress(options.transfers(), genesis.validators().threshold());
        hub.addListener(progress);
        List<BatchSigner> signers = new ArrayList<>();
        for (Signer validator : validators) {
            BatchSigner signer = new BatchSigner(vertx.getOrCreateContext(), validator, submitter, Clock.systemUTC(), Duration.ofSeconds(30));
            hub.addListener(signer);
            signer.start(List.of(), hub.validatorSets().await(10, TimeUnit.SECONDS));
            signers.add(signer);
        }
        Future.fromCompletionStage(engine.start(hub)).await(30, TimeUnit.SECONDS);

        out.printf("generating %,d transfers between %d banks ...%n", options.transfers(), options.banks());
        List<ObservedTransfer> transfers = transfers(options, genesis);
        out.printf("%d validator(s) attest every transfer (Attests of %,d observations); the hub confirms at %d, cuts batches of up to %d; "
                + "every validator signs every batch%n", validators.size(), HubTransaction.Attest.MAX_OBSERVATIONS, genesis.validators().threshold(),
                genesis.parameters().maxBatchSize());

        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = cpu.getProcessCpuTime();
        long started = System.nanoTime();
        Semaphore offered = new Semaphore(OFFERED_IN_FLIGHT);
        AtomicLong refused = new AtomicLong();
        long attests = 0;
        for (int from = 0; from < transfers.size(); from += HubTransaction.Attest.MAX_OBSERVATIONS) {
            List<Observation> part = transfers.subList(from, Math.min(transfers.size(), from + HubTransaction.Attest.MAX_OBSERVATIONS)).stream()
                    .<Observation>map(Observation.TransferInitiated::new).toList();
            for (Signer validator : validators) {
                Bytes transaction = HubCodec.sign(new HubTransaction.Attest(part), genesis.chainId(), validator);
                offered.acquire();
                attests++;
                submitter.offer(transaction).onComplete(done -> {
                    offered.release();
                    if (done.failed() || done.result() instanceof Admission.Refused) {
                        refused.incrementAndGet();
                        out.println("  an Attest was not admitted: " + (done.failed() ? done.cause() : done.result()));
                    }
                });
            }
        }
        out.printf("offered %,d Attest transactions in %.1f s; waiting for the hub ...%n", attests, (System.nanoTime() - started) / 1e9);
        long timeoutSeconds = 120 + options.transfers() / 1_000;
        while (!progress.done.await(5, TimeUnit.SECONDS)) {
            out.printf("  height %,d: %,d of %,d confirmed, %,d of %,d batches signed by a threshold%n", hub.committedHead().height(),
                    progress.confirmed.get(), options.transfers(), progress.batchesSigned.get(), progress.batchesCreated.get());
            if ((System.nanoTime() - started) / 1_000_000_000L > timeoutSeconds || refused.get() > 0 || !engine.status().healthy()) {
                throw new IllegalStateException("the hub did not confirm every transfer within " + timeoutSeconds + " s (" + progress.confirmed.get()
                        + " confirmed, " + refused.get() + " Attests refused, engine " + engine.status() + ")");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (cpu.getProcessCpuTime() - cpuStart) / 1e3 / options.transfers();
        Future.fromCompletionStage(engine.stop()).await(30, TimeUnit.SECONDS);
        signers.forEach(BatchSigner::stop);
        long signBatches = signers.stream().mapToLong(BatchSigner::signed).sum();
        return new Result(options.storageUrl().equals("memory") ? "memory" : "postgresql", validators.size(), options.transfers(), seconds,
                options.transfers() / seconds, cpuMicros, progress.blocks.get(), progress.batchesCreated.get(), attests, signBatches);
    }

    /** Counts what the committed blocks did, and tells when every transfer is confirmed and every batch signed by a threshold. */
    private static final class Progress implements io.astraclear.node.engine.CommitListener {
        final AtomicLong confirmed = new AtomicLong();
        final AtomicLong batchesCreated = new AtomicLong();
        final AtomicLong batchesSigned = new AtomicLong();
        final AtomicLong blocks = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        private final long transfers;

        Progress(long transfers, int threshold) {
            this.transfers = transfers;
        }

        @Override
        public void committed(BlockEffects block) {
            blocks.incrementAndGet();
            for (HubEvent event : block.events()) {
                if (event.type() == HubEventType.TRANSFER_CONFIRMED) {
                    confirmed.incrementAndGet();
                } else if (event.type() == HubEventType.BATCH_CREATED) {
                    batchesCreated.incrementAndGet();
                } else if (event.type() == HubEventType.BATCH_SIGNED) {
                    batchesSigned.incrementAndGet();
                }
            }
            if (confirmed.get() == transfers && batchesSigned.get() == batchesCreated.get()) {
                done.countDown();
            }
        }
    }

    private static HubGenesis genesis(Options options, List<Signer> validators, LoadedPlugins plugins) {
        List<HubMember> banks = new ArrayList<>();
        for (int i = 0; i < options.banks(); i++) {
            BankId bank = bank(i);
            banks.add(new HubMember(bank, 1001 + i, address("gateway", bank), address("executor", bank), Optional.empty()));
        }
        HubParameters parameters = new HubParameters(1_000, 100_000_000, 5, HubParameters.MAX_BATCH_SIZE, 2);
        return new HubGenesis("astra-bench", banks, new ValidatorSet(0, validators.stream().map(Signer::address).toList()), parameters,
                plugins.nettingStrategy().id(), plugins.nettingStrategy().version());
    }

    /** Transfers between every pair of banks in turn, each a valid TransferInitiated of its source's Gateway. */
    private static List<ObservedTransfer> transfers(Options options, HubGenesis genesis) {
        List<ObservedTransfer> transfers = new ArrayList<>(options.transfers());
        long[] nonces = new long[options.banks()];
        for (int i = 0; i < options.transfers(); i++) {
            int source = i % options.banks();
            int destination = (source + 1 + (i / options.banks()) % (options.banks() - 1)) % options.banks();
            HubMember from = genesis.banks().get(source);
            BigInteger nonce = BigInteger.valueOf(++nonces[source]);
            TransferId id = ProtocolDigests.transferId(from.chainId(), from.gateway(), nonce);
            transfers.add(new ObservedTransfer(id, from.id(), from.chainId(), from.gateway(), nonce, address("payer", from.id()),
                    genesis.banks().get(destination).id(), address("payee " + (i % 1_000), genesis.banks().get(destination).id()),
                    Amount.of(1 + i % 10_000), 1 + i / 500, hash("block " + source + "/" + i / 500), hash("tx " + source + "/" + i), i % 500));
        }
        return transfers;
    }

    private static BankId bank(int index) {
        return BankId.of("BANK_" + (char) ('A' + index));
    }

    private static Address address(String role, BankId bank) {
        return Address.fromBytes(Arrays.copyOfRange(Keccak256.hash((role + "/" + bank).getBytes(StandardCharsets.UTF_8)), 12, 32));
    }

    private static Bytes32 hash(String text) {
        return new Bytes32(Keccak256.hash(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String key(int index) {
        byte[] key = Keccak256.hash(("astra-bench-validator-" + KEY_SEED + "-" + index).getBytes(StandardCharsets.UTF_8));
        return io.astraclear.ports.domain.Hex.encode(key);
    }
}
