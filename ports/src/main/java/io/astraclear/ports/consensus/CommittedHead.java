package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes32;
import java.time.Instant;

/**
 * The last block whose state is durable: its height, time and app hash. Height 0 is the genesis
 * (its app hash is the genesis hash). An engine starts from here and replays what the node missed.
 */
public record CommittedHead(long height, Instant time, Bytes32 appHash) {
    public CommittedHead {
        if (height < 0 || time == null || appHash == null) {
            throw new IllegalArgumentException("committed head needs a height >= 0, a time and an app hash");
        }
    }
}
