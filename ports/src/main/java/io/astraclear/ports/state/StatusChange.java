package io.astraclear.ports.state;

import java.time.Instant;

/** A transfer entered {@code status} at hub {@code height} (block {@code time}), with the reason when there is one. */
public record StatusChange(TransferStatus status, long height, Instant time, String reason) {
    public StatusChange {
        if (status == null || time == null || height < 1) {
            throw new IllegalArgumentException("status change needs a status, a height >= 1 and a time");
        }
        reason = reason == null ? "" : reason;
    }
}
