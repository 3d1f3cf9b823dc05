package io.astraclear.node.api.events;

import io.astraclear.node.api.JsonViews;
import io.astraclear.node.engine.EventFeed;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.Page;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream over a WebSocket. It subscribes to the hub's event feed first, then replays
 * the stored events after the client's {@code after} id page by page (waiting for the socket to
 * drain between pages), then sends what arrived live meanwhile, skipping what the replay already
 * sent: every event after {@code after} exactly once, in id order. Live events wait in a bounded
 * buffer during the replay; a client whose socket's write queue is full when a live event comes,
 * or whose buffer overflows, is closed with 1008 {@code SLOW_CONSUMER}.
 */
public final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    public static final short SLOW_CONSUMER_CLOSE_CODE = 1008;
    static final int MAX_BUFFERED_EVENTS = 10_000;
    /** Pings keep a quiet stream inside the server's idle timeout and find clients that went away. */
    static final long PING_INTERVAL_MILLIS = 20_000;

    private final ServerWebSocket socket;
    private final Context context;
    private final EventFeed journal;
    private final EventFilter filter;
    private final AtomicInteger openStreams;
    private final Deque<HubEvent> buffered = new ArrayDeque<>();
    private long lastSent;
    private boolean replaying;
    private boolean closed;
    private AutoCloseable subscription;
    private long pingTimer = -1;

    private EventStream(ServerWebSocket socket, Context context, EventFeed journal, EventFilter filter, long after, AtomicInteger openStreams) {
        this.socket = socket;
        this.context = context;
        this.journal = journal;
        this.filter = filter;
        this.lastSent = after;
        this.openStreams = openStreams;
    }

    /**
     * Starts streaming to {@code socket}; {@code after} is the last id the client saw, or
     * {@code -1} for live events only. {@code openStreams} is decremented when the socket closes.
     */
    public static void start(ServerWebSocket socket, Context context, EventFeed journal, EventFilter filter, long after,
            int queueBytes, AtomicInteger openStreams) {
        socket.setWriteQueueMaxSize(queueBytes);
        EventStream stream = new EventStream(socket, context, journal, filter, Math.max(0, after), openStreams);
        stream.replaying = after >= 0;
        socket.closeHandler(closed -> stream.closed());
        socket.exceptionHandler(failure -> LOG.debug("event stream socket failed: {}", failure.toString()));
        socket.handler(ignored -> { });
        stream.subscription = journal.subscribe(event -> context.runOnContext(ignored -> stream.live(event)));
        stream.pingTimer = context.owner().setPeriodic(PING_INTERVAL_MILLIS, id -> {
            if (!stream.closed && !socket.isClosed()) {
                socket.writePing(io.vertx.core.buffer.Buffer.buffer("astra"));
            }
        });
        if (stream.replaying) {
            stream.replay();
        }
    }

    private void live(HubEvent event) {
        if (closed) {
            return;
        }
        if (replaying) {
            if (buffered.size() >= MAX_BUFFERED_EVENTS) {
                slowConsumer("more than " + MAX_BUFFERED_EVENTS + " live events arrived while replaying");
                return;
            }
            buffered.addLast(event);
            return;
        }
        send(event);
    }

    private void replay() {
        if (closed) {
            return;
        }
        Future.fromCompletionStage(journal.replay(lastSent, Page.MAX_LIMIT), context).onComplete(done -> {
            if (closed) {
                return;
            }
            if (done.failed()) {
                LOG.warn("replaying events after {} failed: {}", lastSent, done.cause().toString());
                socket.close((short) 1011, "REPLAY_FAILED; resume with after=" + lastSent);
                return;
            }
            List<HubEvent> page = done.result();
            for (HubEvent event : page) {
                if (event.id() > lastSent) {
                    write(event);
                }
            }
            if (page.size() == Page.MAX_LIMIT) {
                drained().onSuccess(ignored -> replay());
                return;
            }
            replaying = false;
            while (!buffered.isEmpty() && !closed) {
                send(buffered.pollFirst());
            }
        });
    }

    /** Live: the write queue must have room, or the client is too slow to follow. */
    private void send(HubEvent event) {
        if (event.id() <= lastSent) {
            return;
        }
        if (socket.isClosed()) {
            closed();
            return;
        }
        if (socket.writeQueueFull()) {
            slowConsumer("its socket's write queue is full");
            return;
        }
        write(event);
    }

    private void write(HubEvent event) {
        lastSent = event.id();
        if (filter.accepts(event) && !closed) {
            if (socket.isClosed()) {
                closed();
                return;
            }
            socket.writeTextMessage(JsonViews.event(event).encode());
        }
    }

    private Future<Void> drained() {
        if (!socket.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        socket.drainHandler(ignored -> {
            socket.drainHandler(null);
            promise.tryComplete();
        });
        return promise.future();
    }

    private void slowConsumer(String why) {
        LOG.info("closing an event stream at id {}: {}", lastSent, why);
        // a close reason is at most 123 bytes: the code word and where to resume
        socket.close(SLOW_CONSUMER_CLOSE_CODE, "SLOW_CONSUMER; resume with after=" + lastSent);
        closed();
    }

    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        openStreams.decrementAndGet();
        context.owner().cancelTimer(pingTimer);
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing an event stream failed: {}", e.toString());
        }
    }
}
