package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.BANK_C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket event stream: in order, resumable without a gap (across a restart too), filtered, bounded. */
class EventStreamTest {
    private static final long WAIT_SECONDS = 20;

    /** A connected client collecting the events it receives. */
    record Client(WebSocket socket, BlockingQueue<JsonObject> received, CompletableFuture<String> closed, WebSocketClient client) implements AutoCloseable {
        JsonObject next() throws InterruptedException {
            JsonObject event = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(event).as("an event within %s s", WAIT_SECONDS).isNotNull();
            return event;
        }

        List<JsonObject> next(int count) throws InterruptedException {
            List<JsonObject> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonObject event = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(event).as("event %s of %s within %s s (last: %s, closed: %s)", i + 1, count, WAIT_SECONDS,
                        events.isEmpty() ? "none" : events.get(events.size() - 1).getLong("id"), closed.getNow("no")).isNotNull();
                events.add(event);
            }
            return events;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    static Client connect(ApiTestNode node, String token, String query) throws Exception {
        WebSocketClient client = node.vertx.createWebSocketClient();
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        // handlers before connecting: a replay starts at once and nothing may fall between connect and handler
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode() + " " + socket.closeReason()));
        try {
            socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.api.port())
                            .setURI("/api/v1/events" + query).addHeader("authorization", "Bearer " + token))
                    .await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw e;
        }
        return new Client(socket, received, closed, client);
    }

    private static void publish(ApiTestNode node, int count, String type) {
        for (int i = 0; i < count; i++) {
            node.events.publish(type, Map.of("roundId", Integer.toString(i)));
        }
    }

    private static List<Long> ids(List<JsonObject> events) {
        return events.stream().map(event -> event.getLong("id")).toList();
    }

    @Test
    void eventsArriveInOrderWithTheirData() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(); Client client = connect(node, READER, "?after=0")) {
            var transfer = node.execute(BANK_A, BANK_B, 75);
            List<JsonObject> events = client.next(3);
            assertThat(events.stream().map(e -> e.getString("type")).toList())
                    .containsExactly(NodeEvent.TRANSFER_OBSERVED, NodeEvent.TRANSFER_CONFIRMED, NodeEvent.TRANSFER_EXECUTED);
            assertThat(ids(events)).containsExactly(1L, 2L, 3L);
            JsonObject executed = events.get(2);
            assertThat(executed.getString("at")).endsWith("Z");
            assertThat(executed.getJsonObject("data").getString("transferId")).isEqualTo(transfer.transferId().toString());
            // the executed event named no banks: the journal added them from the transfer's earlier events
            assertThat(executed.getJsonObject("data").getString("sourceBank")).isEqualTo("BANK_A");
            assertThat(executed.getJsonObject("data").getString("destinationBank")).isEqualTo("BANK_B");

            publish(node, 200, NodeEvent.NETTING_COMPLETED);
            assertThat(ids(client.next(200))).isEqualTo(java.util.stream.LongStream.rangeClosed(4, 203).boxed().toList());
        }
    }

    @Test
    void reconnectingWithTheLastIdSeenGivesExactlyTheMissedEvents() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            publish(node, 5, NodeEvent.NETTING_COMPLETED);
            long lastSeen;
            try (Client first = connect(node, READER, "?after=0")) {
                lastSeen = ids(first.next(5)).get(4);
            }
            publish(node, 1_234, NodeEvent.NETTING_COMPLETED); // more than one replay page
            try (Client second = connect(node, READER, "?after=" + lastSeen)) {
                List<Long> missed = ids(second.next(1_234));
                assertThat(missed).isEqualTo(java.util.stream.LongStream.rangeClosed(6, 1_239).boxed().toList());
                node.events.publish(NodeEvent.EQUIVOCATION_DETECTED, Map.of("validator", "0x01"));
                assertThat(second.next().getLong("id")).isEqualTo(1_240);
                assertThat(second.received().poll(200, TimeUnit.MILLISECONDS)).isNull();
            }
        }
    }

    @Test
    void eventsSurviveARestartAndNumberingContinuesSoAResumeHasNoGap() throws Exception {
        MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");
        StoragePort storage = InMemoryStorage.create(clock);
        long lastSeen;
        try (ApiTestNode before = ApiTestNode.start(api -> api, clock, storage, Optional.empty())) {
            // events only: a stored transfer would send the restarted pipeline (which has no chains) relaying
            before.events.publish(NodeEvent.TRANSFER_OBSERVED, Map.of("transferId", "0x01", "sourceBank", "BANK_A", "destinationBank", "BANK_B"));
            before.events.publish(NodeEvent.TRANSFER_CONFIRMED, Map.of("transferId", "0x01"));
            publish(before, 3, NodeEvent.NETTING_COMPLETED);
            try (Client client = connect(before, READER, "?after=0")) {
                lastSeen = ids(client.next(3)).get(2);
            }
        }
        try (ApiTestNode after = ApiTestNode.start(api -> api, clock, storage, Optional.empty())) {
            publish(after, 2, NodeEvent.NETTING_COMPLETED);
            try (Client client = connect(after, READER, "?after=" + lastSeen)) {
                List<JsonObject> missed = client.next(4);
                assertThat(ids(missed)).containsExactly(4L, 5L, 6L, 7L);
                assertThat(missed.get(0).getString("type")).isEqualTo(NodeEvent.NETTING_COMPLETED);
            }
        }
    }

    @Test
    void clientsFilterByTypeAndBankAndABankTokenSeesItsBankOnly() throws Exception {
        try (ApiTestNode node = ApiTestNode.start();
                Client confirmedForC = connect(node, READER, "?after=0&types=transfer.confirmed&bank=BANK_C");
                Client bankA = connect(node, BANK_A_TOKEN, "?after=0")) {
            node.confirm(BANK_A, BANK_B, 1);
            node.confirm(BANK_B, BANK_C, 2);
            node.events.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", "1"));
            node.events.publish(NodeEvent.SETTLEMENT_CONFIRMED, Map.of("debtor", "BANK_B", "creditor", "BANK_C", "amount", "1"));

            JsonObject only = confirmedForC.next();
            assertThat(only.getString("type")).isEqualTo(NodeEvent.TRANSFER_CONFIRMED);
            assertThat(only.getJsonObject("data").getString("destinationBank")).isEqualTo("BANK_C");
            List<JsonObject> forA = bankA.next(3);
            assertThat(forA.stream().map(e -> e.getString("type")).toList())
                    .containsExactly(NodeEvent.TRANSFER_OBSERVED, NodeEvent.TRANSFER_CONFIRMED, NodeEvent.NETTING_COMPLETED);
            node.events.publish(NodeEvent.EQUIVOCATION_DETECTED, Map.of("validator", "0x01"));
            assertThat(bankA.next().getString("type")).isEqualTo(NodeEvent.EQUIVOCATION_DETECTED);
            assertThat(confirmedForC.received().poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWithSlowConsumer() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), api.maxBodyBytes(),
                api.requestTimeout(), api.maxWebSocketConnections(), 4096, api.readyMaxLagBlocks(), api.metricsRequireToken()));
                Client slow = connect(node, READER, "")) {
            slow.socket().pause();
            String padding = "p".repeat(1_900);
            for (int i = 0; i < 20_000 && !slow.closed().isDone(); i++) {
                node.events.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", Integer.toString(i), "padding", padding));
            }
            slow.socket().resume();
            assertThat(slow.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("1008 SLOW_CONSUMER; resume with after=");
        }
    }

    @Test
    void streamsBeyondTheConfiguredMaximumAreRefused() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), api.maxBodyBytes(),
                api.requestTimeout(), 1, api.webSocketQueueBytes(), api.readyMaxLagBlocks(), api.metricsRequireToken()));
                Client first = connect(node, ADMIN, "")) {
            assertThatThrownBy(() -> connect(node, ADMIN, "")).isInstanceOf(UpgradeRejectedException.class)
                    .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(503));
            assertThatThrownBy(() -> connect(node, "bad-token", "")).isInstanceOf(UpgradeRejectedException.class)
                    .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
        }
    }
}
