package io.astraclear.plugins.netting.multilateral;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two ways to know the optimum that share nothing with the plugin's algorithm: exhaustive search
 * over every burn vector (tiny networks), and the optimality certificate of minimum-cost flow (any
 * size): balances left are of least gross exactly when their residual graph has no cycle of negative
 * cost.
 */
final class OptimumReference {
    private OptimumReference() {}

    /** The least gross any burn-only netting can leave, by trying every burn vector; amounts must be tiny. */
    static BigInteger leastGrossByExhaustiveSearch(BalanceSnapshot before) {
        List<Obligation> obligations = before.obligations();
        Map<BankId, Integer> numbers = new HashMap<>();
        for (Obligation o : obligations) {
            numbers.putIfAbsent(o.debtor(), numbers.size());
            numbers.putIfAbsent(o.creditor(), numbers.size());
        }
        int[] capacity = obligations.stream().mapToInt(o -> o.amount().value().intValueExact()).toArray();
        int[] debtor = obligations.stream().mapToInt(o -> numbers.get(o.debtor())).toArray();
        int[] creditor = obligations.stream().mapToInt(o -> numbers.get(o.creditor())).toArray();
        long combinations = 1;
        for (int c : capacity) {
            combinations *= c + 1;
            if (combinations > 5_000_000) {
                throw new IllegalArgumentException("too many burn vectors to try");
            }
        }
        int[] burn = new int[capacity.length];
        int best = 0;
        for (long index = 0; index < combinations; index++) {
            long rest = index;
            int total = 0;
            for (int e = 0; e < capacity.length; e++) {
                burn[e] = (int) (rest % (capacity[e] + 1));
                rest /= capacity[e] + 1;
                total += burn[e];
            }
            if (total > best && isCirculation(burn, debtor, creditor, numbers.size())) {
                best = total;
            }
        }
        return NettingFigures.gross(before).subtract(BigInteger.valueOf(best));
    }

    private static boolean isCirculation(int[] burn, int[] debtor, int[] creditor, int banks) {
        int[] balance = new int[banks];
        for (int e = 0; e < burn.length; e++) {
            balance[debtor[e]] -= burn[e];
            balance[creditor[e]] += burn[e];
        }
        for (int b : balance) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the balances that were burned only in part (0 < left < before) form a forest, ignoring
     * direction: no cycle among them, so at most n − 1 of them. Union-find over the banks.
     */
    static boolean partlyBurnedFormAForest(BalanceSnapshot before, BalanceSnapshot after) {
        Map<List<BankId>, BigInteger> left = new HashMap<>();
        after.obligations().forEach(o -> left.put(List.of(o.debtor(), o.creditor()), o.amount().value()));
        Map<BankId, BankId> parent = new HashMap<>();
        for (Obligation o : before.obligations()) {
            BigInteger remaining = left.getOrDefault(List.of(o.debtor(), o.creditor()), BigInteger.ZERO);
            if (remaining.signum() > 0 && remaining.compareTo(o.amount().value()) < 0) {
                BankId debtorRoot = root(parent, o.debtor());
                BankId creditorRoot = root(parent, o.creditor());
                if (debtorRoot.equals(creditorRoot)) {
                    return false;
                }
                parent.put(debtorRoot, creditorRoot);
            }
        }
        return true;
    }

    private static BankId root(Map<BankId, BankId> parent, BankId bank) {
        BankId root = bank;
        while (parent.containsKey(root)) {
            root = parent.get(root);
        }
        return root;
    }

    /**
     * Whether the burn-only result {@code after} leaves the least gross possible: no cycle of negative
     * cost in its residual graph, where a pair left below its original balance may grow back (cost
     * +1, debtor → creditor) and a pair with something left may shrink (cost −1, creditor → debtor).
     * Bellman-Ford from a virtual source at distance 0 to every bank.
     */
    static boolean isLeastGross(BalanceSnapshot before, BalanceSnapshot after) {
        TreeSet<BankId> bankSet = new TreeSet<>();
        before.obligations().forEach(o -> {
            bankSet.add(o.debtor());
            bankSet.add(o.creditor());
        });
        List<BankId> banks = new ArrayList<>(bankSet);
        Map<List<BankId>, BigInteger> left = new HashMap<>();
        after.obligations().forEach(o -> left.put(List.of(o.debtor(), o.creditor()), o.amount().value()));
        List<int[]> arcs = new ArrayList<>(); // from, to, cost
        for (Obligation o : before.obligations()) {
            int debtor = banks.indexOf(o.debtor());
            int creditor = banks.indexOf(o.creditor());
            BigInteger remaining = left.getOrDefault(List.of(o.debtor(), o.creditor()), BigInteger.ZERO);
            if (remaining.compareTo(o.amount().value()) < 0) {
                arcs.add(new int[] {debtor, creditor, 1});
            }
            if (remaining.signum() > 0) {
                arcs.add(new int[] {creditor, debtor, -1});
            }
        }
        long[] distance = new long[banks.size()];
        for (int round = 0; round <= banks.size(); round++) {
            boolean changed = false;
            for (int[] arc : arcs) {
                if (distance[arc[0]] + arc[2] < distance[arc[1]]) {
                    distance[arc[1]] = distance[arc[0]] + arc[2];
                    changed = true;
                }
            }
            if (!changed) {
                return true;
            }
        }
        return false;
    }
}
