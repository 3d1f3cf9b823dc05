package io.astraclear.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoredEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The durable event journal: stored before delivered, in order, numbering on across restarts, banks added. */
class EventJournalTest {
    private final MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");

    @Test
    void subscribersSeeAnEventOnlyOnceItIsStoredAndInIdOrder() throws Exception {
        StoragePort memory = InMemoryStorage.create(clock);
        List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();
        StoragePort gated = gatedAppends(memory, writes);
        EventJournal journal = EventJournal.open(gated, 100, clock).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Long> seen = new CopyOnWriteArrayList<>();
        journal.subscribe(event -> seen.add(event.id()));

        journal.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", "1"));
        journal.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", "2"));
        journal.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", "3"));
        assertThat(seen).as("nothing delivered before it is stored").isEmpty();
        assertThat(writes).hasSize(1); // one write in flight; the next two wait and go together

        writes.get(0).complete(null);
        assertThat(seen).containsExactly(1L);
        assertThat(writes).hasSize(2);
        writes.get(1).complete(null);
        assertThat(seen).containsExactly(1L, 2L, 3L);
        assertThat(ApiTestNode.await(memory.events(0, 10))).extracting(StoredEvent::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void numberingContinuesAfterTheLastStoredEventOnARestart() throws Exception {
        StoragePort storage = InMemoryStorage.create(clock);
        EventJournal first = EventJournal.open(storage, 100, clock).toCompletableFuture().get(5, TimeUnit.SECONDS);
        first.publish(NodeEvent.NETTING_COMPLETED, Map.of());
        first.publish(NodeEvent.NETTING_COMPLETED, Map.of());
        EventJournal restarted = EventJournal.open(storage, 100, clock).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(restarted.publish(NodeEvent.NETTING_COMPLETED, Map.of()).id()).isEqualTo(3);
        assertThat(restarted.replay(1, 10).toCompletableFuture().get(5, TimeUnit.SECONDS)).extracting(NodeEvent::id).containsExactly(2L, 3L);
        assertThat(restarted.durable()).isTrue();
    }

    @Test
    void transferEventsGetTheirBanksFromEarlierEventsOrFromStorage() throws Exception {
        StoragePort storage = InMemoryStorage.create(clock);
        var transfer = io.astraclear.ports.storage.StorageFixtures.transfer(io.astraclear.ports.storage.StorageFixtures.BANK_B,
                io.astraclear.ports.storage.StorageFixtures.BANK_C, 5, 1);
        ApiTestNode.await(storage.recordObserved(List.of(transfer), List.of(), io.astraclear.ports.storage.StorageFixtures.checkpoint(transfer.sourceBank(), 1)));
        EventJournal journal = EventJournal.open(storage, 100, clock).toCompletableFuture().get(5, TimeUnit.SECONDS);

        journal.publish(NodeEvent.TRANSFER_OBSERVED, Map.of("transferId", "0xaa", "sourceBank", "BANK_A", "destinationBank", "BANK_B"));
        NodeEvent fromCache = journal.publish(NodeEvent.TRANSFER_EXECUTED, Map.of("transferId", "0xaa"));
        assertThat(fromCache.data()).containsEntry("sourceBank", "BANK_A").containsEntry("destinationBank", "BANK_B");

        journal.publish(NodeEvent.TRANSFER_STUCK, Map.of("transferId", transfer.transferId().toString(), "reason", "timeout"));
        StoredEvent stored = ApiTestNode.await(storage.events(2, 1)).get(0);
        assertThat(stored.data()).containsEntry("sourceBank", "BANK_B").containsEntry("destinationBank", "BANK_C").containsEntry("reason", "timeout");
    }

    @Test
    void aStorageThatKeepsFailingLosesDurabilityNotEvents() throws Exception {
        StoragePort failing = (StoragePort) Proxy.newProxyInstance(StoragePort.class.getClassLoader(), new Class<?>[] {StoragePort.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lastEventId" -> CompletableFuture.completedFuture(0L);
                    case "appendEvents" -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        EventJournal journal = EventJournal.open(failing, 100, clock).toCompletableFuture().get(5, TimeUnit.SECONDS);
        CompletableFuture<NodeEvent> delivered = new CompletableFuture<>();
        journal.subscribe(delivered::complete);
        journal.publish(NodeEvent.NETTING_COMPLETED, Map.of("roundId", "1"));
        assertThat(delivered.get(10, TimeUnit.SECONDS).id()).isEqualTo(1);
        assertThat(journal.unstoredEvents()).isEqualTo(1);
    }

    /** appendEvents completes only when the test completes the future it recorded. */
    private static StoragePort gatedAppends(StoragePort storage, List<CompletableFuture<Void>> writes) {
        return (StoragePort) Proxy.newProxyInstance(StoragePort.class.getClassLoader(), new Class<?>[] {StoragePort.class}, (proxy, method, args) -> {
            if (method.getName().equals("appendEvents")) {
                @SuppressWarnings("unchecked")
                List<StoredEvent> events = new ArrayList<>((List<StoredEvent>) args[0]);
                CompletableFuture<Void> gate = new CompletableFuture<>();
                writes.add(gate);
                return gate.thenCompose(ignored -> storage.appendEvents(events));
            }
            try {
                return method.invoke(storage, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
