package io.astraclear.node.e2e;

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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;

/**
 * A dev network (real anvil chains, real contracts) and a real node on it with the real plugin
 * jars, driven over its real HTTP API. Waits on the node's event stream, never by sleeping.
 */
final class DevNodeHarness implements AutoCloseable {
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

    final DevNetwork network;
    final Vertx vertx;
    final String storageUrl;
    AstraNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, CompletableFuture<NodeEvent>> finalEvents = new ConcurrentHashMap<>();
    private AutoCloseable subscription;

    private DevNodeHarness(DevNetwork network, Vertx vertx, String storageUrl) {
        this.network = network;
        this.vertx = vertx;
        this.storageUrl = storageUrl;
    }

    static DevNodeHarness start(int banks, String storageUrl, Path stateDirectory) throws Exception {
        DevNetwork network = DevNetwork.start(new DevNetwork.Options(banks, 1, 0, storageUrl, 0, stateDirectory, pluginsDirectory()), System.out);
        DevNodeHarness harness = new DevNodeHarness(network, Vertx.vertx(), storageUrl);
        try {
            harness.startNode();
            return harness;
        } catch (Exception e) {
            harness.close();
            throw e;
        }
    }

    /** The jars the plugin modules built, kept off this module's class path. */
    static Path pluginsDirectory() throws Exception {
        Path root = Path.of(System.getProperty("astra.root", "..")).toAbsolutePath().normalize();
        Path directory = Files.createTempDirectory("astra-plugins");
        for (String module : new String[] {"signer-ecdsa", "netting-bilateral"}) {
            try (var files = Files.list(root.resolve("plugins").resolve(module).resolve("target"))) {
                Path jar = files.filter(file -> file.getFileName().toString().startsWith("astra-plugin-") && file.toString().endsWith(".jar")
                                && !file.getFileName().toString().startsWith("original-"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("plugin jar of " + module + " not built; run the reactor's package phase first"));
                Files.copy(jar, directory.resolve(jar.getFileName()));
            }
        }
        return directory;
    }

    /** The dev network's demo account {@code index} (as network.json lists them; 1 is bob). */
    Address demoAccount(int index) throws Exception {
        return Address.of(new JsonObject(Files.readString(network.writeNetworkFile(apiUrl(), "")))
                .getJsonArray("demoAccounts").getJsonObject(index).getString("address"));
    }

    void startNode() throws Exception {
        startNode(config -> config);
    }

    /** Starts the node with its dev configuration as {@code adjust} changes it. */
    void startNode(java.util.function.UnaryOperator<NodeConfig> adjust) throws Exception {
        NodeConfig config = adjust.apply(network.nodeConfig(0, 0, storageUrl));
        node = AstraNode.start(vertx, config, Optional.of(network::devTransfers)).await(60, TimeUnit.SECONDS);
        subscription = node.events().subscribe(event -> {
            if (event.type().equals(NodeEvent.TRANSFER_EXECUTED) || event.type().equals(NodeEvent.TRANSFER_STUCK)) {
                finalEvents.computeIfAbsent(event.data().get("transferId"), id -> new CompletableFuture<>()).complete(event);
            }
        });
    }

    /** Completes with the next event of {@code type} published after this call. */
    CompletableFuture<NodeEvent> nextEvent(String type) {
        CompletableFuture<NodeEvent> next = new CompletableFuture<>();
        AutoCloseable[] subscription = new AutoCloseable[1];
        subscription[0] = node.events().subscribe(event -> {
            if (event.type().equals(type)) {
                next.complete(event);
            }
        });
        return next.whenComplete((event, failure) -> {
            try {
                subscription[0].close();
            } catch (Exception ignored) {
                // closing a subscription cannot fail
            }
        });
    }

    /** Waits until every chain's watcher has stored its checkpoint at the chain head (a status the node exposes, polled). */
    void awaitCaughtUp() throws Exception {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var chains = node.pipeline().status().chains();
            if (chains.stream().allMatch(chain -> chain.reachable() && chain.headBlock() >= 0 && chain.lagBlocks() == 0)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("chains did not catch up within " + EVENT_TIMEOUT + ": " + node.pipeline().status());
    }

    void stopNode() throws Exception {
        subscription.close();
        node.stop().await(30, TimeUnit.SECONDS);
        node = null;
    }

    /** Completes when the transfer reaches EXECUTED or STUCK on this node. */
    NodeEvent awaitFinal(String transferId) throws Exception {
        return finalEvents.computeIfAbsent(transferId, id -> new CompletableFuture<>()).get(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

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
        // every /api/v1 route needs a token: the dev network's admin token
        request.header("authorization", "Bearer " + network.adminToken());
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** Sends a dev transfer and returns its transferId. */
    String transfer(String from, String to, long amount) throws Exception {
        Response response = post("/api/v1/dev/transfers", new JsonObject().put("from", from).put("to", to).put("amount", Long.toString(amount)).encode());
        if (response.status() != 202) {
            throw new AssertionError("dev transfer " + from + "->" + to + " " + amount + " answered " + response);
        }
        return response.json().getString("transferId");
    }

    BigInteger tokenBalance(int bankIndex, Address account) throws Exception {
        BankContracts bank = network.deployments().get(bankIndex);
        Web3j web3j = JsonRpcHttp.connect(network.chains().get(bankIndex).rpcUrl());
        try {
            return ChainAccount.connect(web3j, DevAccounts.derive(1).get(0).credentials(), bank.chainId())
                    .bankToken(bank.token()).balanceOf(account.value()).send();
        } finally {
            web3j.shutdown();
        }
    }

    /** The bank's owner points its token's executor at {@code executor}, as a bank re-wiring its contracts would. */
    void setTokenExecutor(int bankIndex, Address executor) throws Exception {
        BankContracts bank = network.deployments().get(bankIndex);
        Web3j web3j = JsonRpcHttp.connect(network.chains().get(bankIndex).rpcUrl());
        try {
            var receipt = ChainAccount.connect(web3j, DevAccounts.derive(1).get(0).credentials(), bank.chainId())
                    .bankToken(bank.token()).setExecutor(executor.value()).send();
            if (!receipt.isStatusOK()) {
                throw new AssertionError("setExecutor on " + bank.bankId() + " failed: " + receipt);
            }
        } finally {
            web3j.shutdown();
        }
    }

    /** The contracts deployed for bank {@code bankIndex}. */
    BankContracts contracts(int bankIndex) {
        return network.deployments().get(bankIndex);
    }

    BigInteger totalSupply(int bankIndex) throws Exception {
        BankContracts bank = network.deployments().get(bankIndex);
        Web3j web3j = JsonRpcHttp.connect(network.chains().get(bankIndex).rpcUrl());
        try {
            return ChainAccount.connect(web3j, DevAccounts.derive(1).get(0).credentials(), bank.chainId())
                    .bankToken(bank.token()).totalSupply().send();
        } finally {
            web3j.shutdown();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (node != null) {
                stopNode();
            }
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
