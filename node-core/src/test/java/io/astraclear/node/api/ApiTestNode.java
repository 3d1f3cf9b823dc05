package io.astraclear.node.api;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.application.ApproveValidatorSet;
import io.astraclear.node.application.ConfirmSettlement;
import io.astraclear.node.application.NodeView;
import io.astraclear.node.application.Operations;
import io.astraclear.node.application.RequestNetting;
import io.astraclear.node.application.SubmitTransaction;
import io.astraclear.node.auth.ApiTokens;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.engine.EventFeed;
import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.node.engine.ReplicatedHub;
import io.astraclear.node.engine.SoloEngine;
import io.astraclear.node.engine.TransactionWaiters;
import io.astraclear.node.hub.codec.HubCodec;
import io.astraclear.node.metrics.HubMetrics;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.node.plugins.PluginExtension;
import io.astraclear.node.plugins.PluginInfo;
import io.astraclear.node.plugins.PluginKind;
import io.astraclear.node.services.WatcherStatus;
import io.astraclear.node.testing.TestKeys;
import io.astraclear.node.testing.TestNetting;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.protocol.Keccak256;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.state.Page;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A node for the API's tests: the real hub state machine in a real {@link ReplicatedHub}, driven by
 * the real {@link SoloEngine} (a block as soon as transactions wait; no empty blocks within a test),
 * over a real {@link HubStore} (in memory unless a test gives another), its event feed, waiters,
 * submitter and use cases, test keys for the validator and the banks' operators, and the real
 * {@link HttpApi} on a random loopback port. No chains: the node's view has no watchers. Tests make
 * state as the node's services would, by submitting signed hub transactions (Attest of
 * TransferInitiated and Executor outcomes, SignBatch, ConfirmSettlement, ...), and read it over HTTP.
 */
final class ApiTestNode implements AutoCloseable {
    static final String ADMIN = "admin-secret-token";
    static final String READER = "read-secret-token";
    static final String BANK_A_TOKEN = "bank-a-secret-token";
    static final String BANK_B_TOKEN = "bank-b-secret-token";
    static final String BANK_C_TOKEN = "bank-c-secret-token";
    static final BankId A = BankId.of("BANK_A");
    static final BankId B = BankId.of("BANK_B");
    static final BankId C = BankId.of("BANK_C");
    static final String CHAIN_ID = "astra-api-test";
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The node's validator: the only one of the genesis set, so one attestation confirms (threshold 1). */
    static final Signer VALIDATOR = TestKeys.key(1);
    static final Signer STRANGER = TestKeys.key(99);
    static final Map<BankId, Signer> OPERATORS = Map.of(A, TestKeys.key(11), B, TestKeys.key(12), C, TestKeys.key(13));

    /** How a test wants its node. */
    record Options(UnaryOperator<NodeConfig.Api> api, Optional<HubStore> store, List<BankId> operatorKeys, Optional<DevTransfers> devTransfers,
            long firstNonce) {
        static Options defaults() {
            return new Options(api -> api, Optional.empty(), List.of(A, B, C), Optional.empty(), 1);
        }

        Options withApi(UnaryOperator<NodeConfig.Api> settings) {
            return new Options(settings, store, operatorKeys, devTransfers, firstNonce);
        }

        /** A node on {@code shared}: starting a second node on the same store is a restart; {@code nonce} keeps new transfers apart from earlier ones. */
        Options withStore(HubStore shared, long nonce) {
            return new Options(api, Optional.of(shared), operatorKeys, devTransfers, nonce);
        }

        Options withOperatorKeys(List<BankId> banks) {
            return new Options(api, store, banks, devTransfers, firstNonce);
        }

        Options withDevTransfers(DevTransfers transfers) {
            return new Options(api, store, operatorKeys, Optional.of(transfers), firstNonce);
        }
    }

    final Vertx vertx;
    final NodeConfig config;
    final HubGenesis genesis;
    final HubStore store;
    final ReplicatedHub hub;
    final CommitGate gate;
    final SoloEngine engine;
    final EventFeed events;
    final HubSubmitter submitter;
    final NodeMetrics metrics;
    final HttpApi api;
    final WebClient client;
    /** Every answer {@link #send} got, held against the OpenAPI document; {@link #close} fails the test with what does not match. */
    final DocumentedShapes shapes;
    private final HubMetrics hubMetrics;
    private final AtomicLong nonces;
    private final AtomicLong logs = new AtomicLong();
    private final boolean ownsStore;

    private ApiTestNode(Vertx vertx, NodeConfig config, HubGenesis genesis, HubStore store, ReplicatedHub hub, CommitGate gate, SoloEngine engine,
            EventFeed events, HubSubmitter submitter, NodeMetrics metrics, HubMetrics hubMetrics, HttpApi api, long firstNonce, boolean ownsStore) {
        this.vertx = vertx;
        this.config = config;
        this.genesis = genesis;
        this.store = store;
        this.hub = hub;
        this.gate = gate;
        this.engine = engine;
        this.events = events;
        this.submitter = submitter;
        this.metrics = metrics;
        this.hubMetrics = hubMetrics;
        this.api = api;
        this.nonces = new AtomicLong(firstNonce - 1);
        this.ownsStore = ownsStore;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
        this.shapes = new DocumentedShapes(api.document());
    }

    static ApiTestNode start() throws Exception {
        return start(Options.defaults());
    }

    static ApiTestNode start(UnaryOperator<NodeConfig.Api> api) throws Exception {
        return start(Options.defaults().withApi(api));
    }

    static ApiTestNode start(Options options) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            return start(vertx, options);
        } catch (Exception | Error e) {
            vertx.close().await(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static ApiTestNode start(Vertx vertx, Options options) throws Exception {
        // tests that are not about rate limits must not meet them; options may lower them again
        NodeConfig.Api api = options.api().apply(new NodeConfig.Api("127.0.0.1", 0).withTokens(List.of(
                        new NodeConfig.ApiToken("ops", ApiTokens.sha256Hex(ADMIN), "admin"),
                        new NodeConfig.ApiToken("auditor", ApiTokens.sha256Hex(READER), "read"),
                        new NodeConfig.ApiToken("bank-a", ApiTokens.sha256Hex(BANK_A_TOKEN), "bank:BANK_A"),
                        new NodeConfig.ApiToken("bank-b", ApiTokens.sha256Hex(BANK_B_TOKEN), "bank:BANK_B"),
                        new NodeConfig.ApiToken("bank-c", ApiTokens.sha256Hex(BANK_C_TOKEN), "bank:BANK_C")))
                .withRateLimit(new NodeConfig.RateLimit(100_000, 100_000, 100_000, 100_000)));
        // no netting round and no empty block within a test unless it asks; a refused mint is final (retry max 0)
        NodeConfig.Protocol protocol = new NodeConfig.Protocol(Duration.ofHours(1), 100, 100_000_000, 0, 256, 2, Duration.ofSeconds(1));
        NodeConfig config = new NodeConfig("api-test", protocol, NodeConfig.Hub.solo(CHAIN_ID), api, new NodeConfig.Storage("memory", 8, 1024),
                new NodeConfig.Plugins(Path.of("plugins"), "test-signer", TestNetting.ID),
                new NodeConfig.SignerKey(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("0x01")), List.of(),
                new NodeConfig.Relayer("0x01"), List.of(VALIDATOR.address()), List.of(bank(A, 0), bank(B, 1), bank(C, 2)), false);
        HubGenesis genesis = config.genesis(TestNetting.ID, TestNetting.VERSION);
        HubStore store = options.store().orElseGet(InMemoryStorage::hubStore);
        NodeMetrics metrics = NodeMetrics.forVertx(vertx);
        ReplicatedHub hub = ReplicatedHub.open(vertx, genesis, store, new TestNetting(), TestKeys::recover).await(WAIT.toSeconds(), TimeUnit.SECONDS);
        TransactionWaiters waiters = new TransactionWaiters(vertx);
        EventFeed events = new EventFeed(store, hub.committedHead().nextEventId() - 1);
        hub.addListener(events); // as the node wires it: events first
        hub.addListener(waiters);
        SoloEngine engine = new SoloEngine(vertx, SoloEngine.Settings.DEFAULTS.withBlockTime(protocol.blockTime()), Clock.systemUTC(),
                failure -> { });
        CommitGate gate = new CommitGate(hub);
        HubSubmitter submitter = new HubSubmitter(engine, waiters, genesis.chainId());
        Map<BankId, Signer> operatorKeys = new LinkedHashMap<>();
        options.operatorKeys().forEach(bank -> operatorKeys.put(bank, OPERATORS.get(bank)));
        Operations operations = new Operations(
                new ConfirmSettlement(submitter, genesis, operatorKeys),
                new RequestNetting(submitter, VALIDATOR, () -> hub.committedHead().height()),
                new ApproveValidatorSet(submitter, VALIDATOR),
                new SubmitTransaction(submitter));
        NodeView view = new View(hub, engine);
        ApiPlugins plugins = new ApiPlugins(List.of(
                new PluginInfo("signer-test", "0.1.0", "astra", Path.of("plugins/astra-plugin-signer-test.jar"),
                        List.of(new PluginExtension(PluginKind.SIGNER, "test-signer", "1.0.0", "TestSigner"))),
                new PluginInfo("netting-test", "0.2.0", "astra", Path.of("plugins/astra-plugin-netting-test.jar"),
                        List.of(new PluginExtension(PluginKind.NETTING, TestNetting.ID, TestNetting.VERSION, "TestNetting"),
                                new PluginExtension(PluginKind.NETTING, "test-other", "1.0.0", "TestOther")))),
                new ApiPlugins.Active("test-signer", "1.0.0", "signer-test"), new ApiPlugins.Active(TestNetting.ID, TestNetting.VERSION, "netting-test"));
        HttpApi httpApi = new HttpApi(new ApiDependencies(config, genesis, store, view, operations, events, plugins, metrics, options.devTransfers(),
                Clock.systemUTC()));
        HubMetrics hubMetrics = HubMetrics.bind(metrics, events, view, genesis.bankIds());
        Future.fromCompletionStage(engine.start(gate)).await(WAIT.toSeconds(), TimeUnit.SECONDS);
        vertx.deployVerticle(httpApi).await(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new ApiTestNode(vertx, config, genesis, store, hub, gate, engine, events, submitter, metrics, hubMetrics, httpApi, options.firstNonce(),
                options.store().isEmpty());
    }

    private static NodeConfig.Bank bank(BankId id, int index) {
        return new NodeConfig.Bank(id, 1001 + index, "http://127.0.0.1:1", address("token", id), address("gateway", id), address("executor", id), 0,
                "auto", Optional.of(OPERATORS.get(id).address()));
    }

    static Address address(String role, BankId bank) {
        byte[] hash = Keccak256.hash((role + "/" + bank).getBytes(StandardCharsets.US_ASCII));
        return Address.fromBytes(Arrays.copyOfRange(hash, 12, 32));
    }

    static Bytes32 hash(String text) {
        return new Bytes32(Keccak256.hash(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The node's status without chains, watchers, signer or relayer. */
    private record View(ReplicatedHub hub, SoloEngine soloEngine) implements NodeView {
        @Override
        public Address validator() {
            return VALIDATOR.address();
        }

        @Override
        public HubHead committedHead() {
            return hub.committedHead();
        }

        @Override
        public EngineStatus engine() {
            return soloEngine.status();
        }

        @Override
        public Future<ValidatorSets> validatorSets() {
            return hub.validatorSets();
        }

        @Override
        public List<WatcherStatus> watchers() {
            return List.of();
        }

        @Override
        public long batchesSigned() {
            return 0;
        }

        @Override
        public long relayedTransactions() {
            return 0;
        }
    }

    // --- making state, as the node's services would --------------------------------------------------

    /** A TransferInitiated as {@code from}'s Gateway would log it (not yet attested). */
    ObservedTransfer transfer(BankId from, BankId to, long amount) {
        return transfer(from, to, Amount.of(amount));
    }

    ObservedTransfer transfer(BankId from, BankId to, Amount amount) {
        HubMember source = genesis.bank(from).orElseThrow();
        long nonce = nonces.incrementAndGet();
        BigInteger n = BigInteger.valueOf(nonce);
        TransferId id = ProtocolDigests.transferId(source.chainId(), source.gateway(), n);
        return new ObservedTransfer(id, from, source.chainId(), source.gateway(), n, address("payer", from), to, address("payee", to),
                amount, 100 + nonce, hash("block " + from + nonce), hash("tx " + from + nonce), (int) (nonce % 7));
    }

    Bytes sign(Signer key, HubTransaction transaction) {
        return HubCodec.sign(transaction, CHAIN_ID, key);
    }

    /** The validator's Attest of these observations. */
    Bytes attestation(Observation... observations) {
        return sign(VALIDATOR, new HubTransaction.Attest(List.of(observations)));
    }

    /** Puts signed transactions on the hub and waits until each is in a committed block; their records, in the order given. */
    List<TxRecord> commit(Bytes... transactions) throws Exception {
        List<Future<TransactionWaiters.Committed>> committed = new ArrayList<>();
        for (Bytes transaction : transactions) {
            committed.add(submitter.submitSigned(transaction, WAIT));
        }
        List<TxRecord> records = new ArrayList<>();
        for (Future<TransactionWaiters.Committed> one : committed) {
            records.add(one.await(WAIT.toSeconds(), TimeUnit.SECONDS).record());
        }
        return records;
    }

    /**
     * Puts {@code transactions} in one block: a no-op transaction's block is held at the gate while
     * they are admitted (each against the state of that block, none seeing the others) and wait in
     * the engine's pool; the next block takes them all. How a transaction reaches a block that then
     * rejects it: two that each fit the state, but not one after the other.
     */
    List<TxRecord> sameBlock(Bytes... transactions) throws Exception {
        gate.shut();
        Future<TransactionWaiters.Committed> holding = submitter.submitSigned(noOp(), WAIT);
        until("a block waits at the gate", () -> gate.held() == 1);
        List<Future<TransactionWaiters.Committed>> committed = new ArrayList<>();
        for (Bytes transaction : transactions) {
            committed.add(submitter.submitSigned(transaction, WAIT));
            int admitted = committed.size();
            until("transaction " + admitted + " waits in the pool", () -> engine.status().waitingTransactions() == admitted);
        }
        gate.open();
        holding.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<TxRecord> records = new ArrayList<>();
        for (Future<TransactionWaiters.Committed> one : committed) {
            records.add(one.await(WAIT.toSeconds(), TimeUnit.SECONDS).record());
        }
        return records;
    }

    /** An Attest of a CommandSkipped of no command the hub holds: informative, it changes nothing but the transaction log. */
    Bytes noOp() {
        CommandId unknown = new CommandId(hash("no command " + logs.incrementAndGet()));
        return attestation(new Observation.CommandSkipped(A, unknown, 1, nextLog()));
    }

    /** Observed and, with this node's single validator, confirmed in the same block: the ledger holds the IOU and a batch holds the mint. */
    ObservedTransfer confirm(BankId from, BankId to, long amount) throws Exception {
        ObservedTransfer transfer = transfer(from, to, amount);
        commit(attestation(new Observation.TransferInitiated(transfer)));
        return transfer;
    }

    /** Confirmed, its batch signed, and its mint attested: EXECUTED. */
    ObservedTransfer execute(BankId from, BankId to, long amount) throws Exception {
        ObservedTransfer transfer = confirm(from, to, amount);
        signOpenBatches();
        commit(attestation(executed(transfer)));
        return transfer;
    }

    /** Confirmed, and its mint refused by the destination token once: with retry max 0, STUCK. */
    ObservedTransfer stick(BankId from, BankId to, long amount) throws Exception {
        ObservedTransfer transfer = confirm(from, to, amount);
        MintCommand command = command(transfer);
        commit(attestation(new Observation.CommandFailed(command.destinationBank(), command.commandId(), Bytes.fromHex("0x08c379a0"), nextLog())));
        return transfer;
    }

    /** The validator signs every open batch it has not signed. */
    void signOpenBatches() throws Exception {
        List<Bytes> signatures = new ArrayList<>();
        for (HubBatch batch : await(store.batches(Optional.empty(), Optional.empty(), Page.MAX_LIMIT)).items()) {
            if (batch.status() == HubBatch.Status.OPEN && batch.signatures().stream().noneMatch(s -> s.validator().equals(VALIDATOR.address()))) {
                signatures.add(sign(VALIDATOR, new HubTransaction.SignBatch(batch.id(), VALIDATOR.sign(io.astraclear.ports.protocol.ProtocolDigests.batchDigest(batch.batch())))));
            }
        }
        commit(signatures.toArray(Bytes[]::new));
    }

    /** The destination Executor's CommandExecuted for {@code transfer}'s mint. */
    Observation.CommandExecuted executed(ObservedTransfer transfer) throws Exception {
        MintCommand command = command(transfer);
        return new Observation.CommandExecuted(command.destinationBank(), command.commandId(), command.recipient(), command.amount(), nextLog());
    }

    MintCommand command(ObservedTransfer transfer) throws Exception {
        return stored(transfer).confirmation().orElseThrow(() -> new AssertionError("transfer " + transfer.transferId() + " is not confirmed"))
                .command();
    }

    HubTransfer stored(ObservedTransfer transfer) throws Exception {
        return await(store.transfer(transfer.transferId())).orElseThrow(() -> new AssertionError("no transfer " + transfer.transferId()));
    }

    Observation.LogPosition nextLog() {
        long n = logs.incrementAndGet();
        return new Observation.LogPosition(hash("executor tx " + n + " of nonce base " + nonces.get()), 5_000 + n, (int) (n % 5));
    }

    /** A ConfirmSettlement signed by the creditor's operator key. */
    Bytes settlement(BankId debtor, BankId creditor, long amount, String reference) {
        return sign(OPERATORS.get(creditor), new HubTransaction.ConfirmSettlement(debtor, creditor, Amount.of(amount), reference));
    }

    HubHead head() {
        return hub.committedHead();
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Polls {@code condition} every 10 ms until it holds, at most {@link #WAIT}. */
    static void until(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    // --- HTTP --------------------------------------------------------------------------------------

    record Reply(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String errorCode() {
            return json().getJsonObject("error").getString("code");
        }

        JsonObject errorDetails() {
            return json().getJsonObject("error").getJsonObject("details");
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    Reply get(String token, String path) throws Exception {
        return send(HttpMethod.GET, token, path, null);
    }

    Reply post(String token, String path, String body) throws Exception {
        return send(HttpMethod.POST, token, path, body);
    }

    Reply send(HttpMethod method, String token, String path, String body) throws Exception {
        var request = client.request(method, path).timeout(WAIT.toMillis());
        if (token != null) {
            request.putHeader("authorization", "Bearer " + token);
        }
        if (body != null) {
            request.putHeader("content-type", "application/json");
        }
        HttpResponse<Buffer> response = (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(WAIT.toSeconds(), TimeUnit.SECONDS);
        Reply reply = new Reply(response.statusCode(), response.headers(), response.bodyAsString() == null ? "" : response.bodyAsString());
        shapes.check(method, path, reply.status(), response.getHeader("content-type"), reply.body());
        return reply;
    }

    @Override
    public void close() throws Exception {
        List<String> violations = shapes.violations();
        try {
            gate.open();
            client.close();
            hubMetrics.close();
            Future.fromCompletionStage(engine.stop()).await(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (ownsStore) {
                store.close();
            }
        } finally {
            vertx.close().await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("answers that do not match the OpenAPI document:\n" + String.join("\n", violations));
        }
    }
}
