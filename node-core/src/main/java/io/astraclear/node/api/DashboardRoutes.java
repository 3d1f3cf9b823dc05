package io.astraclear.node.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The operator dashboard: a static page at {@code /} (files under {@code webroot/}), public
 * because it holds no data; every call it makes carries the operator's API token.
 *
 * <p>A browser's WebSocket cannot send an {@code Authorization} header, so for the event stream
 * only the page passes its token as {@code ?access_token=}; this moves it into the header before
 * the stream's usual token and role check, which stays the only check. Mounted before the API
 * routes so that it runs first.
 */
final class DashboardRoutes {
    static final String EVENTS_PATH = "/api/v1/events";
    private static final String TOKEN_PARAMETER = "access_token";
    private static final int MAX_TOKEN_LENGTH = 512;

    void mount(Router router) {
        router.get(EVENTS_PATH).handler(DashboardRoutes::tokenFromQuery);
        StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html");
        router.get("/").handler(files);
        router.get("/dashboard/*").handler(files);
    }

    private static void tokenFromQuery(RoutingContext ctx) {
        String token = ctx.request().getParam(TOKEN_PARAMETER);
        if (token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH && ctx.request().getHeader("authorization") == null) {
            ctx.request().headers().set("authorization", "Bearer " + token);
        }
        ctx.next();
    }
}
