package io.astraclear.ports.netting;

/**
 * What a strategy proposes: the balances after netting, in canonical form. The node derives the
 * burns (before − after per pair), checks every ledger invariant and rejects a proposal that breaks one.
 */
public record NettingProposal(BalanceSnapshot balancesAfter) {
    public NettingProposal {
        if (balancesAfter == null) {
            throw new IllegalArgumentException("proposal needs the balances after netting");
        }
    }
}
