package io.astraclear.ports.storage;

import java.time.Instant;

public record StatusChange(TransferStatus status, Instant at, String reason) {
    public StatusChange {
        if (status == null || at == null) {
            throw new IllegalArgumentException("status change needs a status and a time");
        }
        reason = reason == null ? "" : reason;
    }
}
