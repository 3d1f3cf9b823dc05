package io.astraclear.ports.storage;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import java.time.Instant;

/**
 * An applied netting round: which strategy ran on which input (digest of the canonical snapshot),
 * and the balances before and after. Figures (gross, net, reduction) derive from these.
 */
public record NettingRound(
        long roundId,
        Instant at,
        String strategyId,
        String strategyVersion,
        Bytes32 inputDigest,
        BalanceSnapshot before,
        BalanceSnapshot after,
        String actor) {

    public NettingRound {
        if (at == null || strategyId == null || strategyVersion == null || inputDigest == null
                || before == null || after == null || actor == null) {
            throw new IllegalArgumentException("netting round has a missing field");
        }
    }
}
