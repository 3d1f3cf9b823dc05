package io.astraclear.node.testing;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.util.ArrayList;
import java.util.List;

/**
 * Pairwise netting for node-core's tests, as the bilateral plugin does it (the plugin jars stay off
 * node-core's test class path): the smaller of each pair's two balances burns on both sides.
 */
public final class TestNetting implements NettingStrategy {
    public static final String ID = "test-bilateral";
    public static final String VERSION = "1.0.0";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
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
