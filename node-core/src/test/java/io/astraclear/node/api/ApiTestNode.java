package io.astraclear.node.api;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.BANK_C;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.auth.ApiTokens;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.consensus.SoloConsensus;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.node.metrics.PipelineMetrics;
import io.astraclear.node.pipeline.ClearingPipeline;
import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.node.plugins.PluginExtension;
import io.astraclear.node.plugins.PluginInfo;
import io.astraclear.node.plugins.PluginKind;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerProvider;
import io.astraclear.ports.signing.SignerSettings;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.RelayAttempt;
import io.astraclear.ports.storage.StorageFixtures;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The real HTTP API over in-memory storage, a real event journal and a real pipeline with no
 * chains (nothing to watch, a tick of an hour): routes are exercised end to end in milliseconds.
 * Tests seed storage through the port, as the pipeline would.
 */
final class ApiTestNode implements AutoCloseable {
    static final String ADMIN = "admin-secret-token";
    static final String READER = "read-secret-token";
    static final String BANK_A_TOKEN = "bank-a-secret-token";
    static final String BANK_B_TOKEN = "bank-b-secret-token";
    static final Address VALIDATOR = StorageFixtures.validator(1);

    final Vertx vertx;
    final MutableClock clock;
    final StoragePort storage;
    final NodeConfig config;
    final EventJournal events;
    final NodeMetrics metrics;
    final ClearingPipeline pipeline;
    final HttpApi api;
    final WebClient client;
    private final AtomicLong nonces = new AtomicLong();

    private ApiTestNode(Vertx vertx, MutableClock clock, StoragePort storage, NodeConfig config, EventJournal events, NodeMetrics metrics,
            ClearingPipeline pipeline, HttpApi api) {
        this.vertx = vertx;
        this.clock = clock;
        this.storage = storage;
        this.config = config;
        this.events = events;
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.api = api;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
    }

    static ApiTestNode start() throws Exception {
        return start(api -> api);
    }

    /** A node on fresh in-memory storage that shares the node's clock (tests move it to spread observation times). */
    static ApiTestNode start(UnaryOperator<NodeConfig.Api> settings) throws Exception {
        MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");
        return start(settings, clock, InMemoryStorage.create(clock), Optional.empty());
    }

    /** A node on {@code storage}; starting a second one on the same storage is a restart. */
    static ApiTestNode start(UnaryOperator<NodeConfig.Api> settings, MutableClock clock, StoragePort storage, Optional<DevTransfers> devTransfers)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        // tests that are not about rate limits must not meet them; settings may lower them again
        NodeConfig.Api api = settings.apply(new NodeConfig.Api("127.0.0.1", 0).withTokens(List.of(
                new NodeConfig.ApiToken("ops", ApiTokens.sha256Hex(ADMIN), "admin"),
                new NodeConfig.ApiToken("auditor", ApiTokens.sha256Hex(READER), "read"),
                new NodeConfig.ApiToken("bank-a", ApiTokens.sha256Hex(BANK_A_TOKEN), "bank:BANK_A"),
                new NodeConfig.ApiToken("bank-b", ApiTokens.sha256Hex(BANK_B_TOKEN), "bank:BANK_B")))
                .withRateLimit(new NodeConfig.RateLimit(100_000, 100_000, 100_000, 100_000)));
        NodeConfig config = new NodeConfig("api-test", new NodeConfig.Protocol(Duration.ofHours(1), 100, 1_000, 5), api,
                new NodeConfig.Storage("memory", 8, 1024),
                new NodeConfig.Plugins(Path.of("plugins"), "test-signer", "test-bilateral"),
                new NodeConfig.SignerKey(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("0x01")),
                new NodeConfig.Relayer("0x01"), List.of(VALIDATOR),
                List.of(bank(BANK_A), bank(BANK_B), bank(BANK_C)), true);
        NodeMetrics metrics = NodeMetrics.forVertx(vertx);
        StoragePort counted = metrics.countingWrites(storage);
        EventJournal events = EventJournal.open(counted, 1_000, clock).toCompletableFuture().get(10, TimeUnit.SECONDS);
        SoloConsensus consensus = new SoloConsensus(new ValidatorSet(0, List.of(VALIDATOR)));
        ClearingPipeline pipeline = new ClearingPipeline(new ClearingPipeline.Dependencies(config, counted, Map.of(), consensus,
                new TestSigner(), new TestSignerProvider(), new TestBilateral(), events, clock, Duration.ofSeconds(1)));
        PipelineMetrics.bind(metrics, events, counted, pipeline::status, List.of("BANK_A", "BANK_B", "BANK_C"));
        ApiPlugins plugins = new ApiPlugins(List.of(
                new PluginInfo("signer-test", "0.1.0", "astra", Path.of("plugins/astra-plugin-signer-test.jar"),
                        List.of(new PluginExtension(PluginKind.SIGNER, "test-signer", "1.0.0", "TestSigner"))),
                new PluginInfo("netting-test", "0.2.0", "astra", Path.of("plugins/astra-plugin-netting-test.jar"),
                        List.of(new PluginExtension(PluginKind.NETTING, "test-bilateral", "1.0.0", "TestBilateral"),
                                new PluginExtension(PluginKind.NETTING, "test-other", "1.0.0", "TestOther")))),
                new ApiPlugins.Active("test-signer", "1.0.0", "signer-test"), new ApiPlugins.Active("test-bilateral", "1.0.0", "netting-test"));
        HttpApi httpApi = new HttpApi(new ApiDependencies(config, counted, pipeline, events, consensus::validatorSet, plugins, metrics,
                devTransfers, clock));
        vertx.deployVerticle(pipeline).await(10, TimeUnit.SECONDS);
        vertx.deployVerticle(httpApi).await(10, TimeUnit.SECONDS);
        return new ApiTestNode(vertx, clock, counted, config, events, metrics, pipeline, httpApi);
    }

    private static NodeConfig.Bank bank(BankId id) {
        return new NodeConfig.Bank(id, StorageFixtures.chainId(id), "http://127.0.0.1:1", StorageFixtures.address("token:" + id),
                StorageFixtures.gateway(id), StorageFixtures.executor(id), 0, "auto");
    }

    // --- seeding, as the pipeline would -----------------------------------------------------------

    /** A transfer observed now on its source chain, with its event. */
    ObservedTransfer observe(BankId source, BankId destination, long amount) throws Exception {
        long nonce = nonces.incrementAndGet();
        ObservedTransfer transfer = StorageFixtures.transfer(source, destination, Amount.of(amount), nonce, 100 + nonce);
        await(storage.recordObserved(List.of(transfer), List.of(), StorageFixtures.checkpoint(source, 100 + nonce)));
        events.publish(NodeEvent.TRANSFER_OBSERVED, Map.of("transferId", transfer.transferId().toString(), "sourceBank", source.value(),
                "destinationBank", destination.value(), "amount", Long.toString(amount)));
        return transfer;
    }

    /** Observed, voted and confirmed: the ledger holds the IOU. */
    ObservedTransfer confirm(BankId source, BankId destination, long amount) throws Exception {
        ObservedTransfer transfer = observe(source, destination, amount);
        MintCommand command = StorageFixtures.commandFor(transfer);
        await(storage.recordVote(StorageFixtures.vote(command, 1)));
        await(storage.confirm(transfer.transferId(), command, StorageFixtures.signatures(command, 1), clock.instant()));
        events.publish(NodeEvent.TRANSFER_CONFIRMED, Map.of("transferId", transfer.transferId().toString(),
                "commandId", transfer.commandId().toString(), "sourceBank", source.value(), "destinationBank", destination.value()));
        return transfer;
    }

    /** Confirmed and minted on the destination chain. */
    ObservedTransfer execute(BankId source, BankId destination, long amount) throws Exception {
        ObservedTransfer transfer = confirm(source, destination, amount);
        await(storage.recordRelayAttempt(transfer.commandId(), new RelayAttempt(1, clock.instant(), "EXECUTED", "tx")));
        await(storage.markExecuted(transfer.commandId(), new CommandRecord.Execution(StorageFixtures.hash("mint:" + transfer.transferId()), 7, 90_000),
                clock.instant()));
        events.publish(NodeEvent.TRANSFER_EXECUTED, Map.of("transferId", transfer.transferId().toString(),
                "commandId", transfer.commandId().toString()));
        return transfer;
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // --- HTTP --------------------------------------------------------------------------------------

    record Reply(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String errorCode() {
            return json().getJsonObject("error").getString("code");
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    Reply get(String token, String path) throws Exception {
        return send(HttpMethod.GET, token, path, null);
    }

    Reply post(String token, String path, String body) throws Exception {
        return send(HttpMethod.POST, token, path, body);
    }

    Reply send(HttpMethod method, String token, String path, String body) throws Exception {
        var request = client.request(method, path).timeout(15_000);
        if (token != null) {
            request.putHeader("authorization", "Bearer " + token);
        }
        if (body != null) {
            request.putHeader("content-type", "application/json");
        }
        HttpResponse<Buffer> response = (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(20, TimeUnit.SECONDS);
        return new Reply(response.statusCode(), response.headers(), response.bodyAsString() == null ? "" : response.bodyAsString());
    }

    @Override
    public void close() throws Exception {
        client.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    // --- plugin stand-ins ----------------------------------------------------------------------------

    /** Bilateral netting, as the plugin does it: the smaller of each pair's two balances burned on both sides. */
    static final class TestBilateral implements NettingStrategy {
        @Override
        public String id() {
            return "test-bilateral";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public NettingProposal net(BalanceSnapshot snapshot) {
            List<Obligation> after = new ArrayList<>();
            for (Obligation obligation : snapshot.obligations()) {
                Amount reverse = snapshot.obligations().stream()
                        .filter(o -> o.debtor().equals(obligation.creditor()) && o.creditor().equals(obligation.debtor()))
                        .map(Obligation::amount).findFirst().orElse(Amount.ZERO);
                java.math.BigInteger left = obligation.amount().value().subtract(obligation.amount().value().min(reverse.value()));
                if (left.signum() > 0) {
                    after.add(new Obligation(obligation.debtor(), obligation.creditor(), new Amount(left)));
                }
            }
            return new NettingProposal(BalanceSnapshot.canonical(after));
        }
    }

    /** The pipeline needs a signer; with no chains it never signs here. */
    static final class TestSigner implements Signer {
        @Override
        public Address address() {
            return VALIDATOR;
        }

        @Override
        public Signature sign(Bytes32 digest) {
            return StorageFixtures.signature(1, digest);
        }
    }

    static final class TestSignerProvider implements SignerProvider {
        @Override
        public String id() {
            return "test-signer";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public Signer create(SignerSettings settings) {
            return new TestSigner();
        }

        @Override
        public Optional<Address> recover(Bytes32 digest, Signature signature) {
            return Optional.of(VALIDATOR);
        }
    }
}
