package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes32;
import java.util.List;

/** What applying a block gave: one result per transaction, in block order, and the new app hash. */
public record BlockOutcome(long height, Bytes32 appHash, List<TxResult> results) {
    public BlockOutcome {
        if (appHash == null || results == null) {
            throw new IllegalArgumentException("block outcome needs an app hash and results");
        }
        results = List.copyOf(results);
    }
}
