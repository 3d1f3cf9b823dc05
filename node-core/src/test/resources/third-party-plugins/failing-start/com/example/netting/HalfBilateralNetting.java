package com.example.netting;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;

/**
 * A third party's netting plugin, written against astra-ports only: burns half (rounded down) of
 * what bilateral netting would burn for each pair. The test compiles it with javac, packages it as
 * a jar and drops it into the node's plugins directory.
 */
@Extension
public class HalfBilateralNetting implements NettingStrategy {
    @Override
    public String id() {
        return "half-bilateral";
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
            BigInteger burn = reverse == null ? BigInteger.ZERO : obligation.amount().min(reverse).value().shiftRight(1);
            Amount remaining = obligation.amount().minus(new Amount(burn));
            if (!remaining.isZero()) {
                after.add(new Obligation(obligation.debtor(), obligation.creditor(), remaining));
            }
        }
        return new NettingProposal(new BalanceSnapshot(after));
    }
}
