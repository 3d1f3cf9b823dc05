package io.astraclear.node.engine;

import io.astraclear.ports.state.BlockEffects;

/**
 * Told of every block once it is durable, in height order, on the hub's context: the per-node
 * services (watchers, batch signer, relayer, event stream) follow committed state through it.
 * Must return quickly; work goes to the listener's own context.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(BlockEffects block);
}
