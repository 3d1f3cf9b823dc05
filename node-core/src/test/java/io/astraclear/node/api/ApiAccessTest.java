package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.BANK_B_TOKEN;
import static io.astraclear.node.api.ApiTestNode.READER;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call what: tokens, roles, the public routes, and the answers to requests that match no route. */
class ApiAccessTest {
    static final List<String> READ_ROUTES = List.of("/api/v1/node", "/api/v1/hub", "/api/v1/hub/transactions", "/api/v1/hub/transactions/0x" + "00".repeat(32),
            "/api/v1/banks", "/api/v1/banks/BANK_A", "/api/v1/validators", "/api/v1/validator-sets", "/api/v1/plugins", "/api/v1/transfers",
            "/api/v1/transfers/0x" + "00".repeat(32), "/api/v1/batches", "/api/v1/batches/BANK_A/1", "/api/v1/ledger", "/api/v1/ledger/journal",
            "/api/v1/netting/rounds", "/api/v1/netting/rounds/1", "/api/v1/settlements", "/api/v1/settlements/confirmed", "/api/v1/events");
    static final List<String> WRITE_ROUTES = List.of("/api/v1/netting/rounds", "/api/v1/settlements/confirm", "/api/v1/validator-sets",
            "/api/v1/hub/transactions", "/api/v1/dev/transfers");

    private ApiTestNode node;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start();
    }

    @AfterEach
    void stopNode() throws Exception {
        node.close();
    }

    @Test
    void everyApiRouteRefusesAMissingOrUnknownTokenWithTheErrorShape() throws Exception {
        for (String path : READ_ROUTES) {
            Reply none = node.get(null, path);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(none.headers().get("www-authenticate")).startsWith("Bearer");
            assertThat(none.errorDetails()).isNotNull();
            Reply unknown = node.get("not-a-token", path);
            assertThat(unknown.status()).as(path).isEqualTo(401);
            assertThat(unknown.errorCode()).isEqualTo("INVALID_TOKEN");
        }
        for (String path : WRITE_ROUTES) {
            assertThat(node.post(null, path, "{}").status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void aBasicOrMalformedAuthorizationHeaderIsUnauthenticated() throws Exception {
        var basic = node.client.get("/api/v1/banks").putHeader("authorization", "Basic YWRtaW46YWRtaW4=");
        assertThat(basic.send().await().statusCode()).isEqualTo(401);
        var tooLong = node.client.get("/api/v1/banks").putHeader("authorization", "Bearer " + "x".repeat(5_000));
        assertThat(tooLong.send().await().statusCode()).isEqualTo(401);
    }

    @Test
    void healthProbesMetricsTheOpenApiDocumentAndTheDashboardNeedNoToken() throws Exception {
        assertThat(node.get(null, "/health").json().getString("status")).isEqualTo("UP");
        assertThat(node.get(null, "/health/ready").status()).isEqualTo(200);
        assertThat(node.get(null, "/openapi.json").json().getString("openapi")).startsWith("3.1");
        assertThat(node.get(null, "/openapi.yaml").body()).startsWith("openapi: 3.1.0");
        assertThat(node.get(null, "/metrics").status()).isEqualTo(200);
        Reply page = node.get(null, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("astra-clear");
        assertThat(node.get(null, "/dashboard/app.js").body()).contains("/api/v1/hub");
    }

    @Test
    void onlyAdminTokensMakeTheNodeSignAndAnyTokenMaySubmitATransactionSignedElsewhere() throws Exception {
        node.confirm(A, B, 100);
        String settlement = "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"10\",\"reference\":\"wire-1\"}";
        String approval = "{\"nonce\":1,\"validators\":[\"" + ApiTestNode.VALIDATOR.address() + "\"]}";
        long height = node.head().height();
        for (String token : List.of(READER, BANK_A_TOKEN, BANK_B_TOKEN)) {
            Reply netting = node.post(token, "/api/v1/netting/rounds", "");
            assertThat(netting.status()).isEqualTo(403);
            assertThat(netting.errorCode()).isEqualTo("FORBIDDEN");
            assertThat(node.post(token, "/api/v1/settlements/confirm", settlement).status()).isEqualTo(403);
            assertThat(node.post(token, "/api/v1/validator-sets", approval).status()).isEqualTo(403);
            assertThat(node.post(token, "/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"1\"}").status()).isEqualTo(403);
        }
        assertThat(node.head().height()).as("nothing refused reached the hub").isEqualTo(height);

        // the signature is the authority of a transaction signed elsewhere: a bank's token may carry its operator's confirmation
        String signed = node.settlement(A, B, 10, "wire-from-b").toHex();
        assertThat(node.post(BANK_B_TOKEN, "/api/v1/hub/transactions", "{\"transaction\":\"" + signed + "\"}").status()).isEqualTo(201);
        assertThat(node.post(ADMIN, "/api/v1/settlements/confirm", settlement).status()).isEqualTo(201);
        assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
    }

    @Test
    void unknownRoutesAndMethodsAnswerInTheErrorShape() throws Exception {
        Reply unknown = node.get(ADMIN, "/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        Reply method = node.send(HttpMethod.DELETE, ADMIN, "/api/v1/ledger", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void routesOfThePerTransferPipelineAreGone() throws Exception {
        for (String path : List.of("/api/v1/audit", "/api/v1/ledger/state-hash", "/api/v1/votes", "/api/v1/commands", "/api/v1/peers")) {
            assertThat(node.get(ADMIN, path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void devTransfersExistInDevModeOnly() throws Exception {
        Reply reply = node.post(ADMIN, "/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"5\"}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getJsonObject("error").getString("message")).contains("dev mode");
        assertThat(ApiRoutesTest.field(node.post(ADMIN, "/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"-5\"}")))
                .isEqualTo("amount");
    }

    @Test
    void eventsAnswerAPlainGetWith400AndCheckTheirParametersFirst() throws Exception {
        Reply reply = node.get(READER, "/api/v1/events");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("WEBSOCKET_REQUIRED");
        assertThat(ApiRoutesTest.field(node.get(READER, "/api/v1/events?after=-3"))).isEqualTo("after");
        assertThat(ApiRoutesTest.field(node.get(READER, "/api/v1/events?after=5"))).as("no event 5 yet").isEqualTo("after");
        assertThat(ApiRoutesTest.field(node.get(READER, "/api/v1/events?types=transfer.lost"))).isEqualTo("types");
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/events?bank=BANK_B").status()).isEqualTo(403);
    }

    @Test
    void aMalformedRequestLineGetsA400AndTheConnectionClosedNotLeftHanging() throws Exception {
        NetClient client = node.vertx.createNetClient();
        try {
            NetSocket socket = client.connect(node.api.port(), "127.0.0.1").await(5, TimeUnit.SECONDS);
            CompletableFuture<String> answer = new CompletableFuture<>();
            StringBuilder received = new StringBuilder();
            socket.handler(buffer -> received.append(buffer.toString()));
            socket.closeHandler(closed -> answer.complete(received.toString()));
            socket.write("GET /api/v1/ledger?cursor=' or 1=1 -- HTTP/1.1\r\nHost: x\r\n\r\n");
            // refused by Vert.x's HTTP codec before any route sees it: a bare 400, then the connection is closed
            assertThat(answer.get(10, TimeUnit.SECONDS)).matches("(?s)HTTP/1\\.[01] 400 .*");
        } finally {
            client.close();
        }
    }
}
