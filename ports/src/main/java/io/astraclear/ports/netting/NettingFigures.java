package io.astraclear.ports.netting;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a netting round achieved, for the round's record, the API and the dashboard. Sums are
 * {@link BigInteger} because a total over many uint256 balances may itself exceed uint256.
 *
 * @param grossBefore      sum of all balances before netting
 * @param grossAfter       sum of all balances after netting
 * @param reductionPercent {@code (grossBefore − grossAfter) / grossBefore × 100}, two decimals, rounded
 *                         half-up; {@code 0.00} when there was nothing to net
 * @param lowerBound       sum of the positive net positions: the least gross any netting can reach
 * @param netPositions     per bank before netting (equal after, once {@link NettingInvariants} passed)
 * @param burns            per pair, {@code before − after} where positive, in canonical order
 * @param issues           per pair, {@code after − before} where positive; empty unless the strategy novates
 */
public record NettingFigures(
        BigInteger grossBefore,
        BigInteger grossAfter,
        BigDecimal reductionPercent,
        BigInteger lowerBound,
        SortedMap<BankId, BigInteger> netPositions,
        List<Obligation> burns,
        List<Obligation> issues) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public NettingFigures {
        netPositions = Collections.unmodifiableSortedMap(new TreeMap<>(netPositions));
        burns = List.copyOf(burns);
        issues = List.copyOf(issues);
    }

    public static NettingFigures of(BalanceSnapshot before, BalanceSnapshot after) {
        BigInteger grossBefore = gross(before);
        BigInteger grossAfter = gross(after);
        SortedMap<BankId, BigInteger> positions = NetPositions.of(before);
        BigInteger lowerBound = positions.values().stream()
                .filter(position -> position.signum() > 0)
                .reduce(BigInteger.ZERO, BigInteger::add);

        // Both lists are in canonical (debtor, creditor) order: walk them side by side.
        List<Obligation> was = before.obligations();
        List<Obligation> is = after.obligations();
        List<Obligation> burns = new ArrayList<>();
        List<Obligation> issues = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < was.size() || j < is.size()) {
            // order < 0: pair only before; > 0: only after; 0: in both
            int order = i == was.size() ? 1 : j == is.size() ? -1 : was.get(i).compareTo(is.get(j));
            Obligation pair = order <= 0 ? was.get(i) : is.get(j);
            Amount amountBefore = order <= 0 ? was.get(i++).amount() : Amount.ZERO;
            Amount amountAfter = order >= 0 ? is.get(j++).amount() : Amount.ZERO;
            int change = amountBefore.compareTo(amountAfter);
            if (change > 0) {
                burns.add(new Obligation(pair.debtor(), pair.creditor(), amountBefore.minus(amountAfter)));
            } else if (change < 0) {
                issues.add(new Obligation(pair.debtor(), pair.creditor(), amountAfter.minus(amountBefore)));
            }
        }
        return new NettingFigures(grossBefore, grossAfter, reductionPercent(grossBefore, grossAfter), lowerBound,
                positions, burns, issues);
    }

    public static BigInteger gross(BalanceSnapshot balances) {
        return balances.obligations().stream()
                .map(obligation -> obligation.amount().value())
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    static BigDecimal reductionPercent(BigInteger grossBefore, BigInteger grossAfter) {
        if (grossBefore.signum() == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return new BigDecimal(grossBefore.subtract(grossAfter))
                .multiply(HUNDRED)
                .divide(new BigDecimal(grossBefore), 2, RoundingMode.HALF_UP);
    }
}
