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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's main command as a user runs it: {@code ./astra dev} starts chains, contracts and the
 * node; the seed scenario goes through its HTTP API as curl would send it (two transfers to
 * EXECUTED with their mint transactions, a netting round leaving A owing B 70, a settlement that
 * burns it, one beyond the balance refused); {@code GET /api/v1/hub} shows the hub's height and app
 * hash moving; SIGTERM stops it and leaves no process behind. API fields are looked for wherever
 * they sit in the answer, so that the API can be reshaped without this test.
 */
class DevModeIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String api;
    private String token;

    @Test
    void devModeRunsTheSeedScenarioAndStopsEveryProcessItStarted() throws Exception {
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
            api = network.getJsonObject("api").getString("url");
            token = network.getJsonObject("api").getString("adminToken");
            assertThat(network.getJsonArray("banks")).hasSize(2);
            assertThat(snapshot(output)).anyMatch(line -> line.contains("curl -s -X POST " + api + "/api/v1/dev/transfers"));

            JsonObject hubAtStart = call("GET", "/api/v1/hub", null);
            long heightAtStart = number(hubAtStart, "height");
            String appHashAtStart = text(hubAtStart, "appHash");
            assertThat(appHashAtStart).matches(HASH);

            String aToB = transfer("BANK_A", "BANK_B", 100);
            String bToA = transfer("BANK_B", "BANK_A", 30);
            for (String transferId : List.of(aToB, bToA)) {
                JsonObject executed = awaitStatus(transferId, "EXECUTED");
                assertThat(mintTransaction(executed)).as("transfer %s shows its mint transaction: %s", transferId, executed.encode())
                        .hasValueSatisfying(hash -> assertThat(hash).matches(HASH));
            }
            assertThat(owes(call("GET", "/api/v1/ledger", null), "BANK_A", "BANK_B", "100")).isTrue();
            assertThat(owes(call("GET", "/api/v1/ledger", null), "BANK_B", "BANK_A", "30")).isTrue();

            call("POST", "/api/v1/netting/rounds", "");
            JsonObject netted = call("GET", "/api/v1/ledger", null);
            assertThat(owes(netted, "BANK_A", "BANK_B", "70")).as("A owes B 70 after netting: %s", netted.encode()).isTrue();
            assertThat(owes(netted, "BANK_B", "BANK_A", "30")).isFalse();

            call("POST", "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"70\",\"reference\":\"wire-2026-0001\"}");
            JsonObject settled = call("GET", "/api/v1/ledger", null);
            assertThat(owes(settled, "BANK_A", "BANK_B", "70")).as("the settlement burned it: %s", settled.encode()).isFalse();
            HttpResponse<String> beyond = send("POST", "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"wire-2026-0002\"}");
            assertThat(beyond.statusCode()).as("a settlement beyond the balance: %s", beyond.body()).isBetween(400, 499);

            JsonObject hubAfter = call("GET", "/api/v1/hub", null);
            assertThat(number(hubAfter, "height")).isGreaterThan(heightAtStart);
            assertThat(text(hubAfter, "appHash")).matches(HASH).isNotEqualTo(appHashAtStart);

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

    private String transfer(String from, String to, long amount) throws Exception {
        JsonObject sent = call("POST", "/api/v1/dev/transfers", new JsonObject().put("from", from).put("to", to).put("amount", Long.toString(amount)).encode());
        return text(sent, "transferId");
    }

    /** Polls the transfer as an external client does (the node pushes nothing on this route) until it has {@code wanted} or ends STUCK. */
    private JsonObject awaitStatus(String transferId, String wanted) throws Exception {
        long deadline = System.nanoTime() + TRANSFER_TIMEOUT.toNanos();
        JsonObject last = new JsonObject();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", "/api/v1/transfers/" + transferId, null);
            if (response.statusCode() == 200) {
                last = new JsonObject(response.body());
                String status = last.getString("status", "");
                if (status.equals(wanted) || status.equals("STUCK")) {
                    break;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of an external client
        }
        assertThat(last.getString("status")).as("transfer %s: %s", transferId, last.encode()).isEqualTo(wanted);
        return last;
    }

    /** A call that must succeed (any 2xx: the API's exact codes may move); its JSON answer. */
    private JsonObject call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
        return new JsonObject(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the answer holds, anywhere, an object naming {@code debtor}, {@code creditor} and {@code amount} (however the fields are called). */
    private static boolean owes(JsonObject answer, String debtor, String creditor, String amount) {
        return !objectsWith(answer, object -> {
            List<String> values = object.getMap().values().stream().filter(String.class::isInstance).map(String.class::cast).toList();
            int debtorAt = values.indexOf(debtor);
            int creditorAt = values.indexOf(creditor);
            return debtorAt >= 0 && creditorAt > debtorAt && values.contains(amount);
        }).isEmpty();
    }

    /** The mint's transaction hash: under a field that names the mint or its execution, or a destination transaction field. */
    private static Optional<String> mintTransaction(JsonObject transfer) {
        for (Map.Entry<String, Object> field : transfer) {
            String key = field.getKey().toLowerCase(java.util.Locale.ROOT);
            if ((key.contains("mint") || key.contains("execution")) && field.getValue() instanceof JsonObject mint && mint.getValue("transactionHash") instanceof String hash) {
                return Optional.of(hash);
            }
            if (key.startsWith("destination") && key.endsWith("hash") && field.getValue() instanceof String hash) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    private static List<JsonObject> objectsWith(Object json, Predicate<JsonObject> test) {
        List<JsonObject> found = new ArrayList<>();
        if (json instanceof JsonObject object) {
            if (test.test(object)) {
                found.add(object);
            }
            object.forEach(field -> found.addAll(objectsWith(field.getValue(), test)));
        } else if (json instanceof JsonArray array) {
            array.forEach(item -> found.addAll(objectsWith(item, test)));
        }
        return found;
    }

    private static long number(JsonObject answer, String field) {
        return objectsWith(answer, object -> object.getValue(field) instanceof Number).stream().findFirst()
                .map(object -> ((Number) object.getValue(field)).longValue())
                .orElseThrow(() -> new AssertionError("no number '" + field + "' in " + answer.encode()));
    }

    private static String text(JsonObject answer, String field) {
        return Optional.ofNullable(answer.getValue(field)).map(String::valueOf)
                .or(() -> objectsWith(answer, object -> object.getValue(field) instanceof String).stream().findFirst().map(object -> object.getString(field)))
                .orElseThrow(() -> new AssertionError("no '" + field + "' in " + answer.encode()));
    }

    private static List<String> snapshot(List<String> output) {
        synchronized (output) {
            return List.copyOf(output);
        }
    }
}
