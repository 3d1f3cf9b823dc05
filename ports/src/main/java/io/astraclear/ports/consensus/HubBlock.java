package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes;
import java.time.Instant;
import java.util.List;

/**
 * A block as the consensus engine decided it: its height (1, 2, ...), the time the engine gave it
 * (the only clock the hub ever reads) and its transactions in order, as raw bytes: the engine
 * orders bytes, the state machine decodes and judges them.
 */
public record HubBlock(long height, Instant time, List<Bytes> transactions) {
    public HubBlock {
        if (height < 1) {
            throw new IllegalArgumentException("block height must be at least 1, got " + height);
        }
        if (time == null || transactions == null) {
            throw new IllegalArgumentException("block " + height + " needs a time and its transactions");
        }
        transactions = List.copyOf(transactions);
    }
}
