package io.astraclear.plugins.netting.bilateral;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NetPositions;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BilateralNettingTest {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    private static final BankId C = BankId.of("BANK_C");
    private static final int PROPERTY_RUNS = 200;

    private final BilateralNetting bilateral = new BilateralNetting();

    @Test
    void seedExampleLeavesAOwingB70AndReducesGrossBy46Percent() {
        BalanceSnapshot before = BalanceSnapshot.canonical(List.of(owes(A, B, 100), owes(B, A, 30)));

        NettingProposal proposal = bilateral.net(before);

        assertThat(proposal.balancesAfter().obligations()).containsExactly(owes(A, B, 70));
        NettingFigures figures = NettingFigures.of(before, proposal.balancesAfter());
        assertThat(figures.burns()).containsExactly(owes(A, B, 30), owes(B, A, 30));
        assertThat(figures.grossBefore()).isEqualTo(BigInteger.valueOf(130));
        assertThat(figures.grossAfter()).isEqualTo(BigInteger.valueOf(70));
        assertThat(figures.reductionPercent()).isEqualTo(new BigDecimal("46.15"));
        assertThat(NettingInvariants.check(bilateral, before, proposal).passed()).isTrue();
    }

    @Test
    void equalBalancesCancelOutAndOneWayBalancesStay() {
        BalanceSnapshot before = BalanceSnapshot.canonical(List.of(owes(A, B, 40), owes(B, A, 40), owes(B, C, 5)));

        assertThat(bilateral.net(before).balancesAfter().obligations()).containsExactly(owes(B, C, 5));
    }

    @Test
    void leavesACycleAloneBecauseNoPairOwesBothWays() {
        BalanceSnapshot cycle = BalanceSnapshot.canonical(List.of(owes(A, B, 10), owes(B, C, 10), owes(C, A, 10)));

        assertThat(bilateral.net(cycle).balancesAfter()).isEqualTo(cycle);
    }

    @Test
    void nettingNothingGivesNothing() {
        BalanceSnapshot empty = new BalanceSnapshot(List.of());

        assertThat(bilateral.net(empty).balancesAfter().obligations()).isEmpty();
    }

    @Test
    void handlesBalancesAtTheTopOfTheUint256Range() {
        Amount max = new Amount(Amount.MAX_UINT256);
        Amount almost = new Amount(Amount.MAX_UINT256.subtract(BigInteger.TEN));
        BalanceSnapshot before = BalanceSnapshot.canonical(List.of(new Obligation(A, B, max), new Obligation(B, A, almost)));

        assertThat(bilateral.net(before).balancesAfter().obligations()).containsExactly(owes(A, B, 10));
    }

    @Test
    void randomSnapshotsKeepEveryInvariantAndLeaveAtMostOneDirectionPerPair() {
        Random random = new Random(20_240_611L);
        for (int run = 0; run < PROPERTY_RUNS; run++) {
            BalanceSnapshot before = BalanceSnapshot.canonical(randomBalances(random));

            NettingProposal proposal = bilateral.net(before);

            NettingCheck check = NettingInvariants.check(bilateral, before, proposal);
            assertThat(check.passed()).as("run %d: %s", run, check).isTrue();
            BalanceSnapshot after = proposal.balancesAfter();
            assertThat(withoutZeros(NetPositions.of(after))).as("run %d", run).isEqualTo(withoutZeros(NetPositions.of(before)));
            Map<List<BankId>, Amount> remaining = new HashMap<>();
            after.obligations().forEach(o -> remaining.put(List.of(o.debtor(), o.creditor()), o.amount()));
            for (Obligation obligation : after.obligations()) {
                assertThat(remaining).as("run %d: both directions left for %s", run, obligation)
                        .doesNotContainKey(List.of(obligation.creditor(), obligation.debtor()));
            }
            NettingFigures figures = NettingFigures.of(before, after);
            assertThat(figures.grossAfter()).isLessThanOrEqualTo(figures.grossBefore());
            assertThat(figures.grossAfter()).isGreaterThanOrEqualTo(figures.lowerBound());
        }
    }

    @Test
    void sameBalancesInAnyInputOrderGiveByteIdenticalOutput() {
        Random random = new Random(7L);
        for (int run = 0; run < PROPERTY_RUNS; run++) {
            List<Obligation> balances = randomBalances(random);
            List<Obligation> shuffled = new ArrayList<>(balances);
            Collections.shuffle(shuffled, random);

            NettingProposal fromOriginal = bilateral.net(BalanceSnapshot.canonical(balances));
            NettingProposal fromShuffled = bilateral.net(BalanceSnapshot.canonical(shuffled));

            assertThat(fromShuffled).isEqualTo(fromOriginal);
            assertThat(fromShuffled.toString().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(fromOriginal.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void isListedInTheExtensionIndexThatPf4jReads() throws IOException {
        try (InputStream index = getClass().getResourceAsStream("/META-INF/extensions.idx")) {
            assertThat(index).as("META-INF/extensions.idx (annotation processor configured?)").isNotNull();
            assertThat(new String(index.readAllBytes(), StandardCharsets.UTF_8)).contains(BilateralNetting.class.getName());
        }
    }

    /** Up to 12 banks, random pairs in both directions, amounts from 1 to 2^70, some repeated to merge. */
    private static List<Obligation> randomBalances(Random random) {
        int banks = 2 + random.nextInt(11);
        int entries = random.nextInt(banks * banks + 1);
        List<Obligation> balances = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            int debtor = random.nextInt(banks);
            int creditor = random.nextInt(banks - 1);
            if (creditor >= debtor) {
                creditor++;
            }
            BigInteger amount = new BigInteger(1 + random.nextInt(70), random).add(BigInteger.ONE);
            balances.add(new Obligation(bank(debtor), bank(creditor), new Amount(amount)));
        }
        return balances;
    }

    private static Map<BankId, BigInteger> withoutZeros(Map<BankId, BigInteger> positions) {
        Map<BankId, BigInteger> nonZero = new java.util.TreeMap<>(positions);
        nonZero.values().removeIf(position -> position.signum() == 0);
        return nonZero;
    }

    private static BankId bank(int index) {
        return BankId.of("BANK_" + index);
    }

    private static Obligation owes(BankId debtor, BankId creditor, long amount) {
        return new Obligation(debtor, creditor, Amount.of(amount));
    }
}
