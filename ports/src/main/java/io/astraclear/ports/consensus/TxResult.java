package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubRejection;
import java.util.Optional;

/**
 * How one transaction of a block ended: applied (its {@code log} says what it changed, or that it
 * changed nothing because it was applied before), or rejected with a code and the reason, with no
 * effect but this record. Deterministic: every node writes the same result for the same block.
 */
public record TxResult(Bytes32 transactionHash, Optional<HubRejection> rejection, String log) {
    public TxResult {
        if (transactionHash == null || rejection == null || log == null) {
            throw new IllegalArgumentException("transaction result has a missing field");
        }
    }

    public static TxResult applied(Bytes32 hash, String log) {
        return new TxResult(hash, Optional.empty(), log);
    }

    public static TxResult rejected(Bytes32 hash, HubRejection code, String reason) {
        return new TxResult(hash, Optional.of(code), reason);
    }

    public boolean accepted() {
        return rejection.isEmpty();
    }
}
