package io.astraclear.plugins.netting.bilateral;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Bilateral netting: for every pair of banks that owe each other, burn the smaller of the two
 * balances on both sides. A→B 100, B→A 30 ⇒ A owes B 70. Burns only, so every net position stays
 * as it was; the result depends on the canonical snapshot alone.
 */
@Extension
public final class BilateralNetting implements NettingStrategy {
    /** Version of the algorithm, not of the jar: it changes only when results would change. */
    static final String VERSION = "1.0.0";

    @Override
    public String id() {
        return "bilateral";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public NettingProposal net(BalanceSnapshot snapshot) {
        List<Obligation> obligations = snapshot.obligations();
        // Pairs are keyed by bank numbers, debtor × banks + creditor: distinct small longs, so the
        // lookups never collide the way hashes of similar ids (BANK_001, BANK_010) do. Lookup
        // only: the result is built in the snapshot's canonical order.
        Map<BankId, Integer> bankNumbers = new HashMap<>();
        for (Obligation obligation : obligations) {
            bankNumbers.putIfAbsent(obligation.debtor(), bankNumbers.size());
            bankNumbers.putIfAbsent(obligation.creditor(), bankNumbers.size());
        }
        long banks = bankNumbers.size();
        Map<Long, Amount> balances = new HashMap<>(obligations.size() * 2);
        long[] pairs = new long[obligations.size()];
        long[] reversePairs = new long[obligations.size()];
        for (int i = 0; i < obligations.size(); i++) {
            long debtor = bankNumbers.get(obligations.get(i).debtor());
            long creditor = bankNumbers.get(obligations.get(i).creditor());
            pairs[i] = debtor * banks + creditor;
            reversePairs[i] = creditor * banks + debtor;
            balances.put(pairs[i], obligations.get(i).amount());
        }
        List<Obligation> after = new ArrayList<>(obligations.size());
        for (int i = 0; i < obligations.size(); i++) {
            Obligation obligation = obligations.get(i);
            Amount reverse = balances.get(reversePairs[i]);
            Amount remaining = reverse == null
                    ? obligation.amount()
                    : obligation.amount().minus(obligation.amount().min(reverse));
            if (!remaining.isZero()) {
                after.add(remaining.equals(obligation.amount())
                        ? obligation
                        : new Obligation(obligation.debtor(), obligation.creditor(), remaining));
            }
        }
        return new NettingProposal(new BalanceSnapshot(after));
    }

    @Override
    public String toString() {
        return "BilateralNetting[" + id() + " " + VERSION + "]";
    }
}
