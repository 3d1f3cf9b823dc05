package io.astraclear.node.hub;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.util.ArrayList;
import java.util.List;

/** Pairwise netting for the state machine's tests (the real plugins stay off the host's class path). */
final class TestBilateralNetting implements NettingStrategy {
    @Override
    public String id() {
        return "test-bilateral";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public NettingProposal net(BalanceSnapshot snapshot) {
        List<Obligation> after = new ArrayList<>();
        for (Obligation obligation : snapshot.obligations()) {
            Amount reverse = snapshot.obligations().stream()
                    .filter(o -> o.debtor().equals(obligation.creditor()) && o.creditor().equals(obligation.debtor()))
                    .map(Obligation::amount).findFirst().orElse(Amount.ZERO);
            Amount left = obligation.amount().compareTo(reverse) > 0 ? obligation.amount().minus(reverse) : Amount.ZERO;
            if (!left.isZero()) {
                after.add(new Obligation(obligation.debtor(), obligation.creditor(), left));
            }
        }
        return new NettingProposal(BalanceSnapshot.canonical(after));
    }
}
