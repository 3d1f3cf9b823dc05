package io.astraclear.node.api;

import io.vertx.ext.web.Router;

/**
 * Routes another part of the node adds to the API server (the consensus network's peer routes,
 * for one), mounted before the API's catch-all. Each group authenticates its own callers.
 */
@FunctionalInterface
public interface ApiRoutes {
    void mount(Router router);
}
