package io.astraclear.ports.netting;

import static io.astraclear.ports.netting.NettingInvariantsTest.owes;
import static io.astraclear.ports.netting.NettingInvariantsTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NettingFiguresTest {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    private static final BankId C = BankId.of("BANK_C");

    @Test
    void seedExampleNetsGross130To70() {
        BalanceSnapshot before = snapshot(owes(A, B, 100), owes(B, A, 30));
        BalanceSnapshot after = snapshot(owes(A, B, 70));

        NettingFigures figures = NettingFigures.of(before, after);

        assertThat(figures.grossBefore()).isEqualTo(BigInteger.valueOf(130));
        assertThat(figures.grossAfter()).isEqualTo(BigInteger.valueOf(70));
        assertThat(figures.reductionPercent()).isEqualTo(new BigDecimal("46.15"));
        assertThat(figures.lowerBound()).isEqualTo(BigInteger.valueOf(70));
        assertThat(figures.netPositions()).containsExactly(
                Map.entry(A, BigInteger.valueOf(-70)), Map.entry(B, BigInteger.valueOf(70)));
        assertThat(figures.burns()).containsExactly(owes(A, B, 30), owes(B, A, 30));
        assertThat(figures.issues()).isEmpty();
    }

    @Test
    void lowerBoundIsTheSumOfPositiveNetPositionsBelowWhatBilateralReaches() {
        // a cycle A→B→C→A of 10 each: bilateral cannot touch it, multilateral clears it entirely
        BalanceSnapshot cycle = snapshot(owes(A, B, 10), owes(B, C, 10), owes(C, A, 10));

        NettingFigures figures = NettingFigures.of(cycle, cycle);

        assertThat(figures.lowerBound()).isZero();
        assertThat(figures.grossAfter()).isEqualTo(BigInteger.valueOf(30));
        assertThat(figures.reductionPercent()).isEqualTo(new BigDecimal("0.00"));
        assertThat(figures.burns()).isEmpty();
    }

    @Test
    void reductionRoundsHalfUpToTwoDecimals() {
        assertThat(NettingFigures.reductionPercent(BigInteger.valueOf(3), BigInteger.valueOf(1))).isEqualTo(new BigDecimal("66.67"));
        assertThat(NettingFigures.reductionPercent(BigInteger.valueOf(8), BigInteger.valueOf(7))).isEqualTo(new BigDecimal("12.50"));
        assertThat(NettingFigures.reductionPercent(BigInteger.valueOf(80_000), BigInteger.valueOf(79_999)))
                .isEqualTo(new BigDecimal("0.00"));
        assertThat(NettingFigures.reductionPercent(BigInteger.valueOf(20_000), BigInteger.valueOf(19_999)))
                .isEqualTo(new BigDecimal("0.01")); // exactly 0.005 rounds up
        assertThat(NettingFigures.reductionPercent(BigInteger.valueOf(2_000), BigInteger.valueOf(1_999)))
                .isEqualTo(new BigDecimal("0.05"));
        assertThat(NettingFigures.reductionPercent(BigInteger.ZERO, BigInteger.ZERO)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void grossSumsBeyondUint256WithoutOverflow() {
        Amount max = new Amount(Amount.MAX_UINT256);
        BalanceSnapshot huge = snapshot(
                new Obligation(A, B, max), new Obligation(B, C, max), new Obligation(C, A, max));

        assertThat(NettingFigures.gross(huge)).isEqualTo(Amount.MAX_UINT256.multiply(BigInteger.valueOf(3)));
    }

    @Test
    void novatedObligationsShowAsIssuesBesideTheBurns() {
        BalanceSnapshot before = snapshot(owes(A, B, 50), owes(B, C, 50));
        BalanceSnapshot after = snapshot(owes(A, C, 50));

        NettingFigures figures = NettingFigures.of(before, after);

        assertThat(figures.burns()).containsExactly(owes(A, B, 50), owes(B, C, 50));
        assertThat(figures.issues()).containsExactly(owes(A, C, 50));
        assertThat(figures.reductionPercent()).isEqualTo(new BigDecimal("50.00"));
    }

    @Test
    void burnsAndIssuesTurnAnyBeforeIntoItsAfter() {
        Random random = new Random(5L);
        for (int run = 0; run < 200; run++) {
            BalanceSnapshot before = randomSnapshot(random);
            BalanceSnapshot after = randomSnapshot(random);

            NettingFigures figures = NettingFigures.of(before, after);

            // apply: before − burns + issues, pair by pair
            TreeMap<Obligation, BigInteger> balances = new TreeMap<>();
            before.obligations().forEach(o -> balances.merge(o, o.amount().value(), BigInteger::add));
            figures.burns().forEach(o -> balances.merge(o, o.amount().value().negate(), BigInteger::add));
            figures.issues().forEach(o -> balances.merge(o, o.amount().value(), BigInteger::add));
            List<Obligation> applied = balances.entrySet().stream()
                    .filter(entry -> entry.getValue().signum() != 0)
                    .map(entry -> new Obligation(entry.getKey().debtor(), entry.getKey().creditor(), new Amount(entry.getValue())))
                    .toList();
            assertThat(applied).as("run %d", run).isEqualTo(after.obligations());
            assertThat(NettingFigures.gross(new BalanceSnapshot(figures.burns()))
                    .subtract(NettingFigures.gross(new BalanceSnapshot(figures.issues()))))
                    .isEqualTo(figures.grossBefore().subtract(figures.grossAfter()));
        }
    }

    private static BalanceSnapshot randomSnapshot(Random random) {
        List<Obligation> balances = new ArrayList<>();
        for (int i = random.nextInt(12); i > 0; i--) {
            int debtor = random.nextInt(4);
            int creditor = (debtor + 1 + random.nextInt(3)) % 4;
            balances.add(owes(BankId.of("BANK_" + debtor), BankId.of("BANK_" + creditor), 1 + random.nextInt(50)));
        }
        return snapshot(balances.toArray(Obligation[]::new));
    }
}
