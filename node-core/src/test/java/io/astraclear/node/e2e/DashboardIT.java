package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.astraclear.node.AstraNode;
import io.astraclear.node.dev.DevNetwork;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard in a real browser: Debian's Chromium, driven by playwright-core (npm) from
 * {@code src/test/browser/dashboard-check.mjs}, against a real dev network (anvil chains, the
 * contracts) and a real node on the solo engine with the real plugin jars. The script signs in with
 * the admin token, checks that the header shows the hub's height, app hash and engine and that they
 * move, sends transfers through the API and waits for them to reach EXECUTED on the page with their
 * batch and hashes, opens a transfer's detail, runs netting and confirms the settlement from the
 * page, reloads, and tries a bad token. Screenshots go to {@code target/screenshots/}; with
 * {@code -Dastra.refreshDocsScreenshot=true} the 1280×800 one replaces {@code docs/dashboard.png}.
 * A missing Chromium fails the test with how to install it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Duration BROWSER_RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");

    private final Path root = Path.of(System.getProperty("astra.root", "..")).toAbsolutePath().normalize();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path chromium;
    private DevNetwork network;
    private Vertx vertx;
    private AstraNode node;

    @BeforeAll
    void startNetworkAndNode() throws Exception {
        chromium = chromium(); // before the network starts: a missing browser fails at once
        network = DevNetwork.start(new DevNetwork.Options(2, 1, 0, "memory", 0, Files.createTempDirectory("astra-dashboard"), pluginsDirectory()),
                System.out);
        vertx = Vertx.vertx();
        node = AstraNode.start(vertx, network.nodeConfig(0, 0, "memory"), Optional.of(network::devTransfers))
                .await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitWatchersCaughtUp();
    }

    @AfterAll
    void stopNodeAndNetwork() throws Exception {
        try {
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
    void operatorSeesTheHubAndTransfersExecuteLiveRunsNettingConfirmsTheSettlementAndBadTokenIsRejected() throws Exception {
        Path script = root.resolve("node-core/src/test/browser/dashboard-check.mjs");
        if (!Files.isDirectory(root.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed under " + root.resolve("node_modules") + "; run 'npm ci' in " + root + " (./astra test does)");
        }
        Path screenshots = root.resolve("node-core/target/screenshots");
        Files.createDirectories(screenshots);

        ProcessBuilder builder = new ProcessBuilder("node", script.toString()).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("ASTRA_URL", apiUrl());
        builder.environment().put("ASTRA_TOKEN", network.adminToken());
        builder.environment().put("ASTRA_CHROMIUM", chromium.toString());
        builder.environment().put("ASTRA_SCREENSHOTS", screenshots.toString());
        if (Boolean.getBoolean("astra.refreshDocsScreenshot")) {
            builder.environment().put("ASTRA_DOCS_SCREENSHOT", root.resolve("docs/dashboard.png").toString());
        }
        // never let Playwright fetch a browser of its own
        builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    System.out.println(line);
                    synchronized (output) {
                        output.add(line);
                    }
                });
            } catch (Exception ignored) {
                // the process ended; what it printed is already kept
            }
        });
        if (!process.waitFor(BROWSER_RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the browser check did not finish within " + BROWSER_RUN_TIMEOUT);
        }
        reader.join(Duration.ofSeconds(10));
        String printed;
        synchronized (output) {
            printed = String.join("\n", output);
        }
        assertThat(process.exitValue()).as("browser check (screenshots in %s):%n%s", screenshots, printed).isZero();
        assertThat(printed).contains("all checks passed").contains("hub height").contains("both transfers reached EXECUTED");
        assertThat(screenshots.resolve("03-after-netting-1280x800.png")).exists();
    }

    private String apiUrl() {
        return "http://127.0.0.1:" + node.apiPort();
    }

    /** Polls the node's readiness until every chain's watcher is at its chain's head (bounded). */
    private void awaitWatchersCaughtUp() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(apiUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = ready.body();
            var chains = new JsonObject(last).getJsonObject("checks").getJsonArray("chains");
            boolean caughtUp = ready.statusCode() == 200 && !chains.isEmpty() && chains.stream()
                    .allMatch(chain -> ((JsonObject) chain).getBoolean("reachable") && ((JsonObject) chain).getLong("lagBlocks") == 0);
            if (caughtUp) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the watchers did not catch up within " + START_TIMEOUT + ": " + last);
    }

    /** The jars the plugin modules built, kept off this module's class path. */
    private Path pluginsDirectory() throws Exception {
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

    private static Path chromium() {
        String configured = System.getenv("ASTRA_CHROMIUM");
        Path chromium = configured == null || configured.isBlank() ? DEFAULT_CHROMIUM : Path.of(configured);
        if (!Files.isExecutable(chromium)) {
            fail("Chromium not found at " + chromium + ". The dashboard test needs Debian's chromium: "
                    + "'apt-get update && apt-get install -y chromium' (./astra test does this when run as root), "
                    + "or set ASTRA_CHROMIUM to a Chromium binary.");
        }
        return chromium;
    }
}
