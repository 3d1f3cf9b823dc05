package io.astraclear.ports.consensus;

import java.util.Optional;

/**
 * How the consensus engine is doing, as the node reports it: which engine, whether it is running
 * and reachable, the transactions waiting in its pool, and the problem when it is not well.
 */
public record EngineStatus(String engine, boolean healthy, int waitingTransactions, Optional<String> problem) {
    public EngineStatus {
        if (engine == null) {
            throw new IllegalArgumentException("engine status needs the engine's name");
        }
        problem = problem == null ? Optional.empty() : problem;
    }
}
