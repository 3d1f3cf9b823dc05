package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.node.AstraNode;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.dev.DevNetwork;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.netting.NettingStrategy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The multilateral netting plugin as an operator would install it: its jar dropped into the
 * plugins directory beside the shipped ones, selected by id in the configuration, the node not
 * rebuilt (no node code, and nothing on this test's class path, knows the plugin's classes). Real
 * anvil chains, real transfers through the node's HTTP API, a netting round that clears a cycle
 * bilateral netting cannot touch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultilateralDropInIT {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final String PLUGIN_CLASS = "io.astraclear.plugins.netting.multilateral.MultilateralNetting";

    private DevNetwork network;
    private Vertx vertx;
    private AstraNode node;
    private AutoCloseable subscription;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, CompletableFuture<NodeEvent>> finalEvents = new ConcurrentHashMap<>();

    @BeforeAll
    void startNetworkAndNodeWithMultilateralNetting() throws Exception {
        Path plugins = pluginsDirectory("signer-ecdsa", "netting-bilateral", "netting-multilateral");
        network = DevNetwork.start(new DevNetwork.Options(3, 1, 0, "memory", 0, Files.createTempDirectory("astra-multilateral"), plugins), System.out);
        vertx = Vertx.vertx();
        NodeConfig dev = network.nodeConfig(0, 0, "memory");
        NodeConfig config = new NodeConfig(dev.nodeName(), dev.protocol(), dev.api(), dev.storage(),
                new NodeConfig.Plugins(dev.plugins().directory(), dev.plugins().signerProvider(), "multilateral"),
                dev.signer(), dev.relayer(), dev.validators(), dev.banks(), dev.devMode());
        node = AstraNode.start(vertx, config, Optional.of(network::devTransfers)).await(60, TimeUnit.SECONDS);
        subscription = node.events().subscribe(event -> {
            if (event.type().equals(NodeEvent.TRANSFER_EXECUTED) || event.type().equals(NodeEvent.TRANSFER_STUCK)) {
                finalEvents.computeIfAbsent(event.data().get("transferId"), id -> new CompletableFuture<>()).complete(event);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (subscription != null) {
                subscription.close();
            }
            if (node != null) {
                node.stop().await(30, TimeUnit.SECONDS);
            }
        } finally {
            if (vertx != null) {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            if (network != null) {
                network.close();
            }
        }
    }

    @Test
    @Order(1)
    void nodeRunsThePluginSelectedByConfigurationFromItsOwnClassLoader() {
        NettingStrategy strategy = node.pipeline().netting().strategy();

        assertThat(strategy.id()).isEqualTo("multilateral");
        assertThat(strategy.novates()).isFalse();
        assertThat(strategy.getClass().getName()).isEqualTo(PLUGIN_CLASS);
        assertThat(strategy.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThatThrownBy(() -> Class.forName(PLUGIN_CLASS)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    @Order(2)
    void threeBankCycleOfTransfersIsNettedToNothing() throws Exception {
        awaitExecuted(transfer("BANK_A", "BANK_B", 100), transfer("BANK_B", "BANK_C", 100), transfer("BANK_C", "BANK_A", 100));
        JsonObject before = getJson("/api/v1/ledger");
        assertThat(balances(before)).containsExactlyInAnyOrderEntriesOf(Map.of("BANK_A->BANK_B", "100", "BANK_B->BANK_C", "100", "BANK_C->BANK_A", "100"));

        Response round = post("/api/v1/netting/rounds");

        assertThat(round.status()).as(round.body()).isEqualTo(201);
        JsonObject figures = new JsonObject(round.body());
        assertThat(figures.getJsonObject("strategy").getString("id")).isEqualTo("multilateral");
        assertThat(figures.getString("grossBefore")).isEqualTo("300");
        assertThat(figures.getString("grossAfter")).isEqualTo("0");
        assertThat(figures.getString("reductionPercent")).isEqualTo("100.00");
        assertThat(figures.getJsonArray("burns")).hasSize(3);
        JsonObject after = getJson("/api/v1/ledger");
        assertThat(after.getJsonArray("balances")).isEmpty();
        assertThat(after.getString("grossTotal")).isEqualTo("0");
        assertThat(netPositions(after).values()).allMatch(position -> position.signum() == 0);
        assertThat(getJson("/api/v1/settlements").getJsonArray("instructions")).isEmpty();
    }

    /**
     * A→B 100, B→A 30, B→C 50, C→A 50: bilateral netting would leave A→B 70, B→C 50, C→A 50 (170);
     * the cycle A→B→C→A carries 50 more, so A owes B 20, its net position: the lower bound.
     */
    @Test
    @Order(3)
    void pairAndCycleTogetherLeaveOnlyTheNetPosition() throws Exception {
        awaitExecuted(transfer("BANK_A", "BANK_B", 100), transfer("BANK_B", "BANK_A", 30), transfer("BANK_B", "BANK_C", 50),
                transfer("BANK_C", "BANK_A", 50));

        Response round = post("/api/v1/netting/rounds");

        assertThat(round.status()).as(round.body()).isEqualTo(201);
        JsonObject figures = new JsonObject(round.body());
        assertThat(figures.getString("grossBefore")).isEqualTo("230");
        assertThat(figures.getString("grossAfter")).isEqualTo("20");
        assertThat(figures.getString("lowerBound")).isEqualTo("20");
        assertThat(balances(getJson("/api/v1/ledger"))).containsExactlyEntriesOf(Map.of("BANK_A->BANK_B", "20"));
        assertThat(getJson("/api/v1/settlements").getJsonArray("instructions").getJsonObject(0).getString("instruction"))
                .isEqualTo("BANK_A pays BANK_B 20");
    }

    /** The jars the plugin modules built, as an operator would copy them; kept off this module's class path. */
    private static Path pluginsDirectory(String... modules) throws Exception {
        Path root = Path.of(System.getProperty("astra.root", "..")).toAbsolutePath().normalize();
        Path directory = Files.createTempDirectory("astra-plugins");
        for (String module : modules) {
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

    private String transfer(String from, String to, long amount) throws Exception {
        Response response = send(HttpRequest.newBuilder(uri("/api/v1/dev/transfers"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("from", from).put("to", to).put("amount", Long.toString(amount)).encode())));
        assertThat(response.status()).as("dev transfer %s->%s %d: %s", from, to, amount, response.body()).isEqualTo(202);
        return new JsonObject(response.body()).getString("transferId");
    }

    private void awaitExecuted(String... transferIds) throws Exception {
        for (String transferId : List.of(transferIds)) {
            NodeEvent event = finalEvents.computeIfAbsent(transferId, id -> new CompletableFuture<>())
                    .get(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event.type()).as("transfer %s", transferId).isEqualTo(NodeEvent.TRANSFER_EXECUTED);
        }
    }

    private JsonObject getJson(String path) throws Exception {
        Response response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private Response post(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.apiPort() + path);
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        // every /api/v1 route needs a token: the dev network's admin token
        request.header("authorization", "Bearer " + network.adminToken());
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private static Map<String, String> balances(JsonObject ledger) {
        Map<String, String> out = new HashMap<>();
        for (Object entry : ledger.getJsonArray("balances")) {
            JsonObject balance = (JsonObject) entry;
            out.put(balance.getString("issuer") + "->" + balance.getString("holder"), balance.getString("amount"));
        }
        return out;
    }

    private static Map<String, BigInteger> netPositions(JsonObject ledger) {
        Map<String, BigInteger> out = new HashMap<>();
        JsonArray positions = ledger.getJsonArray("netPositions");
        for (Object entry : positions) {
            out.put(((JsonObject) entry).getString("bank"), new BigInteger(((JsonObject) entry).getString("net")));
        }
        return out;
    }

    private record Response(int status, String body) {}
}
