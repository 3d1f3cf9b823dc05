package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.node.api.ApiTestNode.VALIDATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.api.openapi.BodyValidator;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.testing.TestKeys;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket event stream, derived from committed blocks: gapless and in block order with each
 * event's height, enough to rebuild every transfer's status and the ledger from {@code after=0},
 * resumable without a gap (across a restart too), filtered by type and bank (a bank token gets only
 * what names its bank), bounded.
 */
class EventStreamTest {
    private static final long WAIT_SECONDS = 20;

    /** A connected client collecting the events it receives; every event is held against the document's Event schema. */
    record Client(WebSocket socket, BlockingQueue<JsonObject> received, CompletableFuture<String> closed, WebSocketClient client,
            List<String> violations) implements AutoCloseable {
        JsonObject next() throws InterruptedException {
            return next(1).getFirst();
        }

        List<JsonObject> next(int count) throws InterruptedException {
            List<JsonObject> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonObject event = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(event).as("event %s of %s within %s s (last: %s, closed: %s)", i + 1, count, WAIT_SECONDS,
                        events.isEmpty() ? "none" : events.getLast().getLong("id"), closed.getNow("no")).isNotNull();
                events.add(event);
            }
            return events;
        }

        /** Every event up to and including {@code lastId}. */
        List<JsonObject> upTo(long lastId) throws InterruptedException {
            List<JsonObject> events = new ArrayList<>();
            while (events.isEmpty() || events.getLast().getLong("id") < lastId) {
                events.add(next());
            }
            return events;
        }

        void assertQuiet() throws InterruptedException {
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("no further event").isNull();
        }

        @Override
        public void close() {
            client.close();
            assertThat(violations).as("events that do not match the Event schema").isEmpty();
        }
    }

    static Client connect(ApiTestNode node, String token, String query) throws Exception {
        BodyValidator schema = node.api.document().schemaValidator("Event").orElseThrow();
        WebSocketClient client = node.vertx.createWebSocketClient();
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        // handlers before connecting: a replay starts at once and nothing may fall between connect and handler
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> {
            JsonObject event = new JsonObject(text);
            schema.check(event).ifPresent(violation -> violations.add(violation + " in " + text));
            received.add(event);
        });
        socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode() + " " + socket.closeReason()));
        try {
            socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.api.port())
                            .setURI("/api/v1/events" + query).addHeader("authorization", "Bearer " + token))
                    .await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw e;
        }
        return new Client(socket, received, closed, client, violations);
    }

    static List<Long> ids(List<JsonObject> events) {
        return events.stream().map(event -> event.getLong("id")).toList();
    }

    static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")).toList();
    }

    @Test
    void eventsArriveInBlockOrderWithTheirHeightBanksAndData() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(); Client client = connect(node, READER, "?after=0")) {
            ObservedTransfer transfer = node.execute(A, B, 75);
            List<JsonObject> events = client.next(5);
            assertThat(types(events)).containsExactly("transfer.observed", "transfer.confirmed", "batch.created", "batch.signed", "transfer.executed");
            assertThat(ids(events)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(events.stream().map(e -> e.getLong("height")).toList()).containsExactly(1L, 1L, 1L, 2L, 3L);
            JsonObject executed = events.get(4);
            assertThat(executed.getString("at")).isEqualTo(node.head().time().toString());
            assertThat(executed.getJsonArray("banks")).containsExactly("BANK_A", "BANK_B");
            assertThat(executed.getJsonObject("data").getString("transferId")).isEqualTo(transfer.transferId().toString());
            assertThat(executed.getJsonObject("data").getString("transactionHash"))
                    .isEqualTo(node.stored(transfer).mint().orElseThrow().transactionHash().value());
            assertThat(events.get(2).getJsonArray("banks")).as("a batch concerns its destination").containsExactly("BANK_B");
            client.assertQuiet();
        }
    }

    @Test
    void replayingFromTheFirstEventRebuildsEveryTransferStatusAndTheLedger() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(A, B, 100);
            node.execute(B, A, 30);
            node.confirm(B, C, 50);
            node.stick(C, A, 20);
            ObservedTransfer nowhere = node.transfer(A, BankId.of("BANK_Z"), 5);
            node.commit(node.attestation(new Observation.TransferInitiated(nowhere)));
            assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
            assertThat(node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"20\",\"reference\":\"wire-1\"}").status()).isEqualTo(201);
            // a settlement its block rejects: the event says so, and the ledger must not move
            var records = node.sameBlock(node.settlement(A, B, 40, "wire-2"), node.settlement(A, B, 40, "wire-3"));
            assertThat(records.get(1).result().accepted()).isFalse();

            long lastId = node.get(READER, "/api/v1/hub").json().getLong("lastEventId");
            List<JsonObject> events;
            try (Client client = connect(node, READER, "?after=0")) {
                events = client.upTo(lastId);
                client.assertQuiet();
            }
            assertThat(ids(events)).as("gapless from 1").isEqualTo(LongStream.rangeClosed(1, lastId).boxed().toList());
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).getLong("height")).as("block order").isGreaterThanOrEqualTo(events.get(i - 1).getLong("height"));
            }

            Map<String, String> statuses = new TreeMap<>();
            Map<String, BigInteger> ledger = new TreeMap<>();
            for (JsonObject event : events) {
                JsonObject data = event.getJsonObject("data");
                switch (HubEventType.fromWireName(event.getString("type")).orElseThrow()) {
                    case TRANSFER_OBSERVED -> statuses.put(data.getString("transferId"), "OBSERVED");
                    case TRANSFER_CONFIRMED -> {
                        statuses.put(data.getString("transferId"), "CONFIRMED");
                        ledger.merge(data.getString("sourceBank") + ">" + data.getString("destinationBank"), new BigInteger(data.getString("amount")),
                                BigInteger::add);
                    }
                    case TRANSFER_EXECUTED -> statuses.put(data.getString("transferId"), "EXECUTED");
                    case TRANSFER_STUCK -> statuses.put(data.getString("transferId"), "STUCK");
                    case NETTING_BURNED -> ledger.merge(data.getString("debtor") + ">" + data.getString("creditor"),
                            new BigInteger(data.getString("amount")).negate(), BigInteger::add);
                    case SETTLEMENT_CONFIRMED -> ledger.merge(data.getString("debtor") + ">" + data.getString("creditor"),
                            new BigInteger(data.getString("amount")).negate(), BigInteger::add);
                    default -> { }
                }
            }
            ledger.values().removeIf(amount -> amount.signum() == 0);

            Map<String, String> listed = new TreeMap<>();
            node.get(READER, "/api/v1/transfers?limit=500").json().getJsonArray("items")
                    .forEach(t -> listed.put(((JsonObject) t).getString("transferId"), ((JsonObject) t).getString("status")));
            assertThat(statuses).isEqualTo(listed);
            assertThat(statuses.values()).containsExactlyInAnyOrder("EXECUTED", "EXECUTED", "CONFIRMED", "STUCK", "OBSERVED");
            Map<String, BigInteger> balances = new TreeMap<>();
            node.get(READER, "/api/v1/ledger").json().getJsonArray("balances").forEach(o -> balances.put(
                    ((JsonObject) o).getString("issuer") + ">" + ((JsonObject) o).getString("holder"), new BigInteger(((JsonObject) o).getString("amount"))));
            assertThat(ledger).isEqualTo(balances);
            assertThat(balances).containsEntry("BANK_A>BANK_B", BigInteger.valueOf(10)).containsEntry("BANK_C>BANK_A", BigInteger.valueOf(20));
            assertThat(types(events)).contains("transaction.rejected", "transfer.mint_failed", "netting.completed", "settlement.confirmed");
        }
    }

    @Test
    void reconnectingWithTheLastIdSeenGivesExactlyTheMissedEventsAcrossReplayPages() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.confirm(A, B, 1);
            long lastSeen;
            try (Client first = connect(node, READER, "?after=0")) {
                lastSeen = ids(first.next(3)).getLast();
            }
            confirmMany(node, 700, B); // 700 observed, 700 confirmed, 3 batches: more than two replay pages
            long lastId = node.events.lastId();
            assertThat(lastId - lastSeen).isEqualTo(1_403);
            try (Client second = connect(node, READER, "?after=" + lastSeen)) {
                assertThat(ids(second.next(1_403))).isEqualTo(LongStream.rangeClosed(lastSeen + 1, lastId).boxed().toList());
                node.confirm(C, A, 2);
                assertThat(ids(second.next(3))).containsExactly(lastId + 1, lastId + 2, lastId + 3);
                second.assertQuiet();
            }
        }
    }

    @Test
    void eventsSurviveARestartAndNumberingContinuesSoAResumeHasNoGap() throws Exception {
        HubStore store = InMemoryStorage.hubStore();
        long lastSeen;
        long lastBefore;
        try (ApiTestNode before = ApiTestNode.start(ApiTestNode.Options.defaults().withStore(store, 1))) {
            before.execute(A, B, 10);
            lastBefore = before.events.lastId();
            try (Client client = connect(before, READER, "?after=0")) {
                lastSeen = ids(client.next(3)).getLast();
            }
        }
        try (ApiTestNode after = ApiTestNode.start(ApiTestNode.Options.defaults().withStore(store, 1_000))) {
            assertThat(after.head().height()).as("the hub resumed from the store").isEqualTo(3);
            assertThat(after.events.lastId()).isEqualTo(lastBefore);
            after.confirm(C, A, 2);
            try (Client client = connect(after, READER, "?after=" + lastSeen)) {
                List<JsonObject> missed = client.upTo(after.events.lastId());
                assertThat(ids(missed)).isEqualTo(LongStream.rangeClosed(lastSeen + 1, lastBefore + 3).boxed().toList());
                assertThat(types(missed)).containsExactly("batch.signed", "transfer.executed", "transfer.observed", "transfer.confirmed", "batch.created");
                client.assertQuiet();
            }
        } finally {
            store.close();
        }
    }

    @Test
    void clientsFilterByTypeAndBankAndABankTokenGetsOnlyWhatNamesItsBank() throws Exception {
        try (ApiTestNode node = ApiTestNode.start();
                Client confirmedForC = connect(node, READER, "?after=0&types=transfer.confirmed&bank=BANK_C");
                Client everything = connect(node, READER, "?after=0");
                Client bankA = connect(node, BANK_A_TOKEN, "?after=0")) {
            node.confirm(A, B, 1);
            node.confirm(B, C, 2);
            assertThat(node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_B\",\"creditor\":\"BANK_C\",\"amount\":\"1\",\"reference\":\"wire-1\"}").status()).isEqualTo(201);
            // a validator-set approval its block rejects: an event that names no bank
            Address second = TestKeys.key(2).address();
            node.sameBlock(node.sign(VALIDATOR, new HubTransaction.ApproveValidatorSet(1, List.of(VALIDATOR.address()))),
                    node.sign(VALIDATOR, new HubTransaction.ApproveValidatorSet(1, Stream.of(VALIDATOR.address(), second).sorted().toList())));
            long lastId = node.events.lastId();

            List<JsonObject> all = everything.upTo(lastId);
            JsonObject rejected = all.stream().filter(e -> e.getString("type").equals("transaction.rejected")).findFirst().orElseThrow();
            assertThat(rejected.getJsonArray("banks")).isEmpty();
            assertThat(rejected.getJsonObject("data").getString("code")).isEqualTo("STALE_NONCE");

            JsonObject only = confirmedForC.next();
            assertThat(only.getString("type")).isEqualTo("transfer.confirmed");
            assertThat(only.getJsonObject("data").getString("destinationBank")).isEqualTo("BANK_C");
            confirmedForC.assertQuiet();

            List<JsonObject> forA = bankA.upTo(all.stream().filter(e -> e.getJsonArray("banks").contains("BANK_A"))
                    .mapToLong(e -> e.getLong("id")).max().orElseThrow());
            assertThat(forA).allMatch(e -> e.getJsonArray("banks").contains("BANK_A"));
            assertThat(types(forA)).contains("transfer.observed", "transfer.confirmed", "validators.approved", "validators.agreed")
                    .doesNotContain("settlement.confirmed", "transaction.rejected");
            assertThat(forA).noneMatch(e -> "BANK_C".equals(e.getJsonObject("data").getString("destinationBank")));
            bankA.assertQuiet();
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWithSlowConsumerAndWhereToResume() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), api.maxBodyBytes(),
                api.requestTimeout(), api.maxWebSocketConnections(), 4096, api.readyMaxLagBlocks(), api.metricsRequireToken()));
                Client slow = connect(node, READER, "")) {
            ApiTestNode.until("the stream is open", () -> node.api.openEventStreams() == 1);
            slow.socket().pause();
            for (int block = 0; block < 40 && node.api.openEventStreams() > 0; block++) {
                confirmMany(node, 1_000, B);
            }
            assertThat(node.api.openEventStreams()).as("the node closed the stream").isZero();
            slow.socket().resume();
            assertThat(slow.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("1008 SLOW_CONSUMER; resume with after=");
        }
    }

    @Test
    void streamsBeyondTheConfiguredMaximumAreRefusedAndABadTokenIsRefusedBeforeUpgrading() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(api -> new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), api.maxBodyBytes(),
                api.requestTimeout(), 1, api.webSocketQueueBytes(), api.readyMaxLagBlocks(), api.metricsRequireToken()));
                Client first = connect(node, ADMIN, "")) {
            assertThatThrownBy(() -> connect(node, ADMIN, "")).isInstanceOf(UpgradeRejectedException.class)
                    .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(503));
            assertThatThrownBy(() -> connect(node, "bad-token", "")).isInstanceOf(UpgradeRejectedException.class)
                    .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
            assertThat(first.socket().isClosed()).isFalse();
        }
    }

    /** {@code count} transfers to {@code destination} from the other banks, attested (and so confirmed) in one block. */
    static void confirmMany(ApiTestNode node, int count, BankId destination) throws Exception {
        List<Observation> observations = new ArrayList<>();
        List<BankId> sources = List.of(A, B, C).stream().filter(bank -> !bank.equals(destination)).toList();
        for (int i = 0; i < count; i++) {
            observations.add(new Observation.TransferInitiated(node.transfer(sources.get(i % sources.size()), destination, i + 1)));
        }
        node.commit(node.attestation(observations.toArray(Observation[]::new)));
    }
}
