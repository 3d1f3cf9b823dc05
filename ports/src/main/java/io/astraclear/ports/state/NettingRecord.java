package io.astraclear.ports.state;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import java.time.Instant;

/**
 * A netting round the hub ran at the end of block {@code height}: the strategy (id and version),
 * the digest of its canonical input, the balances before and after, and what started it
 * ({@code interval}, or {@code requested by 0x…}).
 */
public record NettingRecord(long roundId, long height, Instant time, String strategyId, String strategyVersion, Bytes32 inputDigest,
        BalanceSnapshot before, BalanceSnapshot after, String trigger) {
    public NettingRecord {
        if (roundId < 1 || height < 1 || time == null || strategyId == null || strategyVersion == null || inputDigest == null
                || before == null || after == null || trigger == null) {
            throw new IllegalArgumentException("netting record has a missing field");
        }
    }
}
