package io.astraclear.plugins.netting.multilateral;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test networks: named banks, random snapshots, and a bilateral netting to compare with. */
final class Networks {
    static final BankId A = BankId.of("BANK_A");
    static final BankId B = BankId.of("BANK_B");
    static final BankId C = BankId.of("BANK_C");
    static final BankId D = BankId.of("BANK_D");
    static final BankId E = BankId.of("BANK_E");

    private Networks() {}

    static Obligation owes(BankId debtor, BankId creditor, long amount) {
        return new Obligation(debtor, creditor, Amount.of(amount));
    }

    static BalanceSnapshot snapshot(Obligation... obligations) {
        return BalanceSnapshot.canonical(List.of(obligations));
    }

    static BankId bank(int index) {
        return BankId.of("BANK_" + index);
    }

    /**
     * Up to {@code maxBanks} banks, random pairs in both directions; amounts either small (1 to 9,
     * many ties and exact cancellations) or large (up to 2^70), some pairs repeated so they merge.
     */
    static List<Obligation> randomBalances(Random random, int maxBanks) {
        int banks = 2 + random.nextInt(maxBanks - 1);
        int entries = random.nextInt(banks * banks + 1);
        boolean small = random.nextBoolean();
        List<Obligation> balances = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            int debtor = random.nextInt(banks);
            int creditor = random.nextInt(banks - 1);
            if (creditor >= debtor) {
                creditor++;
            }
            BigInteger amount = small
                    ? BigInteger.valueOf(1 + random.nextInt(9))
                    : new BigInteger(1 + random.nextInt(70), random).add(BigInteger.ONE);
            balances.add(new Obligation(bank(debtor), bank(creditor), new Amount(amount)));
        }
        return balances;
    }

    /** Bilateral netting, written out again here so these tests do not depend on the other plugin. */
    static BalanceSnapshot bilateral(BalanceSnapshot before) {
        Map<List<BankId>, Amount> balances = new HashMap<>();
        before.obligations().forEach(o -> balances.put(List.of(o.debtor(), o.creditor()), o.amount()));
        List<Obligation> after = new ArrayList<>();
        for (Obligation o : before.obligations()) {
            Amount reverse = balances.getOrDefault(List.of(o.creditor(), o.debtor()), Amount.ZERO);
            Amount remaining = o.amount().minus(o.amount().min(reverse));
            if (!remaining.isZero()) {
                after.add(new Obligation(o.debtor(), o.creditor(), remaining));
            }
        }
        return new BalanceSnapshot(after);
    }
}
