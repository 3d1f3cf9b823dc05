package io.astraclear.node.engine;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/**
 * An event-loop context of its own for work that must run one step at a time and should not share
 * a loop with the HTTP API (the state machine, the engine): a verticle that does nothing but hold
 * its context. Undeployed when Vert.x closes.
 */
public final class HubContexts {
    private HubContexts() {}

    public static Future<Context> dedicated(Vertx vertx, String name) {
        Promise<Context> held = Promise.promise();
        return vertx.deployVerticle(new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        held.complete(context);
                        return Future.succeededFuture();
                    }

                    @Override
                    public String toString() {
                        return "context holder '" + name + "'";
                    }
                }, new DeploymentOptions())
                .compose(id -> held.future());
    }
}
