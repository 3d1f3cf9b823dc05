package io.astraclear.node.pipeline;

import io.astraclear.ports.storage.StorageLimits;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoredEvent;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's event stream: numbered events, each also one structured log line. With a storage
 * ({@link #open}) every event is made durable before subscribers see it, in id order, so a client
 * that resumes from the last id it saw reads the rest from storage without a gap, across restarts
 * too; the numbering continues from the highest stored id. Writes are batched: while one batch is
 * being stored, new events queue and go together in the next.
 *
 * <p>Events about a transfer carry {@code sourceBank} and {@code destinationBank}, so clients can
 * filter by bank: the journal adds them from earlier events of the same transfer, or from storage.
 *
 * <p>An event is published after the state change it reports has committed; a crash in between
 * loses the event, not the state (the API's resources stay the source of truth).
 */
public final class EventJournal {
    private static final Logger LOG = LoggerFactory.getLogger("astra.events");
    /** Events waiting to be stored; beyond this, events are still delivered and logged, but not stored. */
    static final int MAX_PENDING = 100_000;
    private static final int MAX_STORE_ATTEMPTS = 5;
    private static final int TRANSFER_BANKS_CACHED = 50_000;

    private final int capacity;
    private final Clock clock;
    private final Optional<StoragePort> storage;
    private final Deque<NodeEvent> recent = new ArrayDeque<>();
    private final Deque<NodeEvent> pending = new ArrayDeque<>();
    private final List<Consumer<NodeEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> transferBanks = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > TRANSFER_BANKS_CACHED;
        }
    };
    private final AtomicLong unstored = new AtomicLong();
    private long lastId;
    private boolean storing;

    /** A journal in memory only: subscribers see each event at once; nothing survives a restart. */
    public EventJournal(int capacity, Clock clock) {
        this(capacity, clock, Optional.empty(), 0);
    }

    private EventJournal(int capacity, Clock clock, Optional<StoragePort> storage, long lastId) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event journal capacity must be positive");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.storage = storage;
        this.lastId = lastId;
    }

    /** A durable journal over {@code storage}, numbering on from the last stored event. */
    public static CompletionStage<EventJournal> open(StoragePort storage, int capacity, Clock clock) {
        return storage.lastEventId().thenApply(last -> new EventJournal(capacity, clock, Optional.of(storage), last));
    }

    public NodeEvent publish(String type, Map<String, String> data) {
        NodeEvent event;
        boolean queued = false;
        boolean startStoring = false;
        synchronized (this) {
            event = new NodeEvent(++lastId, type, clock.instant(), withBanks(data));
            recent.addLast(event);
            if (recent.size() > capacity) {
                recent.removeFirst();
            }
            if (storage.isPresent() && pending.size() < MAX_PENDING) {
                pending.addLast(event);
                queued = true;
                startStoring = !storing;
                storing = true;
            }
        }
        LOG.info("event={} id={} {}", type, event.id(), event.data());
        if (storage.isPresent() && !queued) {
            unstored.incrementAndGet();
            LOG.error("event {} not stored: {} events already wait for storage; a client resuming across it misses it", event.id(), MAX_PENDING);
        }
        if (!queued) {
            deliver(List.of(event));
        } else if (startStoring) {
            storeNext();
        }
        return event;
    }

    /** Events after {@code afterId} still held in memory, oldest first, at most {@code limit}. */
    public synchronized List<NodeEvent> since(long afterId, int limit) {
        List<NodeEvent> out = new ArrayList<>();
        for (NodeEvent event : recent) {
            if (event.id() > afterId && out.size() < limit) {
                out.add(event);
            }
        }
        return out;
    }

    /**
     * Events after {@code afterId}, oldest first, at most {@code limit}: from storage when the journal
     * is durable (every event a subscriber has seen is there), else from memory.
     */
    public CompletionStage<List<NodeEvent>> replay(long afterId, int limit) {
        if (storage.isEmpty()) {
            return CompletableFuture.completedFuture(since(afterId, limit));
        }
        return storage.get().events(afterId, limit)
                .thenApply(stored -> stored.stream().map(e -> new NodeEvent(e.id(), e.type(), e.at(), e.data())).toList());
    }

    /** The id of the newest event published. */
    public synchronized long lastId() {
        return lastId;
    }

    public boolean durable() {
        return storage.isPresent();
    }

    /** Events that could not be stored (storage failing or too far behind); they were still delivered. */
    public long unstoredEvents() {
        return unstored.get();
    }

    /** Registers a subscriber: it sees every event after it is stored, in id order, one at a time. */
    public AutoCloseable subscribe(Consumer<NodeEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    // --- storing -------------------------------------------------------------------------------

    private void storeNext() {
        List<NodeEvent> batch = new ArrayList<>();
        synchronized (this) {
            while (!pending.isEmpty() && batch.size() < StorageLimits.MAX_EVENTS_PER_WRITE) {
                batch.add(pending.pollFirst());
            }
            if (batch.isEmpty()) {
                storing = false;
                return;
            }
        }
        addMissingBanks(batch)
                .thenCompose(complete -> store(complete, 1).thenApply(stored -> complete))
                .whenComplete((complete, failure) -> {
                    deliver(complete == null ? batch : complete);
                    storeNext();
                });
    }

    private CompletionStage<Void> store(List<NodeEvent> batch, int attempt) {
        List<StoredEvent> records = batch.stream().map(e -> new StoredEvent(e.id(), e.type(), e.at(), e.data())).toList();
        CompletionStage<Void> write;
        try {
            write = storage.orElseThrow().appendEvents(records);
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        return write.handle((ok, failure) -> {
            if (failure == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempt >= MAX_STORE_ATTEMPTS) {
                unstored.addAndGet(batch.size());
                LOG.error("events {}..{} not stored after {} attempts ({}); delivered live only", batch.get(0).id(),
                        batch.get(batch.size() - 1).id(), attempt, failure.toString());
                return CompletableFuture.<Void>completedFuture(null);
            }
            long backoffMillis = 50L << attempt;
            return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> store(batch, attempt + 1));
        }).thenCompose(next -> next);
    }

    private void deliver(List<NodeEvent> events) {
        for (NodeEvent event : events) {
            for (Consumer<NodeEvent> subscriber : subscribers) {
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("event subscriber failed on {}: {}", event.type(), e.toString());
                }
            }
        }
    }

    // --- banks on transfer events --------------------------------------------------------------

    private Map<String, String> withBanks(Map<String, String> data) {
        String transferId = data.get("transferId");
        if (transferId == null) {
            return data;
        }
        if (data.containsKey("sourceBank") && data.containsKey("destinationBank")) {
            transferBanks.put(transferId, Map.of("sourceBank", data.get("sourceBank"), "destinationBank", data.get("destinationBank")));
            return data;
        }
        Map<String, String> banks = transferBanks.get(transferId);
        if (banks == null) {
            return data;
        }
        Map<String, String> enriched = new HashMap<>(data);
        banks.forEach(enriched::putIfAbsent);
        return enriched;
    }

    /** Events of transfers this journal has not seen before (e.g. after a restart) get their banks from storage. */
    private CompletionStage<List<NodeEvent>> addMissingBanks(List<NodeEvent> batch) {
        List<CompletableFuture<NodeEvent>> completed = new ArrayList<>(batch.size());
        for (NodeEvent event : batch) {
            String transferId = event.data().get("transferId");
            if (transferId == null || event.data().containsKey("sourceBank") && event.data().containsKey("destinationBank")) {
                completed.add(CompletableFuture.completedFuture(event));
                continue;
            }
            CompletableFuture<NodeEvent> lookup;
            try {
                lookup = storage.orElseThrow().transfer(io.astraclear.ports.domain.TransferId.of(transferId)).toCompletableFuture()
                        .thenApply(found -> found.map(record -> {
                            Map<String, String> data = new HashMap<>(event.data());
                            data.putIfAbsent("sourceBank", record.observed().sourceBank().value());
                            data.putIfAbsent("destinationBank", record.observed().destinationBank().value());
                            return new NodeEvent(event.id(), event.type(), event.at(), data);
                        }).orElse(event));
            } catch (RuntimeException e) {
                lookup = CompletableFuture.completedFuture(event);
            }
            completed.add(lookup.exceptionally(failure -> event));
        }
        return CompletableFuture.allOf(completed.toArray(CompletableFuture[]::new))
                .thenApply(all -> completed.stream().map(CompletableFuture::join).toList());
    }
}
