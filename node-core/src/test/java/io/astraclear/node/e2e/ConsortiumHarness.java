package io.astraclear.node.e2e;

import io.astraclear.adapters.postgres.PgStorageOptions;
import io.astraclear.adapters.postgres.PgTestDatabase;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.DevAccounts;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import io.astraclear.node.AstraNode;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.dev.DevNetwork;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.Address;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.web3j.protocol.Web3j;

/**
 * A dev network of several validator nodes in this JVM, each with its own storage, key, relayer
 * account and API server on loopback; the nodes exchange votes only over their real HTTP API.
 * Nodes can be stopped (killed, for the others) and started again. Tests wait on each node's event
 * stream, and poll the HTTP API only for state no event announces (a state hash).
 */
final class ConsortiumHarness implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    final DevNetwork network;
    final Vertx vertx = Vertx.vertx();
    private final NodeConfig.Protocol protocol;
    private final int relayFallbackTicks;
    private final Map<Integer, String> storage = new TreeMap<>();
    private final Map<Integer, AstraNode> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final Map<Integer, List<NodeEvent>> events = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<NodeEvent>> waits = new ConcurrentHashMap<>();
    private final List<String> schemas = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private List<Integer> members;
    /** The nodes every node knows as peers (a node can be a peer before a rotation makes it a validator). */
    private List<Integer> peers;

    private ConsortiumHarness(DevNetwork network, NodeConfig.Protocol protocol, int relayFallbackTicks) {
        this.network = network;
        this.protocol = protocol;
        this.relayFallbackTicks = relayFallbackTicks;
    }

    /**
     * Chains with contracts for {@code validators} validators, and their nodes; the validators in
     * {@code onPostgres} keep their state in PostgreSQL (so a restart resumes), the others in memory.
     */
    static ConsortiumHarness start(int banks, int validators, int nodes, Collection<Integer> onPostgres, NodeConfig.Protocol protocol,
            int relayFallbackTicks, Path stateDirectory) throws Exception {
        return start(banks, validators, nodes, onPostgres, protocol, relayFallbackTicks, 0, stateDirectory);
    }

    /** As above, with the chains mining a block every {@code chainBlockTimeSeconds} (0: a block per transaction). */
    static ConsortiumHarness start(int banks, int validators, int nodes, Collection<Integer> onPostgres, NodeConfig.Protocol protocol,
            int relayFallbackTicks, long chainBlockTimeSeconds, Path stateDirectory) throws Exception {
        DevNetwork network = DevNetwork.start(new DevNetwork.Options(banks, validators, 0, "memory", chainBlockTimeSeconds, stateDirectory,
                DevNodeHarness.pluginsDirectory()), System.out);
        ConsortiumHarness harness = new ConsortiumHarness(network, protocol, relayFallbackTicks);
        try {
            harness.members = new ArrayList<>();
            harness.peers = new ArrayList<>();
            for (int index = 0; index < nodes; index++) {
                if (index < validators) {
                    harness.members.add(index);
                }
                harness.peers.add(index);
                harness.storage.put(index, onPostgres.contains(index) ? harness.newSchemaUrl(index) : "memory");
            }
            for (int index = 0; index < validators; index++) {
                harness.startNode(index);
            }
            return harness;
        } catch (Exception e) {
            harness.close();
            throw e;
        }
    }

    private String newSchemaUrl(int index) {
        PgStorageOptions server = PgTestDatabase.server();
        String schema = PgTestDatabase.newSchemaName("consortium_v" + (index + 1));
        schemas.add(schema);
        String credentials = URLEncoder.encode(server.user(), StandardCharsets.UTF_8)
                + (server.password().isEmpty() ? "" : ":" + URLEncoder.encode(server.password(), StandardCharsets.UTF_8));
        return "postgresql://" + credentials + "@" + server.host() + ":" + server.port() + "/" + server.database() + "?schema=" + schema;
    }

    /** The validator indexes of the set the nodes are configured with (a rotation adds one). */
    List<Integer> members() {
        return List.copyOf(members);
    }

    void members(List<Integer> newMembers) {
        this.members = new ArrayList<>(newMembers);
    }

    NodeConfig config(int index) {
        NodeConfig config = network.nodeConfig(index, storage.computeIfAbsent(index, i -> "memory"), members, peers);
        NodeConfig.Consensus consensus = config.consensus();
        return config.withProtocol(protocol).withConsensus(new NodeConfig.Consensus(consensus.peerToken(), consensus.peers(),
                consensus.sendTimeout(), consensus.maxQueuedVotesPerPeer(), relayFallbackTicks, consensus.catchUpIntervalTicks(),
                consensus.nettingProposalTimeoutTicks()));
    }

    void startNode(int index) throws Exception {
        startNode(index, config(index));
    }

    void startNode(int index, NodeConfig config) throws Exception {
        AstraNode node = AstraNode.start(vertx, config, Optional.of(network::devTransfers)).await(60, TimeUnit.SECONDS);
        List<NodeEvent> log = events.computeIfAbsent(index, i -> new CopyOnWriteArrayList<>());
        subscriptions.put(index, node.events().subscribe(event -> {
            log.add(event);
            String transferId = event.data().get("transferId");
            if (transferId != null) {
                waits.computeIfAbsent(key(index, event.type(), transferId), k -> new CompletableFuture<>()).complete(event);
            }
        }));
        nodes.put(index, node);
    }

    /** Stops a node as a crash would look to its peers: its API goes away; its storage stays (PostgreSQL) or is lost (memory). */
    void stopNode(int index) throws Exception {
        AstraNode node = nodes.remove(index);
        subscriptions.remove(index).close();
        node.stop().await(30, TimeUnit.SECONDS);
    }

    boolean isRunning(int index) {
        return nodes.containsKey(index);
    }

    AstraNode node(int index) {
        AstraNode node = nodes.get(index);
        if (node == null) {
            throw new IllegalStateException("validator " + index + "'s node is not running");
        }
        return node;
    }

    List<Integer> running() {
        return nodes.keySet().stream().sorted().toList();
    }

    List<NodeEvent> events(int index, String type) {
        return events.getOrDefault(index, List.of()).stream().filter(event -> event.type().equals(type)).toList();
    }

    private static String key(int index, String type, String transferId) {
        return index + "|" + type + "|" + transferId;
    }

    /** Waits until {@code transferId} had event {@code type} on node {@code index} (or had it already). */
    NodeEvent await(int index, String type, String transferId) throws Exception {
        try {
            return waits.computeIfAbsent(key(index, type, transferId), k -> new CompletableFuture<>()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no " + type + " for " + transferId + " on validator " + index + " within " + TIMEOUT
                    + "; its transfer: " + get(index, "/api/v1/transfers/" + transferId).body() + "; consensus: "
                    + get(index, "/api/v1/consensus/status").body());
        }
    }

    boolean had(int index, String type, String transferId) {
        CompletableFuture<NodeEvent> wait = waits.get(key(index, type, transferId));
        return wait != null && wait.isDone();
    }

    /** Polls {@code condition} (state no event announces) until it holds. */
    static void awaitTrue(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the API as an external client would; nodes announce no state hash
        }
        throw new AssertionError(what + " did not happen within " + TIMEOUT);
    }

    static <T> T awaitValue(String what, Supplier<Optional<T>> value) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = value.get();
            if (found.isPresent()) {
                return found.get();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError(what + " did not happen within " + TIMEOUT);
    }

    String apiUrl(int index) {
        return "http://127.0.0.1:" + node(index).apiPort();
    }

    /** A GET with the dev network's admin token (every node's API knows it). */
    Response get(int index, String path) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl(index) + path)).header("authorization", "Bearer " + network.adminToken()).GET());
    }

    Response post(int index, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl(index) + path)).header("content-type", "application/json")
                .header("authorization", "Bearer " + network.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A request to a node's peer routes as validator {@code asPeer}'s node would send it. */
    Response postAsPeer(int index, int asPeer, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl(index) + path)).header("content-type", "application/json")
                .header("authorization", "Bearer " + network.peerToken(asPeer))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response getAsPeer(int index, int asPeer, String path) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl(index) + path)).header("authorization", "Bearer " + network.peerToken(asPeer)).GET());
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    /** A dev transfer (alice at {@code from} pays bob at {@code to}) sent through node {@code via}'s API; its transferId. */
    String transfer(int via, String from, String to, long amount) {
        Response response = post(via, "/api/v1/dev/transfers", new JsonObject().put("from", from).put("to", to).put("amount", Long.toString(amount)).encode());
        if (response.status() != 202) {
            throw new AssertionError("dev transfer " + from + "->" + to + " " + amount + " answered " + response);
        }
        return response.json().getString("transferId");
    }

    String stateHash(int index) {
        return get(index, "/api/v1/ledger/state-hash").json().getString("stateHash");
    }

    String ledger(int index) {
        return get(index, "/api/v1/ledger").body();
    }

    BigInteger tokenBalance(int bankIndex, Address account) throws Exception {
        return withToken(bankIndex, (token, chain) -> token.balanceOf(account.value()).send());
    }

    BigInteger totalSupply(int bankIndex) throws Exception {
        return withToken(bankIndex, (token, chain) -> token.totalSupply().send());
    }

    /** Transactions account {@code address} sent on bank {@code bankIndex}'s chain (its nonce). */
    long transactionCount(int bankIndex, Address address) throws Exception {
        Web3j web3j = JsonRpcHttp.connect(network.chains().get(bankIndex).rpcUrl());
        try {
            return web3j.ethGetTransactionCount(address.value(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send()
                    .getTransactionCount().longValueExact();
        } finally {
            web3j.shutdown();
        }
    }

    private interface TokenCall<T> {
        T call(io.astraclear.contracts.generated.BankToken token, BankContracts chain) throws Exception;
    }

    private <T> T withToken(int bankIndex, TokenCall<T> call) throws Exception {
        BankContracts bank = network.deployments().get(bankIndex);
        Web3j web3j = JsonRpcHttp.connect(network.chains().get(bankIndex).rpcUrl());
        try {
            return call.call(ChainAccount.connect(web3j, DevAccounts.derive(1).get(0).credentials(), bank.chainId()).bankToken(bank.token()), bank);
        } finally {
            web3j.shutdown();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (int index : running().reversed()) {
                try {
                    stopNode(index);
                } catch (Exception e) {
                    System.err.println("stopping validator " + index + ": " + e);
                }
            }
            PgTestDatabase.dropSchemas(vertx, schemas);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            network.close();
        }
    }

    record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }
}
