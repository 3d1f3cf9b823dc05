package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.BANK_C;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.storage.Page;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and malformed requests — bad JSON, wrong types, huge and negative numbers,
 * unknown ids, oversized bodies, invalid tokens, odd methods and paths — and not one 5xx, not one
 * stack trace, and the ledger and everything stored exactly as before.
 */
class ApiFuzzTest {
    private static final int REQUESTS = 4_000;
    private static final int IN_FLIGHT = 16;
    private static final long SEED = 20251121L;

    private static final String[] TOKENS = {null, "", "garbage", "Bearer", ADMIN, READER, BANK_A_TOKEN, ADMIN + "x", "x".repeat(300), "ä漢字 ok"};
    private static final String[] ROUTES = {
        "/health", "/health/ready", "/metrics", "/openapi.json", "/openapi.yaml", "/api/v1/node", "/api/v1/banks", "/api/v1/banks/{id}", "/api/v1/validators",
        "/api/v1/plugins", "/api/v1/transfers", "/api/v1/transfers/{id}", "/api/v1/ledger", "/api/v1/netting/rounds", "/api/v1/netting/rounds/{id}",
        "/api/v1/settlements", "/api/v1/settlements/confirm", "/api/v1/audit", "/api/v1/events", "/api/v1/dev/transfers", "/api/v1/{id}", "/{id}",
        "/api/v2/ledger", "/api/v1/transfers/{id}/{id}"};
    private static final String[] PARAMETERS = {"limit", "cursor", "status", "bank", "observedFrom", "observedTo", "after", "types"};
    private static final String[] VALUES = {"", "0", "-1", "1", "500", "501", "99999999999999999999999", "1e9", "NaN", "abc", "BANK_A", "BANK_Q",
        "bank_a", "EXECUTED", "executed", "LOST", "2025-03-01T09:00:00Z", "2025-13-45T99:00:00Z", "transfers:1:1", "rounds:0", "audit:-5",
        "%00", "%zz", "..%2F..%2Fetc%2Fpasswd", "' or 1=1 --", "<script>", "transfer.confirmed,transfer.lost", "\u00e9\u00e8", "null", "[]", "{}"};

    @Test
    void randomAndMalformedRequestsNeverCauseA5xxAndChangeNothing() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(BANK_A, BANK_B, 500);
            node.confirm(BANK_B, BANK_A, 200);
            node.confirm(BANK_B, BANK_C, 75);
            node.observe(BANK_C, BANK_A, 9);
            assertThat(node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_B\",\"creditor\":\"BANK_C\",\"amount\":\"25\",\"reference\":\"seed-1\"}").status()).isEqualTo(201);
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
                            statuses.merge(response.status, 1, Integer::sum);
                        }
                        return check(request, response);
                    }).recover(failure -> Future.succeededFuture(failure instanceof java.util.concurrent.TimeoutException
                            || String.valueOf(failure.getMessage()).contains("timeout")
                            ? "no answer to " + request.method() + " " + abbreviate(request.uri()) + " token " + abbreviate(String.valueOf(request.token()))
                                    + " body " + request.body().map(b -> abbreviate(b.toString())).orElse("none") + ": " + failure
                            : null)));
                }
                for (int i = 0; i < batch.size(); i++) {
                    String problem;
                    try {
                        problem = batch.get(i).await(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        Request request = requests.get(i);
                        problem = "no answer within 30 s to " + request.method() + " " + abbreviate(request.uri()) + " token "
                                + abbreviate(String.valueOf(request.token())) + " body " + request.body().map(b -> abbreviate(b.toString())).orElse("none");
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

    record Request(HttpMethod method, String uri, String token, Optional<Buffer> body, boolean settlementForAdmin) {}

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
                    .append(value.startsWith("%") ? value : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        String token = TOKENS[random.nextInt(TOKENS.length)];
        Optional<Buffer> body = method == HttpMethod.GET || random.nextInt(5) == 0 ? Optional.empty() : Optional.of(Buffer.buffer(body(random)));
        // an admin may write: its settlement bodies are built invalid (a valid one would change the ledger, as it should)
        boolean adminWrite = ADMIN.equals(token) && method == HttpMethod.POST;
        if (adminWrite && (path.equals("/api/v1/netting/rounds") || path.equals("/api/v1/settlements/confirm"))) {
            if (path.equals("/api/v1/netting/rounds")) {
                token = READER;
            } else {
                body = Optional.of(Buffer.buffer(invalidSettlement(random)));
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
        return switch (random.nextInt(14)) {
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
            case 12 -> "{\"from\":\"BANK_A\",\"to\":\"BANK_A\",\"amount\":\"1\"}";
            default -> "{}";
        };
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
        if (request.settlementForAdmin() && request.uri().startsWith("/api/v1/settlements/confirm") && response.status() < 300) {
            return where + " accepted an invalid settlement: " + response.body();
        }
        return null;
    }

    /** Everything the API can show or change: ledger, transfers, rounds, audit log, journal, events. */
    private static Map<String, String> state(ApiTestNode node) throws Exception {
        Map<String, String> state = new TreeMap<>();
        state.put("ledger", node.get(ADMIN, "/api/v1/ledger").body());
        state.put("settlements", node.get(ADMIN, "/api/v1/settlements").body());
        state.put("transfers", node.get(ADMIN, "/api/v1/transfers?limit=500").body());
        state.put("rounds", node.get(ADMIN, "/api/v1/netting/rounds?limit=500").body());
        state.put("audit", node.get(ADMIN, "/api/v1/audit?limit=500").body());
        state.put("journal", ApiTestNode.await(node.storage.journal(Optional.empty(), Page.MAX_LIMIT)).toString());
        state.put("lastEvent", Long.toString(ApiTestNode.await(node.storage.lastEventId())));
        return state;
    }
}
