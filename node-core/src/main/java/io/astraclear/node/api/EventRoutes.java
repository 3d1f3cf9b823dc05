package io.astraclear.node.api;

import io.astraclear.node.api.events.EventFilter;
import io.astraclear.node.api.events.EventStream;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.domain.BankId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/events}: the hub's event stream over a WebSocket — every event of every
 * committed block, in id order without gaps — filtered by type and bank, resumable with {@code after}.
 */
final class EventRoutes {
    static final Set<String> TYPES = Arrays.stream(HubEventType.values()).map(HubEventType::wireName).collect(Collectors.toUnmodifiableSet());
    private static final Pattern AFTER = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_TYPES_LENGTH = 1_000;

    private final ApiDependencies dependencies;
    private final AtomicInteger openStreams = new AtomicInteger();

    EventRoutes(ApiDependencies dependencies) {
        this.dependencies = dependencies;
    }

    void mount(ApiRouter routes) {
        routes.webSocket("/api/v1/events", Access.READ, this::stream);
    }

    int openStreams() {
        return openStreams.get();
    }

    private void stream(RoutingContext ctx) {
        long after = Requests.query(ctx, "after").map(text -> {
            if (!AFTER.matcher(text).matches()) {
                throw ApiException.invalidField("after", "must be an event id (a whole number)");
            }
            long id = Long.parseLong(text);
            long last = dependencies.events().lastId();
            if (id > last) {
                // resuming past the newest event would silently skip every event up to that id
                throw ApiException.invalidField("after", "no event " + id + " on this node yet; its newest is " + last);
            }
            return id;
        }).orElse(-1L);
        Set<HubEventType> types = new LinkedHashSet<>();
        Requests.query(ctx, "types").ifPresent(text -> {
            if (text.length() > MAX_TYPES_LENGTH) {
                throw ApiException.invalidField("types", "too long");
            }
            for (String type : text.split(",")) {
                String trimmed = type.trim();
                if (!TYPES.contains(trimmed)) {
                    throw ApiException.invalidField("types", "unknown event type '" + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed)
                            + "'; known: " + new TreeSet<>(TYPES));
                }
                types.add(HubEventType.fromWireName(trimmed).orElseThrow());
            }
        });
        Optional<BankId> bank = Requests.bankFilter(ctx, "events");
        String upgrade = ctx.request().getHeader("upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw ApiException.badRequest("WEBSOCKET_REQUIRED", "GET /api/v1/events is a WebSocket: send Connection: Upgrade and Upgrade: websocket");
        }
        int max = dependencies.config().api().maxWebSocketConnections();
        if (openStreams.incrementAndGet() > max) {
            openStreams.decrementAndGet();
            throw new ApiException(503, "TOO_MANY_STREAMS", "the node serves at most " + max + " event streams at once",
                    new JsonObject().put("retryAfterSeconds", 5));
        }
        EventFilter filter = new EventFilter(types, bank);
        var context = ctx.vertx().getOrCreateContext();
        ctx.request().toWebSocket()
                .onSuccess(socket -> EventStream.start(socket, context, dependencies.events(), filter, after,
                        dependencies.config().api().webSocketQueueBytes(), openStreams))
                .onFailure(failure -> {
                    openStreams.decrementAndGet();
                    Requests.fail(ctx, ApiException.badRequest("WEBSOCKET_REQUIRED", "the WebSocket handshake failed: " + failure.getMessage()));
                });
    }
}
