package com.example.netting;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;

/**
 * A buggy third-party strategy: for each pair owing both ways it burns only the balance of the
 * bank with the smaller id, which moves net positions. The node must reject its result.
 */
@Extension
public class OneSidedNetting implements NettingStrategy {
    @Override
    public String id() {
        return "one-sided";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public NettingProposal net(BalanceSnapshot snapshot) {
        Map<String, Amount> balances = new TreeMap<>();
        for (Obligation obligation : snapshot.obligations()) {
            balances.put(obligation.debtor() + ">" + obligation.creditor(), obligation.amount());
        }
        List<Obligation> after = new ArrayList<>();
        for (Obligation obligation : snapshot.obligations()) {
            Amount reverse = balances.get(obligation.creditor() + ">" + obligation.debtor());
            boolean burnsThisSide = reverse != null && obligation.debtor().compareTo(obligation.creditor()) < 0;
            Amount remaining = burnsThisSide ? obligation.amount().minus(obligation.amount().min(reverse)) : obligation.amount();
            if (!remaining.isZero()) {
                after.add(new Obligation(obligation.debtor(), obligation.creditor(), remaining));
            }
        }
        return new NettingProposal(new BalanceSnapshot(after));
    }
}
