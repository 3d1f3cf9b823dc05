package io.astraclear.plugins.netting.multilateral;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot as a graph: banks numbered 0..n−1 in bank-id order, obligation {@code i} of the
 * snapshot an edge from its debtor to its creditor. Numbering by sorted id, not by first
 * appearance, keeps every later step a function of the canonical snapshot alone.
 */
final class ObligationGraph {
    final List<Obligation> obligations;
    final BankId[] banks;
    final int[] debtor;
    final int[] creditor;

    private ObligationGraph(List<Obligation> obligations, BankId[] banks, int[] debtor, int[] creditor) {
        this.obligations = obligations;
        this.banks = banks;
        this.debtor = debtor;
        this.creditor = creditor;
    }

    /**
     * @throws NettingLimitExceededException when the snapshot has more obligations or banks than allowed
     */
    static ObligationGraph of(String strategy, BalanceSnapshot snapshot, NettingLimits limits) {
        List<Obligation> obligations = snapshot.obligations();
        if (obligations.size() > limits.maxObligations()) {
            throw new NettingLimitExceededException(strategy + " netting refuses a snapshot of " + obligations.size()
                    + " obligations: the limit is " + limits.maxObligations() + " (" + NettingLimits.MAX_OBLIGATIONS + ")");
        }
        // Lookup only; the numbering comes from the sorted ids.
        Map<BankId, Integer> firstSeen = new HashMap<>();
        for (Obligation obligation : obligations) {
            firstSeen.putIfAbsent(obligation.debtor(), firstSeen.size());
            firstSeen.putIfAbsent(obligation.creditor(), firstSeen.size());
            if (firstSeen.size() > limits.maxBanks()) {
                throw new NettingLimitExceededException(strategy + " netting refuses a snapshot of more than " + limits.maxBanks()
                        + " banks (" + NettingLimits.MAX_BANKS + ")");
            }
        }
        BankId[] banks = firstSeen.keySet().toArray(new BankId[0]);
        Arrays.sort(banks);
        int[] numberOfFirstSeen = new int[banks.length];
        for (int number = 0; number < banks.length; number++) {
            numberOfFirstSeen[firstSeen.get(banks[number])] = number;
        }
        int[] debtor = new int[obligations.size()];
        int[] creditor = new int[obligations.size()];
        BankId previousDebtor = null;
        int previousDebtorNumber = -1;
        for (int i = 0; i < obligations.size(); i++) {
            Obligation obligation = obligations.get(i);
            if (obligation.debtor() != previousDebtor) { // canonical order: a debtor's balances are consecutive
                previousDebtor = obligation.debtor();
                previousDebtorNumber = numberOfFirstSeen[firstSeen.get(previousDebtor)];
            }
            debtor[i] = previousDebtorNumber;
            creditor[i] = numberOfFirstSeen[firstSeen.get(obligation.creditor())];
        }
        return new ObligationGraph(obligations, banks, debtor, creditor);
    }

    int bankCount() {
        return banks.length;
    }

    int obligationCount() {
        return debtor.length;
    }

    BigInteger amount(int obligation) {
        return obligations.get(obligation).amount().value();
    }

    /** Per bank, what it is owed minus what it owes. */
    BigInteger[] netPositions() {
        BigInteger[] positions = new BigInteger[banks.length];
        Arrays.fill(positions, BigInteger.ZERO);
        for (int i = 0; i < debtor.length; i++) {
            BigInteger amount = amount(i);
            positions[creditor[i]] = positions[creditor[i]].add(amount);
            positions[debtor[i]] = positions[debtor[i]].subtract(amount);
        }
        return positions;
    }
}
