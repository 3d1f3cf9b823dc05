package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rate limits, body and time limits, health probes and metrics. */
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
            assertThat(limited.json().getJsonObject("error").getJsonObject("details").getString("limit")).isEqualTo("token");
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
            assertThat(limited.json().getJsonObject("error").getJsonObject("details").getString("limit")).isEqualTo("address");
            assertThat(limited.headers().get("retry-after")).isNotBlank();
            assertThat(node.get(null, "/health").status()).isEqualTo(200);
            assertThat(node.get(null, "/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheConfiguredLimitIs413() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), 1024,
                api.requestTimeout(), api.maxWebSocketConnections(), api.webSocketQueueBytes(), api.readyMaxLagBlocks(), api.metricsRequireToken()))) {
            Reply reply = node.post(ADMIN, "/api/v1/settlements/confirm", "{\"reference\":\"" + "r".repeat(2_000) + "\"}");
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.errorCode()).isEqualTo("BODY_TOO_LARGE");
            assertThat(reply.json().getJsonObject("error").getJsonObject("details").getInteger("maxBodyBytes")).isEqualTo(1024);
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "x".repeat(5_000)).status()).isEqualTo(413);
        }
    }

    @Test
    void aRequestOverTheTimeLimitIs503AndAFailingStorageMakesTheNodeNotReady() throws Exception {
        MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");
        AtomicReference<String> trouble = new AtomicReference<>("none");
        StoragePort storage = troubled(InMemoryStorage.create(clock), trouble);
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), api.maxBodyBytes(),
                Duration.ofMillis(300), api.maxWebSocketConnections(), api.webSocketQueueBytes(), api.readyMaxLagBlocks(), api.metricsRequireToken()), clock, storage, Optional.empty())) {
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
            assertThat(node.get(null, "/health").status()).isEqualTo(200);
            Reply failing = node.get(READER, "/api/v1/ledger");
            assertThat(failing.status()).isEqualTo(500);
            assertThat(failing.errorCode()).isEqualTo("INTERNAL");
            assertThat(failing.body()).doesNotContain("Exception").doesNotContain("at io.");

            trouble.set("none");
            JsonObject ready = node.get(null, "/health/ready").json();
            assertThat(ready.getString("status")).isEqualTo("UP");
            assertThat(ready.getJsonObject("checks").getJsonObject("plugins").getString("netting")).isEqualTo("test-bilateral@1.0.0");
        }
    }

    @Test
    void metricsExposeTransfersLatencyVotesRelaysNettingHttpAndJvm() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(BANK_A, BANK_B, 100);
            node.confirm(BANK_B, BANK_A, 40);
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
            assertThat(node.get(READER, "/api/v1/ledger").status()).isEqualTo(200);
            assertThat(node.get(READER, "/api/v1/transfers/0x12").status()).isEqualTo(400);

            Reply metrics = node.get(null, "/metrics");
            assertThat(metrics.headers().get("content-type")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("astra_transfers_total{state=\"observed\"} 2.0")
                    .contains("astra_transfers_total{state=\"executed\"} 1.0")
                    .contains("astra_transfer_latency_seconds_bucket{stage=\"executed\"")
                    .contains("astra_votes_total{outcome=\"RECORDED\"} 2.0")
                    .contains("astra_relay_attempts_total{outcome=\"EXECUTED\"} 1.0")
                    .contains("astra_netting_reduction_percent_count 1")
                    .contains("astra_watcher_lag_blocks{bank=\"BANK_A\"}")
                    .contains("astra_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/ledger\",status=\"200\"} 1")
                    .contains("astra_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/transfers/:transferId\",status=\"400\"} 1")
                    .contains("jvm_memory_used_bytes");
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
            assertThat(reader.body()).contains("astra_chain_reachable{bank=\"BANK_A\"}");
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

    /** A storage whose reads hang or fail on demand. */
    static StoragePort troubled(StoragePort storage, AtomicReference<String> trouble) {
        return (StoragePort) Proxy.newProxyInstance(StoragePort.class.getClassLoader(), new Class<?>[] {StoragePort.class}, (proxy, method, args) -> {
            if (method.getReturnType() == java.util.concurrent.CompletionStage.class) {
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
