package io.astraclear.node.api;

import io.astraclear.node.api.events.EventFilter;
import io.astraclear.node.api.events.EventStream;
import io.astraclear.node.auth.Principal;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.domain.BankId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** {@code GET /api/v1/events}: the event stream over a WebSocket, filtered and resumable. */
final class EventRoutes {
    static final Set<String> TYPES = java.util.Arrays.stream(HubEventType.values()).map(HubEventType::wireName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
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
        Principal principal = Requests.principal(ctx);
        long after = Requests.query(ctx, "after").map(text -> {
            if (!AFTER.matcher(text).matches()) {
                throw ApiException.invalidField("after", "must be an event id (a whole number)");
            }
            return Long.parseLong(text);
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
                            + "'; known: " + new java.util.TreeSet<>(TYPES));
                }
                types.add(HubEventType.fromWireName(trimmed).orElseThrow());
            }
        });
        Optional<BankId> bank = Requests.query(ctx, "bank").map(text -> Requests.parse("bank", () -> BankId.of(text)));
        Optional<BankId> scope = principal.bankScope();
        if (scope.isPresent()) {
            if (bank.isPresent() && !bank.equals(scope)) {
                throw ApiException.forbidden("token '" + principal.tokenName() + "' receives the events of " + scope.get() + " only");
            }
            bank = scope;
        }
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
