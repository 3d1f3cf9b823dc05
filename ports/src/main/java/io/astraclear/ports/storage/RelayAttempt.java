package io.astraclear.ports.storage;

import java.time.Instant;

/** One submission of a command to its destination Executor and how it ended. */
public record RelayAttempt(int attempt, Instant at, String outcome, String detail) {
    public RelayAttempt {
        if (attempt < 1 || at == null || outcome == null) {
            throw new IllegalArgumentException("relay attempt needs a number >= 1, a time and an outcome");
        }
        detail = detail == null ? "" : detail;
    }
}
