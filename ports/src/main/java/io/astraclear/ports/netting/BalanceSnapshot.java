package io.astraclear.ports.netting;

import io.astraclear.ports.domain.Amount;
import java.util.List;
import java.util.TreeMap;

/**
 * The IOU balances a netting round starts from, canonically ordered (debtor, creditor), one entry
 * per pair, no zero amounts. The same balances always give the same snapshot.
 */
public record BalanceSnapshot(List<Obligation> obligations) {
    public BalanceSnapshot {
        obligations = List.copyOf(obligations);
        for (int i = 0; i < obligations.size(); i++) {
            Obligation obligation = obligations.get(i);
            if (obligation.amount().isZero()) {
                throw new IllegalArgumentException("snapshot must not hold zero balances: " + obligation);
            }
            if (i > 0 && obligations.get(i - 1).compareTo(obligation) >= 0) {
                throw new IllegalArgumentException("snapshot must be sorted by (debtor, creditor) without duplicates at index " + i);
            }
        }
    }

    /** Sorts and merges arbitrary balances into canonical form, dropping zeros. */
    public static BalanceSnapshot canonical(List<Obligation> balances) {
        TreeMap<Obligation, Amount> merged = new TreeMap<>();
        for (Obligation obligation : balances) {
            merged.merge(obligation, obligation.amount(), Amount::plus);
        }
        return new BalanceSnapshot(merged.entrySet().stream()
                .filter(entry -> !entry.getValue().isZero())
                .map(entry -> new Obligation(entry.getKey().debtor(), entry.getKey().creditor(), entry.getValue()))
                .toList());
    }
}
