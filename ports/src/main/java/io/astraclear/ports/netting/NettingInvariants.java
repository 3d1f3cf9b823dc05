package io.astraclear.ports.netting;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.math.BigInteger;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Checks a netting proposal against the ledger invariants (ARCHITECTURE.md, Ledger): every bank's
 * net position unchanged, net positions summing to zero, and for burn-only strategies no balance
 * increased and no new obligation. Pure and deterministic: when several invariants break, the one
 * reported is the first in the order above, for the first bank or pair in canonical order.
 */
public final class NettingInvariants {
    private NettingInvariants() {}

    public static NettingCheck check(NettingStrategy strategy, BalanceSnapshot before, NettingProposal proposal) {
        return check(strategy.id(), strategy.version(), strategy.novates(), before, proposal);
    }

    public static NettingCheck check(
            String strategyId, String strategyVersion, boolean novates, BalanceSnapshot before, NettingProposal proposal) {
        String strategy = strategyId + " " + strategyVersion;
        if (before == null) {
            throw new IllegalArgumentException("the snapshot netting started from is missing");
        }
        if (proposal == null) {
            return violated(strategy, NettingInvariant.PROPOSAL_PRESENT, "the strategy returned no proposal");
        }
        BalanceSnapshot after = proposal.balancesAfter();

        SortedMap<BankId, BigInteger> positionsBefore = NetPositions.of(before);
        SortedMap<BankId, BigInteger> positionsAfter = NetPositions.of(after);
        TreeSet<BankId> banks = new TreeSet<>(positionsBefore.keySet());
        banks.addAll(positionsAfter.keySet());
        for (BankId bank : banks) {
            BigInteger was = positionsBefore.getOrDefault(bank, BigInteger.ZERO);
            BigInteger is = positionsAfter.getOrDefault(bank, BigInteger.ZERO);
            if (!was.equals(is)) {
                return violated(strategy, NettingInvariant.NET_POSITION_UNCHANGED,
                        "net position of " + bank + " changed from " + was + " to " + is);
            }
        }

        // Holds by construction for any snapshot; asserted again because the ledger relies on it.
        BigInteger sumBefore = NetPositions.sum(positionsBefore);
        BigInteger sumAfter = NetPositions.sum(positionsAfter);
        if (sumBefore.signum() != 0 || sumAfter.signum() != 0) {
            return violated(strategy, NettingInvariant.NET_POSITIONS_SUM_TO_ZERO,
                    "net positions sum to " + sumBefore + " before and " + sumAfter + " after, not zero");
        }

        if (!novates) {
            // Both lists are in canonical (debtor, creditor) order: walk them side by side.
            List<Obligation> was = before.obligations();
            int cursor = 0;
            for (Obligation obligation : after.obligations()) {
                while (cursor < was.size() && was.get(cursor).compareTo(obligation) < 0) {
                    cursor++;
                }
                if (cursor == was.size() || was.get(cursor).compareTo(obligation) != 0) {
                    return violated(strategy, NettingInvariant.NO_NEW_OBLIGATION,
                            obligation.debtor() + " owes " + obligation.creditor() + " " + obligation.amount()
                                    + " after netting but owed nothing before, and the strategy does not novate");
                }
                Amount previous = was.get(cursor).amount();
                if (obligation.amount().compareTo(previous) > 0) {
                    return violated(strategy, NettingInvariant.NO_BALANCE_INCREASE,
                            "balance " + obligation.debtor() + " owes " + obligation.creditor() + " grew from " + previous
                                    + " to " + obligation.amount() + ", and the strategy does not novate");
                }
            }
        }
        return new NettingCheck.Passed(strategy);
    }

    private static NettingCheck violated(String strategy, NettingInvariant invariant, String detail) {
        return new NettingCheck.Violated(strategy, invariant,
                "netting strategy " + strategy + " broke invariant " + invariant + ": " + detail);
    }
}
