package io.astraclear.node.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's main command as a user runs it: {@code ./astra dev} starts chains, contracts and
 * the node; one transfer goes through the HTTP API to EXECUTED; SIGTERM stops it and leaves no
 * process behind.
 */
class DevModeIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void devModeRunsATransferToExecutedAndStopsEveryProcessItStarted() throws Exception {
        Path root = Path.of(System.getProperty("astra.root")).toAbsolutePath();
        Path state = Files.createTempDirectory("astra-dev-it");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("astra").toString(), "dev", "--port", "0", "--block-time", "0",
                "--state-dir", state.toString())
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().put("ASTRA_SKIP_BUILD", "1");
        Process astra = builder.start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(astra.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("ready in")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new AssertionError("astra dev exited before it was ready"));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            try {
                ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("astra dev did not get ready; its output:\n" + String.join("\n", snapshot(output)), e);
            }
            JsonObject network = new JsonObject(Files.readString(state.resolve("network.json")));
            String api = network.getJsonObject("api").getString("url");
            JsonArray banks = network.getJsonArray("banks");
            assertThat(banks).hasSize(2);
            assertThat(network.getJsonArray("validators")).hasSize(1);
            assertThat(network.getJsonArray("demoAccounts").getJsonObject(0).getString("privateKey")).startsWith("0x");
            assertThat(snapshot(output)).anyMatch(line -> line.contains("curl -s -X POST " + api + "/api/v1/dev/transfers"));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/node"))
                    .header("authorization", "Bearer " + network.getJsonObject("api").getString("adminToken")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
            JsonObject node = new JsonObject(info.body());
            assertThat(node.getString("mode")).isEqualTo("dev");
            assertThat(node.getString("version")).as("the node jar's manifest names its version").matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(node.getString("validator")).isEqualTo(network.getJsonArray("validators").getJsonObject(0).getString("address"));
            assertThat(node.getString("storage")).isEqualTo("memory");
            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/dev/transfers"))
                    .header("content-type", "application/json")
                    .header("authorization", "Bearer " + network.getJsonObject("api").getString("adminToken"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"100\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String transferId = new JsonObject(sent.body()).getString("transferId");

            String status = awaitStatus(http, api, network.getJsonObject("api").getString("adminToken"), transferId, "EXECUTED");
            assertThat(status).isEqualTo("EXECUTED");

            List<ProcessHandle> children = astra.descendants().toList();
            assertThat(children).as("anvil chains run as children of the node").hasSizeGreaterThanOrEqualTo(2);
            astra.toHandle().destroy(); // SIGTERM, as a service manager would; Process.destroy() would also close our end of its output
            assertThat(astra.waitFor(60, TimeUnit.SECONDS)).as("astra dev stops on SIGTERM").isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("child %d (%s) still running", child.pid(), child.info().command().orElse("?")).isFalse();
            }
            reader.join(10_000);
            assertThat(snapshot(output)).anyMatch(line -> line.contains("no chain left running"));
        } finally {
            astra.descendants().forEach(ProcessHandle::destroyForcibly);
            astra.destroyForcibly();
        }
    }

    /** Polls the transfer until it has {@code wanted}, a final status, or the deadline passes. */
    private static String awaitStatus(HttpClient http, String api, String token, String transferId, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(TRANSFER_TIMEOUT);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/transfers/" + transferId))
                    .header("authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                status = new JsonObject(response.body()).getString("status");
                if (status.equals(wanted) || status.equals("STUCK")) {
                    return status;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of an external client; the node pushes nothing here
        }
        return status;
    }

    private static List<String> snapshot(List<String> output) {
        synchronized (output) {
            return List.copyOf(output);
        }
    }
}
