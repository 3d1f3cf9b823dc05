package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and malformed requests — bad JSON, wrong types, huge and negative numbers,
 * unknown ids, oversized bodies, random bytes as hub transactions, invalid tokens, odd methods and
 * paths — and not one 5xx, not one stack trace, and the hub exactly as before: same height and app
 * hash, same ledger, transfers, transaction log and events.
 */
class ApiFuzzTest {
    private static final int REQUESTS = 4_000;
    private static final int IN_FLIGHT = 16;
    private static final long SEED = 20261205L;

    private static final String[] TOKENS = {null, "", "garbage", "Bearer", ADMIN, READER, BANK_A_TOKEN, ADMIN + "x", "x".repeat(300), "ä漢字 ok"};
    private static final String[] ROUTES = {
        "/health", "/health/ready", "/metrics", "/openapi.json", "/openapi.yaml", "/api/v1/node", "/api/v1/hub", "/api/v1/hub/transactions",
        "/api/v1/hub/transactions/{id}", "/api/v1/banks", "/api/v1/banks/{id}", "/api/v1/validators", "/api/v1/validator-sets", "/api/v1/plugins",
        "/api/v1/transfers", "/api/v1/transfers/{id}", "/api/v1/batches", "/api/v1/batches/{id}/{id}", "/api/v1/ledger", "/api/v1/ledger/journal",
        "/api/v1/netting/rounds", "/api/v1/netting/rounds/{id}", "/api/v1/settlements", "/api/v1/settlements/confirmed", "/api/v1/settlements/confirm",
        "/api/v1/events", "/api/v1/dev/transfers", "/api/v1/{id}", "/{id}", "/api/v2/ledger", "/api/v1/transfers/{id}/{id}"};
    private static final String[] PARAMETERS = {"limit", "cursor", "status", "bank", "observedFrom", "observedTo", "after", "types"};
    private static final String[] VALUES = {"", "0", "-1", "1", "500", "501", "99999999999999999999999", "1e9", "NaN", "abc", "BANK_A", "BANK_Q",
        "bank_a", "EXECUTED", "executed", "LOST", "2026-03-01T09:00:00Z", "2026-13-45T99:00:00Z", "transfers:1:1", "rounds:0", "journal:-5",
        "%00", "%zz", "..%2F..%2Fetc%2Fpasswd", "' or 1=1 --", "<script>", "transfer.confirmed,transfer.lost", "\u00e9\u00e8", "null", "[]", "{}"};

    @Test
    void randomAndMalformedRequestsNeverCauseA5xxAndChangeNothing() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(A, B, 500);
            node.confirm(B, A, 200);
            node.confirm(B, C, 75);
            assertThat(node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_B\",\"creditor\":\"BANK_C\",\"amount\":\"25\",\"reference\":\"seed-1\"}").status()).isEqualTo(201);
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
            Map<String, String> before = state(node);

            Random random = new Random(SEED);
            HttpClient http = node.vertx.createHttpClient();
            Context context = node.vertx.getOrCreateContext();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (int sent = 0; sent < REQUESTS; sent += IN_FLIGHT) {
                List<Future<String>> batch = new ArrayList<>();
                List<Request> requests = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    Request request = request(random);
                    requests.add(request);
                    batch.add(send(context, http, node.api.port(), request).map(response -> {
                        synchronized (statuses) {
                            statuses.merge(response.status(), 1, Integer::sum);
                        }
                        return check(request, response);
                    }).recover(failure -> Future.succeededFuture(failure instanceof TimeoutException
                            || String.valueOf(failure.getMessage()).contains("timeout")
                            ? "no answer to " + describe(request) + ": " + failure
                            : null)));
                }
                for (int i = 0; i < batch.size(); i++) {
                    String problem;
                    try {
                        problem = batch.get(i).await(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        problem = "no answer within 30 s to " + describe(requests.get(i));
                    }
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
            }
            http.close();

            assertThat(failures).as("responses that broke a rule").isEmpty();
            assertThat(statuses.keySet()).as("statuses seen: %s", statuses).allMatch(status -> status < 500);
            assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(REQUESTS * 9 / 10);
            assertThat(statuses).containsKeys(200, 400, 401, 403, 404, 405, 413);
            assertThat(state(node)).isEqualTo(before);
        }
    }

    record Request(HttpMethod method, String uri, String token, Optional<Buffer> body, boolean adminWrite) {}

    record Response(int status, String contentType, String body) {}

    private static Request request(Random random) {
        HttpMethod method = switch (random.nextInt(10)) {
            case 0 -> HttpMethod.PUT;
            case 1 -> HttpMethod.DELETE;
            case 2 -> HttpMethod.PATCH;
            case 3 -> HttpMethod.OPTIONS;
            case 4, 5, 6 -> HttpMethod.POST;
            default -> HttpMethod.GET;
        };
        String path = ROUTES[random.nextInt(ROUTES.length)];
        while (path.contains("{id}")) {
            path = path.replaceFirst("\\{id}", java.util.regex.Matcher.quoteReplacement(identifier(random)));
        }
        StringBuilder uri = new StringBuilder(path);
        int parameters = random.nextInt(4);
        for (int i = 0; i < parameters; i++) {
            // values travel encoded, as a client sends them (a raw space would break the request line itself)
            String value = VALUES[random.nextInt(VALUES.length)];
            uri.append(i == 0 ? '?' : '&').append(PARAMETERS[random.nextInt(PARAMETERS.length)]).append('=')
                    .append(value.startsWith("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        String token = TOKENS[random.nextInt(TOKENS.length)];
        Optional<Buffer> body = method == HttpMethod.GET || random.nextInt(5) == 0 ? Optional.empty() : Optional.of(Buffer.buffer(body(random)));
        // an admin may make the node sign: its bodies are built invalid (a valid one changes the hub, as it should), and netting is asked by a reader
        boolean adminWrite = ADMIN.equals(token) && method == HttpMethod.POST;
        if (adminWrite) {
            switch (path) {
                case "/api/v1/netting/rounds" -> token = READER;
                case "/api/v1/settlements/confirm" -> body = Optional.of(Buffer.buffer(invalidSettlement(random)));
                case "/api/v1/validator-sets" -> body = Optional.of(Buffer.buffer(invalidApproval(random)));
                default -> { }
            }
        }
        return new Request(method, uri.toString(), token, body, adminWrite);
    }

    private static String identifier(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "0x" + "ab".repeat(32);
            case 1 -> "0x" + "zz".repeat(32);
            case 2 -> "0x1234";
            case 3 -> "-1";
            case 4 -> new BigInteger(200, random).toString();
            case 5 -> "BANK_" + (char) ('A' + random.nextInt(26));
            case 6 -> "x".repeat(random.nextInt(3_000));
            case 7 -> random.nextBoolean() ? "%E2%82%AC%20%2F" : "%zz%";
            default -> Integer.toString(random.nextInt(10));
        };
    }

    private static String body(Random random) {
        return switch (random.nextInt(17)) {
            case 0 -> "{not json";
            case 1 -> "";
            case 2 -> "[1,2,3]";
            case 3 -> "\"a string\"";
            case 4 -> "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"-5\"}";
            case 5 -> "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":" + new BigInteger(400, random) + "}";
            case 6 -> "{\"debtor\":1,\"creditor\":[],\"amount\":{},\"reference\":null}";
            case 7 -> "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1e400\",\"reference\":\"r\"}";
            case 8 -> "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
            case 9 -> "{\"reference\":\"" + "x".repeat(70_000) + "\"}";
            case 10 -> "\u0000\u0001\u0002";
            case 11 -> "{\"amount\":\"" + BigInteger.TWO.pow(256) + "\",\"from\":\"BANK_A\",\"to\":\"BANK_B\"}";
            case 12, 13 -> "{\"transaction\":\"0x" + HexFormat.of().formatHex(bytes(random, 1 + random.nextInt(400))) + "\"}";
            case 14 -> "{\"transaction\":\"" + (random.nextBoolean() ? "0x" : "") + "g".repeat(random.nextInt(40)) + "\"}";
            case 15 -> "{\"nonce\":" + (random.nextInt(5) - 1) + ",\"validators\":[\"0x" + "11".repeat(random.nextInt(25)) + "\"]}";
            default -> "{}";
        };
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A settlement body with at least one thing wrong, so the admin's request must be refused. */
    private static String invalidSettlement(Random random) {
        String debtor = "\"BANK_A\"";
        String creditor = "\"BANK_B\"";
        String amount = "\"1\"";
        String reference = "\"fuzz-" + random.nextInt(1_000_000) + "\"";
        String extra = "";
        switch (random.nextInt(9)) {
            case 0 -> amount = "\"-" + random.nextInt(1_000) + "\"";
            case 1 -> amount = "\"" + BigInteger.TWO.pow(256).add(BigInteger.valueOf(random.nextInt(1_000))) + "\"";
            case 2 -> amount = Integer.toString(random.nextInt(100));
            case 3 -> creditor = debtor;
            case 4 -> debtor = "\"BANK_Q\"";
            case 5 -> reference = "\"\"";
            case 6 -> amount = "\"0\"";
            case 7 -> extra = ",\"unexpected\":true";
            default -> amount = "\"" + new BigInteger(200, random).add(BigInteger.valueOf(1_000_000)) + "\""; // more than owed
        }
        return "{\"debtor\":" + debtor + ",\"creditor\":" + creditor + ",\"amount\":" + amount + ",\"reference\":" + reference + extra + "}";
    }

    /** An approval with at least one thing wrong: a nonce that is not the next, an empty, repeated, zero or malformed set. */
    private static String invalidApproval(Random random) {
        String validator = "\"" + ApiTestNode.VALIDATOR.address() + "\"";
        return switch (random.nextInt(5)) {
            case 0 -> "{\"nonce\":" + (2 + random.nextInt(100)) + ",\"validators\":[" + validator + "]}";
            case 1 -> "{\"nonce\":1,\"validators\":[]}";
            case 2 -> "{\"nonce\":1,\"validators\":[" + validator + "," + validator + "]}";
            case 3 -> "{\"nonce\":1,\"validators\":[\"0x" + "00".repeat(20) + "\"]}";
            default -> "{\"nonce\":1,\"validators\":[\"0x12\"]}";
        };
    }

    /**
     * Sends on the client's event loop: a response callback run on the test thread instead races
     * the event loop delivering that response's body, and its end can be missed (the request then
     * looks unanswered although the server answered it).
     */
    private static Future<Response> send(Context context, HttpClient http, int port, Request request) {
        Promise<Response> answered = Promise.promise();
        context.runOnContext(ignored -> {
            try {
                sendChecked(http, port, request).onComplete(answered);
            } catch (IllegalArgumentException refusedByTheClient) {
                answered.fail(refusedByTheClient);
            }
        });
        return answered.future();
    }

    private static Future<Response> sendChecked(HttpClient http, int port, Request request) {
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(request.method()).setURI(request.uri())
                .setTimeout(15_000);
        if (request.token() != null) {
            options.putHeader("authorization", request.token().equals("Bearer") ? "Bearer" : "Bearer " + request.token());
        }
        return http.request(options).compose(outgoing -> {
            if (request.body().isPresent()) {
                outgoing.putHeader("content-type", "application/json");
                return outgoing.send(request.body().get());
            }
            return outgoing.send();
        }).compose((HttpClientResponse response) -> response.body()
                .map(body -> new Response(response.statusCode(), String.valueOf(response.getHeader("content-type")), body.toString())));
    }

    private static String describe(Request request) {
        return request.method() + " " + abbreviate(request.uri()) + " token " + abbreviate(String.valueOf(request.token())) + " body "
                + request.body().map(b -> abbreviate(b.toString())).orElse("none");
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
    }

    /** The rules every response keeps; null when it kept them. */
    private static String check(Request request, Response response) {
        String where = request.method() + " " + (request.uri().length() > 120 ? request.uri().substring(0, 120) + "…" : request.uri());
        if (response.status() >= 500) {
            return where + " answered " + response.status() + " " + response.body();
        }
        if (response.body().contains("Exception") || response.body().contains("\tat ") || response.body().contains("at io.")) {
            return where + " leaked a stack trace: " + response.body();
        }
        if (response.status() >= 400 && response.contentType().startsWith("application/json") && !response.body().contains("\"error\":{\"code\"")) {
            return where + " answered " + response.status() + " without the error shape: " + response.body();
        }
        if (request.adminWrite() && response.status() < 300 && !request.uri().startsWith("/api/v1/netting/rounds")) {
            return where + " accepted an invalid write: " + response.body();
        }
        return null;
    }

    /** Everything the API can show or a write could change: the hub's head, ledger, transfers, batches, rounds, settlements, journal, transaction log. */
    private static Map<String, String> state(ApiTestNode node) throws Exception {
        Map<String, String> state = new TreeMap<>();
        var hub = node.get(ADMIN, "/api/v1/hub").json();
        state.put("head", hub.getLong("height") + " " + hub.getString("appHash") + " " + hub.getLong("lastEventId"));
        state.put("validatorSets", node.get(ADMIN, "/api/v1/validator-sets").body());
        for (String listing : List.of("/api/v1/ledger", "/api/v1/settlements", "/api/v1/transfers?limit=500", "/api/v1/batches?limit=500",
                "/api/v1/netting/rounds?limit=500", "/api/v1/settlements/confirmed?limit=500", "/api/v1/ledger/journal?limit=500",
                "/api/v1/hub/transactions?limit=500")) {
            state.put(listing, node.get(ADMIN, listing).body());
        }
        return state;
    }
}
