package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.node.testing.TestNetting;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rate limits, body and time limits, health probes, and the metrics with what they may require. */
class ApiLimitsAndOperationsTest {

    @Test
    void aTokenOverItsRateIsRefusedWith429AndRetryAfterWhileOtherTokensGoOn() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> api.withRateLimit(new NodeConfig.RateLimit(1, 3, 1_000, 1_000)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(node.get(READER, "/api/v1/banks").status()).isEqualTo(200);
            }
            Reply limited = node.get(READER, "/api/v1/banks");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(limited.headers().get("retry-after"))).isBetween(1L, 2L);
            assertThat(limited.errorDetails().getString("limit")).isEqualTo("token");
            assertThat(node.get(ADMIN, "/api/v1/banks").status()).isEqualTo(200);
        }
    }

    @Test
    void anAddressOverItsRateIsRefusedEvenWithoutATokenButProbesStillAnswer() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> api.withRateLimit(new NodeConfig.RateLimit(1_000, 1_000, 1, 4)))) {
            for (int i = 0; i < 4; i++) {
                assertThat(node.get("wrong-token", "/api/v1/ledger").status()).isEqualTo(401);
            }
            Reply limited = node.get(ADMIN, "/api/v1/ledger");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorDetails().getString("limit")).isEqualTo("address");
            assertThat(limited.headers().get("retry-after")).isNotBlank();
            assertThat(node.get(null, "/health").status()).isEqualTo(200);
            assertThat(node.get(null, "/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheConfiguredLimitIs413AndReachesNoUseCase() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), 1024,
                api.requestTimeout(), api.maxWebSocketConnections(), api.webSocketQueueBytes(), api.readyMaxLagBlocks(), api.metricsRequireToken()))) {
            Reply reply = node.post(ADMIN, "/api/v1/settlements/confirm", "{\"reference\":\"" + "r".repeat(2_000) + "\"}");
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.errorCode()).isEqualTo("BODY_TOO_LARGE");
            assertThat(reply.errorDetails().getInteger("maxBodyBytes")).isEqualTo(1024);
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "x".repeat(5_000)).status()).isEqualTo(413);
            Reply bigTransaction = node.post(READER, "/api/v1/hub/transactions", "{\"transaction\":\"0x" + "ab".repeat(1_000) + "\"}");
            assertThat(bigTransaction.status()).isEqualTo(413);
            assertThat(node.head().height()).isZero();
        }
    }

    @Test
    void aRequestOverTheTimeLimitIs503AndAFailingStorageMakesTheNodeNotReady() throws Exception {
        AtomicReference<String> trouble = new AtomicReference<>("none");
        HubStore storage = troubled(InMemoryStorage.hubStore(), trouble);
        try (ApiTestNode node = ApiTestNode.start(ApiTestNode.Options.defaults().withStore(storage, 1)
                .withApi(api -> HubWritesTest.withTimeout(api, Duration.ofMillis(300))))) {
            trouble.set("hang");
            Reply slow = node.get(READER, "/api/v1/ledger");
            assertThat(slow.status()).isEqualTo(503);
            assertThat(slow.errorCode()).isEqualTo("TIMEOUT");
            assertThat(slow.headers().get("retry-after")).isEqualTo("1");

            trouble.set("fail");
            Reply notReady = node.get(null, "/health/ready");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json().getString("status")).isEqualTo("DOWN");
            assertThat(notReady.json().getJsonObject("checks").getJsonObject("storage").getString("status")).isEqualTo("DOWN");
            assertThat(notReady.json().getJsonObject("checks").getJsonObject("storage").getString("error")).contains("connection refused");
            assertThat(node.get(null, "/health").status()).isEqualTo(200);
            Reply failing = node.get(READER, "/api/v1/ledger");
            assertThat(failing.status()).isEqualTo(500);
            assertThat(failing.errorCode()).isEqualTo("INTERNAL");
            assertThat(failing.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("connection refused");

            trouble.set("none");
            JsonObject ready = node.get(null, "/health/ready").json();
            assertThat(ready.getString("status")).isEqualTo("UP");
            assertThat(ready.getJsonObject("checks").getJsonObject("plugins").getString("netting")).isEqualTo(TestNetting.ID + "@" + TestNetting.VERSION);
            assertThat(ready.getJsonObject("checks").getJsonObject("consensus").getString("engine")).isEqualTo("solo");
            assertThat(ready.getJsonObject("checks").getJsonArray("chains")).isEmpty();
        } finally {
            storage.close();
        }
    }

    @Test
    void aStoppedEngineMakesTheNodeNotReadyAndTheHubSaysSo() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            io.vertx.core.Future.fromCompletionStage(node.engine.stop()).await(10, TimeUnit.SECONDS);
            Reply ready = node.get(null, "/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().getJsonObject("checks").getJsonObject("consensus").getString("status")).isEqualTo("DOWN");
            assertThat(node.get(READER, "/api/v1/hub").json().getJsonObject("engine").getString("status")).isEqualTo("DOWN");
        }
    }

    @Test
    void metricsExposeTheHubsMetersTransfersLatencyNettingRejectionsHttpAndJvm() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(A, B, 100);
            node.confirm(B, A, 40);
            node.stick(C, B, 5);
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
            node.sameBlock(node.settlement(A, B, 60, "wire-1"), node.settlement(A, B, 60, "wire-2"));
            assertThat(node.get(READER, "/api/v1/ledger").status()).isEqualTo(200);
            assertThat(node.get(READER, "/api/v1/transfers/0x12").status()).isEqualTo(400);

            Reply metrics = node.get(null, "/metrics");
            assertThat(metrics.headers().get("content-type")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("astra_transfers_total{state=\"observed\"} 3.0")
                    .contains("astra_transfers_total{state=\"confirmed\"} 3.0")
                    .contains("astra_transfers_total{state=\"executed\"} 1.0")
                    .contains("astra_transfers_total{state=\"stuck\"} 1.0")
                    .contains("astra_transfer_latency_seconds_bucket{stage=\"executed\"")
                    .contains("astra_transfer_latency_seconds_count{stage=\"confirmed\"} 3")
                    .contains("astra_events_total{type=\"settlement.confirmed\"} 1.0")
                    .contains("astra_events_total{type=\"equivocation.detected\"} 0.0")
                    .contains("astra_transactions_rejected_total{code=\"INSUFFICIENT_BALANCE\"} 1.0")
                    .contains("astra_transactions_rejected_total{code=\"MALFORMED\"} 0.0")
                    .contains("astra_equivocations_total 0.0")
                    .contains("astra_netting_reduction_percent_count 1")
                    .contains("astra_batch_size_count 3")
                    .contains("astra_hub_height " + node.head().height() + ".0")
                    .contains("astra_hub_transactions_waiting 0.0")
                    .contains("astra_consensus_up 1.0")
                    .contains("astra_batches_signed 0.0")
                    .contains("astra_relayer_transactions 0.0")
                    .contains("astra_api_event_streams 0.0")
                    .contains("astra_watcher_lag_blocks{bank=\"BANK_A\"}")
                    .contains("astra_chain_reachable{bank=\"BANK_C\"}")
                    .contains("astra_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/ledger\",status=\"200\"} 1")
                    .contains("astra_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/transfers/:transferId\",status=\"400\"} 1")
                    .contains("astra_http_requests_seconds_count{method=\"POST\",route=\"/api/v1/netting/rounds\",status=\"201\"} 1")
                    .contains("jvm_memory_used_bytes");
            assertThat(metrics.body().lines().filter(line -> line.startsWith("astra_hub_last_block_time_seconds "))
                    .map(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst())
                    .contains(node.head().time().getEpochSecond());
            for (HubEventType type : HubEventType.values()) {
                assertThat(metrics.body()).contains("astra_events_total{type=\"" + type.wireName() + "\"}");
            }
            for (HubRejection code : HubRejection.values()) {
                assertThat(metrics.body()).contains("astra_transactions_rejected_total{code=\"" + code.name() + "\"}");
            }
        }
    }

    @Test
    void metricsCanRequireAnAdminOrReadToken() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> api.withMetricsRequireToken(true))) {
            Reply none = node.get(null, "/metrics");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(node.get(BANK_A_TOKEN, "/metrics").status()).as("a bank token would see every bank's figures").isEqualTo(403);
            Reply reader = node.get(READER, "/metrics");
            assertThat(reader.status()).isEqualTo(200);
            assertThat(reader.body()).contains("astra_hub_height");
            assertThat(node.get(null, "/health/ready").status()).as("probes stay open").isEqualTo(200);
        }
    }

    @Test
    void theNodesVertxReportsItsPoolsIntoTheSameRegistry() throws Exception {
        Vertx vertx = NodeMetrics.newVertx();
        try {
            vertx.executeBlocking(() -> 1).await(10, TimeUnit.SECONDS);
            assertThat(NodeMetrics.forVertx(vertx).scrape()).contains("vertx_pool_");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** A store whose reads hang or fail on demand (its commits too: a block committed meanwhile would fail the engine). */
    static HubStore troubled(HubStore storage, AtomicReference<String> trouble) {
        return (HubStore) Proxy.newProxyInstance(HubStore.class.getClassLoader(), new Class<?>[] {HubStore.class}, (proxy, method, args) -> {
            if (method.getReturnType() == CompletionStage.class) {
                switch (trouble.get()) {
                    case "hang" -> {
                        return new CompletableFuture<>();
                    }
                    case "fail" -> {
                        return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
                    }
                    default -> { }
                }
            }
            try {
                return method.invoke(storage, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
