package io.astraclear.node.engine;

import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubStore;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's event stream as this node serves it: every event of every committed block, in id order
 * without gaps, to live subscribers as blocks commit, and from storage to anyone replaying from an
 * earlier id (across restarts too: the events are stored with their block).
 */
public final class EventFeed implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger("astra.events");

    private final HubStore store;
    private final List<Consumer<HubEvent>> subscribers = new CopyOnWriteArrayList<>();
    private volatile long lastId;

    public EventFeed(HubStore store, long lastId) {
        this.store = store;
        this.lastId = lastId;
    }

    /** The id of the newest committed event (0 before any). */
    public long lastId() {
        return lastId;
    }

    /** Live events from now on, each once, in order; close the handle to stop. */
    public AutoCloseable subscribe(Consumer<HubEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Committed events with an id above {@code afterId}, ascending, at most {@code limit}. */
    public CompletionStage<List<HubEvent>> replay(long afterId, int limit) {
        return store.events(afterId, limit);
    }

    @Override
    public void committed(BlockEffects block) {
        for (HubEvent event : block.events()) {
            lastId = event.id();
            if (LOG.isDebugEnabled()) {
                LOG.debug("event={} id={} height={} {}", event.type().wireName(), event.id(), event.height(), event.data());
            }
            for (Consumer<HubEvent> subscriber : subscribers) {
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("an event subscriber failed on event {}: {}", event.id(), e.toString());
                }
            }
        }
    }
}
