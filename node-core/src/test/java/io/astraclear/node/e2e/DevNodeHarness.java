package io.astraclear.node.e2e;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.node.AstraNode;
import io.astraclear.node.api.DevTransfers;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.dev.DevNetwork;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.web3j.crypto.Credentials;

/**
 * A dev network (real anvil chains, real contracts) and a real node on it, in this JVM, with the
 * real plugin jars. Tests drive the node as a user would (dev transfers, netting and settlement
 * requests over HTTP) and observe it through Java: its store, its committed blocks and events.
 * Waits follow the node's event stream or poll with a bound, never a bare sleep.
 */
final class DevNodeHarness implements AutoCloseable {
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    final DevNetwork network;
    final Vertx vertx;
    final String storageUrl;
    final Path stateDirectory;
    private final UnaryOperator<NodeConfig> baseAdjustment;
    private final List<BankChain> chains = new ArrayList<>();
    private final JsonObject networkFile;
    /** Every event the node published live, in order, over every start of the node. */
    private final List<HubEvent> liveEvents = new ArrayList<>();
    private final Map<TransferId, CompletableFuture<HubEvent>> finalEvents = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AstraNode node;
    private AutoCloseable subscription;
    private DevTransfers devTransfers;

    private DevNodeHarness(DevNetwork network, Vertx vertx, String storageUrl, Path stateDirectory, UnaryOperator<NodeConfig> baseAdjustment)
            throws Exception {
        this.network = network;
        this.vertx = vertx;
        this.storageUrl = storageUrl;
        this.stateDirectory = stateDirectory;
        this.baseAdjustment = baseAdjustment;
        this.networkFile = new JsonObject(Files.readString(network.writeNetworkFile("http://127.0.0.1:0", network.adminToken())));
        for (int index = 0; index < network.deployments().size(); index++) {
            chains.add(BankChain.connect(network.chains().get(index), network.deployments().get(index),
                    Credentials.create(networkFile.getJsonArray("banks").getJsonObject(index).getJsonObject("owner").getString("privateKey"))));
        }
    }

    /** A dev network of {@code banks} and its node with the shipped plugins (signer, bilateral netting). */
    static DevNodeHarness start(int banks, String storageUrl, Path stateDirectory) throws Exception {
        return start(banks, storageUrl, stateDirectory, BuiltPluginJars.directory("signer-ecdsa", "netting-bilateral"), config -> config);
    }

    /** As {@link #start(int, String, Path)} with these plugins, the node's dev configuration changed by {@code adjust} on every start. */
    static DevNodeHarness start(int banks, String storageUrl, Path stateDirectory, Path plugins, UnaryOperator<NodeConfig> adjust) throws Exception {
        DevNetwork network = DevNetwork.start(new DevNetwork.Options(banks, 1, 0, storageUrl, 0, stateDirectory, plugins), System.out);
        DevNodeHarness harness;
        try {
            harness = new DevNodeHarness(network, Vertx.vertx(), storageUrl, stateDirectory, adjust);
        } catch (Exception e) {
            network.close();
            throw e;
        }
        try {
            harness.startNode();
            return harness;
        } catch (Exception e) {
            harness.close();
            throw e;
        }
    }

    void startNode() throws Exception {
        startNode(config -> config);
    }

    /** Starts the node with its dev configuration, changed by the harness's adjustment and then by {@code adjust}. */
    void startNode(UnaryOperator<NodeConfig> adjust) throws Exception {
        NodeConfig config = adjust.apply(baseAdjustment.apply(network.nodeConfig(0, 0, storageUrl)));
        node = AstraNode.start(vertx, config, Optional.of(network::devTransfers)).await(60, TimeUnit.SECONDS);
        devTransfers = network.devTransfers(vertx, config);
        subscription = node.events().subscribe(this::heard);
    }

    private void heard(HubEvent event) {
        synchronized (liveEvents) {
            liveEvents.add(event);
        }
        if (event.type() == HubEventType.TRANSFER_EXECUTED || event.type() == HubEventType.TRANSFER_STUCK) {
            finalEvent(TransferId.of(event.data().get("transferId"))).complete(event);
        }
    }

    void stopNode() throws Exception {
        subscription.close();
        node.stop().await(30, TimeUnit.SECONDS);
        node = null;
    }

    HubStore store() {
        return node.store();
    }

    List<HubEvent> liveEvents() {
        synchronized (liveEvents) {
            return List.copyOf(liveEvents);
        }
    }

    BankChain chain(int bankIndex) {
        return chains.get(bankIndex);
    }

    BankChain chain(BankId bank) {
        return chains.stream().filter(chain -> chain.bank().equals(bank)).findFirst()
                .orElseThrow(() -> new AssertionError("no chain of " + bank + " in this dev network"));
    }

    BankContracts contracts(int bankIndex) {
        return network.deployments().get(bankIndex);
    }

    static BankId bankId(int index) {
        return DevNetwork.bankId(index);
    }

    /** A demo customer of network.json ({@code 0} alice, the payer of dev transfers; {@code 1} bob, their recipient). */
    Address demoAccount(int index) {
        return Address.of(networkFile.getJsonArray("demoAccounts").getJsonObject(index).getString("address"));
    }

    Credentials demoCredentials(int index) {
        return Credentials.create(networkFile.getJsonArray("demoAccounts").getJsonObject(index).getString("privateKey"));
    }

    // --- transfers --------------------------------------------------------------------------------

    /** A dev transfer as a user sends it, over HTTP; its transfer id. */
    TransferId transferOverHttp(BankId from, BankId to, long amount) throws Exception {
        Response response = post("/api/v1/dev/transfers", new JsonObject().put("from", from.value()).put("to", to.value())
                .put("amount", Long.toString(amount)).encode());
        if (response.status() / 100 != 2) {
            throw new AssertionError("dev transfer " + from + "->" + to + " " + amount + " answered " + response);
        }
        String id = response.json().getString("transferId");
        if (id == null) {
            throw new AssertionError("the dev transfer's answer names no transferId: " + response.body());
        }
        return TransferId.of(id);
    }

    /** A dev transfer through the node's own dev-transfer sender (alice pays, bob receives), without HTTP. */
    TransferId send(BankId from, BankId to, long amount) throws Exception {
        return devTransfers.send(from, to, Amount.of(amount)).await(30, TimeUnit.SECONDS).transferId();
    }

    CompletableFuture<HubEvent> finalEvent(TransferId transferId) {
        return finalEvents.computeIfAbsent(transferId, id -> new CompletableFuture<>());
    }

    /** Waits for the transfer's EXECUTED or STUCK event, then gives its stored image. */
    HubTransfer awaitFinal(TransferId transferId) throws Exception {
        try {
            finalEvent(transferId).get(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("transfer " + transferId + " did not reach EXECUTED or STUCK within " + EVENT_TIMEOUT + "; stored: "
                    + StoreListings.await(store().transfer(transferId)), e);
        }
        return StoreListings.await(store().transfer(transferId)).orElseThrow(() -> new AssertionError("transfer " + transferId + " is not stored"));
    }

    // --- waiting ----------------------------------------------------------------------------------

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code state} after {@code timeout}. */
    static void awaitCondition(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError(what + " within " + timeout + "; now: " + state.get());
        }
    }

    /** Waits until this node's watcher of every chain has stored a checkpoint at that chain's head. */
    void awaitCaughtUp() throws Exception {
        awaitCondition("the watchers did not reach the chain heads", EVENT_TIMEOUT, this::caughtUp, this::checkpoints);
    }

    private boolean caughtUp() {
        try {
            for (BankChain chain : chains) {
                Optional<Checkpoint> checkpoint = StoreListings.await(store().checkpoint(chain.bank()));
                if (checkpoint.isEmpty() || checkpoint.get().blockNumber() < chain.headBlock()) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private Object checkpoints() {
        List<String> state = new ArrayList<>();
        for (BankChain chain : chains) {
            try {
                state.add(chain.bank() + " checkpoint " + StoreListings.await(store().checkpoint(chain.bank())) + ", head " + chain.headBlock());
            } catch (Exception e) {
                state.add(chain.bank() + ": " + e);
            }
        }
        return state;
    }

    // --- HTTP, as a user calls it -----------------------------------------------------------------

    String apiUrl() {
        return "http://127.0.0.1:" + node.apiPort();
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(apiUrl() + path)).GET());
    }

    Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        request.header("authorization", "Bearer " + network.adminToken());
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    public void close() throws Exception {
        try {
            if (node != null) {
                stopNode();
            }
        } finally {
            chains.forEach(BankChain::close);
            vertx.close().await(10, TimeUnit.SECONDS);
            network.close();
        }
    }

    record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
