package io.astraclear.ports.storage;

import java.time.Instant;

/** One line of the append-only audit log: who or what changed which state, and how. */
public record AuditEntry(long sequence, Instant at, String actor, String action, String subject, String details) {
    public AuditEntry {
        if (at == null || actor == null || action == null || subject == null) {
            throw new IllegalArgumentException("audit entry has a missing field");
        }
        details = details == null ? "" : details;
    }
}
