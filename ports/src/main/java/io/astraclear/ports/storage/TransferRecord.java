package io.astraclear.ports.storage;

import io.astraclear.ports.chain.ObservedTransfer;
import java.util.List;

/** A transfer as stored: what was observed, its current status and every status change in order. */
public record TransferRecord(ObservedTransfer observed, TransferStatus status, List<StatusChange> history) {
    public TransferRecord {
        history = List.copyOf(history);
        if (observed == null || status == null || history.isEmpty()) {
            throw new IllegalArgumentException("transfer record needs the observed event, a status and its history");
        }
    }
}
