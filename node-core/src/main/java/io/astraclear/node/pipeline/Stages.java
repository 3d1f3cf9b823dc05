package io.astraclear.node.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletionStage;

/** Brings a port's CompletionStage back onto the caller's Vert.x context as a Future. */
final class Stages {
    private Stages() {}

    static <T> Future<T> on(Context context, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
    }
}
