package io.astraclear.ports.consensus;

/**
 * The consensus engine cannot take a transaction now: it has not started, it stopped, or it cannot
 * be reached. Nothing was admitted; offering the transaction again later is safe (every hub
 * transaction is idempotent).
 */
public final class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message) {
        super(message, null, false, false);
    }
}
