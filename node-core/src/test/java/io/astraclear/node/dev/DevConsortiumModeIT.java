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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./astra dev --validators 4} as a user runs it: four validator nodes on loopback, each with
 * its own API port, storage, key and relayer, all recorded in {@code network.json}; a transfer sent
 * to one node is confirmed by all of them with the same ledger; SIGTERM stops every process.
 */
class DevConsortiumModeIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void fourValidatorNodesConfirmATransferWithIdenticalLedgersAndStopOnSigterm() throws Exception {
        Path root = Path.of(System.getProperty("astra.root")).toAbsolutePath();
        Path state = Files.createTempDirectory("astra-dev-consortium-it");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("astra").toString(), "dev", "--validators", "4", "--port", "0",
                "--block-time", "0", "--state-dir", state.toString())
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
                throw new AssertionError("astra dev --validators 4 did not get ready; its output:\n" + String.join("\n", snapshot(output)), e);
            }
            JsonObject network = new JsonObject(Files.readString(state.resolve("network.json")));
            assertThat(network.getJsonArray("validators")).hasSize(4);
            assertThat(network.getInteger("threshold")).isEqualTo(3);
            JsonArray nodes = network.getJsonArray("nodes");
            assertThat(nodes).hasSize(4);
            Set<String> urls = new HashSet<>();
            Set<String> relayers = new HashSet<>();
            Set<String> validators = new HashSet<>();
            for (int index = 0; index < nodes.size(); index++) {
                JsonObject node = nodes.getJsonObject(index);
                urls.add(node.getString("apiUrl"));
                relayers.add(node.getJsonObject("relayer").getString("address"));
                validators.add(node.getString("validator"));
                assertThat(node.getString("storage")).isEqualTo("memory");
            }
            assertThat(urls).as("an API port per node").hasSize(4);
            assertThat(relayers).as("a relayer account per node").hasSize(4);
            assertThat(validators).as("a key per node").hasSize(4);

            HttpClient http = HttpClient.newHttpClient();
            String token = network.getJsonObject("api").getString("adminToken");
            assertThat(token).as("an admin token for every node").isNotBlank();
            String via = nodes.getJsonObject(2).getString("apiUrl");
            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(via + "/api/v1/dev/transfers"))
                    .header("content-type", "application/json")
                    .header("authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"100\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String transferId = new JsonObject(sent.body()).getString("transferId");

            Set<String> stateHashes = new HashSet<>();
            for (String url : urls) {
                assertThat(awaitStatus(http, url, token, transferId)).as("transfer on %s", url).isIn("CONFIRMED", "EXECUTED");
                stateHashes.add(new JsonObject(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ledger/state-hash"))
                        .header("authorization", "Bearer " + token).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body()).getString("stateHash"));
            }
            assertThat(stateHashes).as("one ledger on every node").hasSize(1);

            List<ProcessHandle> children = astra.descendants().toList();
            assertThat(children).as("anvil chains run as children of the nodes' process").hasSizeGreaterThanOrEqualTo(2);
            astra.toHandle().destroy();
            assertThat(astra.waitFor(60, TimeUnit.SECONDS)).as("astra dev stops on SIGTERM").isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("child %d still running", child.pid()).isFalse();
            }
            reader.join(10_000);
            assertThat(snapshot(output)).anyMatch(line -> line.contains("no chain left running"));
        } finally {
            astra.descendants().forEach(ProcessHandle::destroyForcibly);
            astra.destroyForcibly();
        }
    }

    /** Polls the transfer on one node until it is confirmed (or further), stuck, or the deadline passes. */
    private static String awaitStatus(HttpClient http, String api, String token, String transferId) throws Exception {
        Instant deadline = Instant.now().plus(TRANSFER_TIMEOUT);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/transfers/" + transferId))
                    .header("authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                status = new JsonObject(response.body()).getString("status");
                if (!status.equals("OBSERVED")) {
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
