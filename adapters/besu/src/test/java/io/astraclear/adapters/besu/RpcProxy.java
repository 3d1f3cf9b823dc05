package io.astraclear.adapters.besu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy on loopback in front of anvil that behaves like a stricter or sicker node: it
 * refuses {@code eth_getLogs} pages over a block range (Besu's wording) or over a result count
 * (geth's wording), and can answer HTTP 503 to a number of requests. Everything else is forwarded.
 */
final class RpcProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI upstream;
    private volatile long maxBlockRange = Long.MAX_VALUE;
    private volatile int maxResults = Integer.MAX_VALUE;
    private final java.util.Map<String, String> cannedResults = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> answersToLose = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger refusedLogQueries = new AtomicInteger();
    private final AtomicInteger injectedFailures = new AtomicInteger();

    RpcProxy(String upstreamUrl) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Refuse log queries spanning more blocks, as Besu's {@code --rpc-max-logs-range} does. */
    RpcProxy maxBlockRange(long blocks) {
        this.maxBlockRange = blocks;
        return this;
    }

    /** Refuse log queries returning more logs, as geth and hosted providers do. */
    RpcProxy maxResults(int results) {
        this.maxResults = results;
        return this;
    }

    /** Answers {@code method} with this JSON result instead of asking anvil, e.g. {@code eth_gasPrice} -> {@code "0x0"}. */
    RpcProxy answer(String method, String resultJson) {
        cannedResults.put(method, resultJson);
        return this;
    }

    /** The next {@code count} requests get HTTP 503. */
    void failNext(int count) {
        failuresToInject.set(count);
    }

    /** The next {@code count} calls of {@code method} reach anvil, but their answers are lost (HTTP 502). */
    void loseAnswersTo(String method, int count) {
        answersToLose.put(method, new AtomicInteger(count));
    }

    int refusedLogQueries() {
        return refusedLogQueries.get();
    }

    int injectedFailures() {
        return injectedFailures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                injectedFailures.incrementAndGet();
                respond(exchange, 503, "{\"message\":\"service unavailable (injected)\"}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            String canned = cannedResults.get(request.path("method").asText());
            if (canned != null) {
                respond(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"result\":" + canned + "}");
                return;
            }
            Optional<String> refusal = refusal(request);
            if (refusal.isPresent()) {
                refusedLogQueries.incrementAndGet();
                respond(exchange, 200, refusal.get());
                return;
            }
            HttpResponse<String> answer;
            try {
                answer = client.send(HttpRequest.newBuilder(upstream).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException upstreamDown) {
                respond(exchange, 502, "{\"message\":\"upstream unreachable\"}");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            AtomicInteger toLose = answersToLose.get(request.path("method").asText());
            if (toLose != null && toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                injectedFailures.incrementAndGet();
                respond(exchange, 502, "{\"message\":\"bad gateway (answer lost on purpose)\"}");
                return;
            }
            if ("eth_getLogs".equals(request.path("method").asText()) && answer.statusCode() == 200) {
                JsonNode result = JSON.readTree(answer.body()).path("result");
                if (result.isArray() && result.size() > maxResults) {
                    refusedLogQueries.incrementAndGet();
                    respond(exchange, 200, error(request, -32005, "query returned more than " + maxResults + " results"));
                    return;
                }
            }
            respond(exchange, answer.statusCode(), answer.body());
        }
    }

    private Optional<String> refusal(JsonNode request) {
        if (!"eth_getLogs".equals(request.path("method").asText())) {
            return Optional.empty();
        }
        JsonNode filter = request.path("params").path(0);
        long from = Long.decode(filter.path("fromBlock").asText());
        long to = Long.decode(filter.path("toBlock").asText());
        if (to - from + 1 > maxBlockRange) {
            return Optional.of(error(request, -32005, "Requested range exceeds maximum RPC range limit"));
        }
        return Optional.empty();
    }

    private static String error(JsonNode request, int code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", request.path("id"));
        error.putObject("error").put("code", code).put("message", message);
        return error.toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        client.close();
    }
}
