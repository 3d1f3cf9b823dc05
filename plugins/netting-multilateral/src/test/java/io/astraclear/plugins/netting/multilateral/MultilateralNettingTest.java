package io.astraclear.plugins.netting.multilateral;

import static io.astraclear.plugins.netting.multilateral.Networks.A;
import static io.astraclear.plugins.netting.multilateral.Networks.B;
import static io.astraclear.plugins.netting.multilateral.Networks.C;
import static io.astraclear.plugins.netting.multilateral.Networks.D;
import static io.astraclear.plugins.netting.multilateral.Networks.E;
import static io.astraclear.plugins.netting.multilateral.Networks.bank;
import static io.astraclear.plugins.netting.multilateral.Networks.bilateral;
import static io.astraclear.plugins.netting.multilateral.Networks.owes;
import static io.astraclear.plugins.netting.multilateral.Networks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples with answers computed by hand, the limits, and what PF4J needs to find the plugin. */
class MultilateralNettingTest {
    private final MultilateralNetting multilateral = new MultilateralNetting(NettingLimits.DEFAULTS);

    @Test
    void threeBankCycleIsBurnedEntirelyWhereBilateralBurnsNothing() {
        BalanceSnapshot before = snapshot(owes(A, B, 100), owes(B, C, 100), owes(C, A, 100));

        NettingProposal proposal = multilateral.net(before);

        assertThat(proposal.balancesAfter().obligations()).isEmpty();
        NettingFigures figures = NettingFigures.of(before, proposal.balancesAfter());
        assertThat(figures.burns()).containsExactly(owes(A, B, 100), owes(B, C, 100), owes(C, A, 100));
        assertThat(figures.reductionPercent()).isEqualTo(new BigDecimal("100.00"));
        assertThat(bilateral(before)).isEqualTo(before);
        assertThat(NettingInvariants.check(multilateral, before, proposal).passed()).isTrue();
    }

    @Test
    void seedPairLeavesAOwingB70LikeBilateral() {
        BalanceSnapshot before = snapshot(owes(A, B, 100), owes(B, A, 30));

        NettingProposal proposal = multilateral.net(before);

        assertThat(proposal.balancesAfter().obligations()).containsExactly(owes(A, B, 70));
        assertThat(NettingFigures.of(before, proposal.balancesAfter()).reductionPercent()).isEqualTo(new BigDecimal("46.15"));
    }

    @Test
    void chainWithoutCycleBurnsNothing() {
        BalanceSnapshot before = snapshot(owes(A, B, 100), owes(B, C, 60), owes(C, D, 80), owes(A, D, 5));

        assertThat(multilateral.net(before).balancesAfter()).isEqualTo(before);
    }

    /**
     * A owes B 50, B owes C 40, C owes A 30, C owes D 20, D owes B 25, B owes A 10 (gross 175). Net
     * positions: A −10, B +25, C −10, D −5; the lower bound is 25. A and D can pay B directly
     * (10 + 5), but C has no balance with B: its 10 must travel two hops (C→A→B or C→D→B), so the
     * least gross left is 10 + 5 + 2 × 10 = 35. Bilateral only offsets A↔B and leaves 155.
     */
    @Test
    void mixedNetworkReachesTheHandComputedOptimumAboveTheLowerBound() {
        BalanceSnapshot before = snapshot(owes(A, B, 50), owes(B, C, 40), owes(C, A, 30), owes(C, D, 20), owes(D, B, 25), owes(B, A, 10));

        NettingProposal proposal = multilateral.net(before);

        NettingFigures figures = NettingFigures.of(before, proposal.balancesAfter());
        assertThat(figures.grossBefore()).isEqualTo(175);
        assertThat(figures.lowerBound()).isEqualTo(25);
        assertThat(figures.grossAfter()).isEqualTo(35);
        assertThat(NettingFigures.gross(bilateral(before))).isEqualTo(155);
        assertThat(OptimumReference.leastGrossByExhaustiveSearch(snapshot(
                owes(A, B, 10), owes(B, C, 8), owes(C, A, 6), owes(C, D, 4), owes(D, B, 5), owes(B, A, 2))))
                .as("the same network at a fifth of the amounts, by trying all 62,370 burn vectors")
                .isEqualTo(BigInteger.valueOf(35 / 5));
        assertThat(NettingInvariants.check(multilateral, before, proposal).passed()).isTrue();
    }

    /**
     * A owes B 10, B owes C 10, C owes A 10, B owes A 10. Cancelling the two-bank cycle A↔B first (as
     * bilateral netting, or a greedy search that finds it first, would) uses up A→B and strands the
     * three-bank cycle: 20 left. Burning the three-bank cycle instead leaves only B owing A 10.
     */
    @Test
    void prefersTheCycleThatFreesMoreOverTheFirstOneFound() {
        BalanceSnapshot before = snapshot(owes(A, B, 10), owes(B, C, 10), owes(C, A, 10), owes(B, A, 10));

        NettingProposal proposal = multilateral.net(before);

        assertThat(proposal.balancesAfter().obligations()).containsExactly(owes(B, A, 10));
        assertThat(NettingFigures.gross(bilateral(before))).isEqualTo(20);
    }

    /**
     * A owes B 100, B owes A 30, B owes C 40, C owes D 60, D owes E 45, E owes A 40 (gross 315). Net
     * positions: A −30, B +30, C −20, D +15, E +5; lower bound 50. A pays B directly; C's only balance
     * is with D, and D must pass E's 5 on, because C and E have none: A→B 30, C→D 20, D→E 5, gross 55.
     * That burns the A↔B offset (30 each way) and the ring A→B→C→D→E→A by 40 in one round.
     */
    @Test
    void offsetsPairsAndRingsTogether() {
        BalanceSnapshot before = snapshot(owes(A, B, 100), owes(B, A, 30), owes(B, C, 40), owes(C, D, 60), owes(D, E, 45), owes(E, A, 40));

        BalanceSnapshot after = multilateral.net(before).balancesAfter();

        assertThat(after.obligations()).containsExactly(owes(A, B, 30), owes(C, D, 20), owes(D, E, 5));
        assertThat(NettingFigures.of(before, after).lowerBound()).isEqualTo(50);
    }

    @Test
    void nettingNothingGivesNothing() {
        assertThat(multilateral.net(new BalanceSnapshot(List.of())).balancesAfter().obligations()).isEmpty();
    }

    /**
     * Every balance at or near 2^256 − 1 (their sums exceed uint256): the ring A→B→C→A and the ring
     * A→B→C→D→A share A→B and B→C; burning 2 on the first and max − 2 on the second leaves C owing A
     * max − 2 and D 2, which is C's whole net debt paid directly: the lower bound.
     */
    @Test
    void handlesBalancesAtTheTopOfTheUint256Range() {
        Amount max = new Amount(Amount.MAX_UINT256);
        Amount maxMinusTwo = new Amount(Amount.MAX_UINT256.subtract(BigInteger.TWO));
        BalanceSnapshot before = BalanceSnapshot.canonical(List.of(
                new Obligation(A, B, max), new Obligation(B, C, max), new Obligation(C, A, max), new Obligation(C, D, max),
                new Obligation(D, A, maxMinusTwo)));

        NettingProposal proposal = multilateral.net(before);

        assertThat(proposal.balancesAfter().obligations()).containsExactly(new Obligation(C, A, maxMinusTwo), owes(C, D, 2));
        assertThat(NettingInvariants.check(multilateral, before, proposal).passed()).isTrue();
    }

    @Test
    void refusesMoreBanksThanItsLimitNamingTheLimit() {
        MultilateralNetting limited = new MultilateralNetting(new NettingLimits(3, 100, Duration.ofSeconds(1)));
        BalanceSnapshot fourBanks = snapshot(owes(A, B, 1), owes(C, D, 1));

        assertThatThrownBy(() -> limited.net(fourBanks))
                .isInstanceOf(NettingLimitExceededException.class)
                .hasMessage("multilateral netting refuses a snapshot of more than 3 banks (astra.netting.multilateral.max-banks)");
    }

    @Test
    void refusesMoreObligationsThanItsLimitNamingTheLimit() {
        MultilateralNetting limited = new MultilateralNetting(new NettingLimits(10, 2, Duration.ofSeconds(1)));
        BalanceSnapshot three = snapshot(owes(A, B, 1), owes(B, C, 1), owes(C, A, 1));

        assertThatThrownBy(() -> limited.net(three))
                .isInstanceOf(NettingLimitExceededException.class)
                .hasMessage("multilateral netting refuses a snapshot of 3 obligations: the limit is 2 (astra.netting.multilateral.max-obligations)");
    }

    @Test
    void abandonsARoundThatOutrunsItsTimeBudgetInsteadOfReturningPartOfIt() {
        MultilateralNetting hurried = new MultilateralNetting(new NettingLimits(1_000, 1_000_000, Duration.ofNanos(1)));
        List<Obligation> ring = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ring.add(new Obligation(bank(i), bank((i + 1) % 200), Amount.of(1 + i)));
        }
        BalanceSnapshot before = BalanceSnapshot.canonical(ring);

        assertThatThrownBy(() -> hurried.net(before))
                .isInstanceOf(NettingLimitExceededException.class)
                .hasMessageStartingWith("multilateral netting abandoned the round after ")
                .hasMessageContaining("over its time budget of 0 ms (astra.netting.multilateral.time-budget-millis)")
                .hasMessageEndingWith("; nothing was netted");
    }

    @Test
    void limitsComeFromSystemPropertiesOrEnvironmentAndRejectNonsense() {
        assertThat(NettingLimits.configured(key -> null)).isEqualTo(NettingLimits.DEFAULTS);
        Map<String, String> set = Map.of("astra.netting.multilateral.max-banks", "20", "astra.netting.multilateral.time-budget-millis", " 250 ");
        assertThat(NettingLimits.configured(set::get)).isEqualTo(new NettingLimits(20, NettingLimits.DEFAULT_MAX_OBLIGATIONS, Duration.ofMillis(250)));
        assertThat(NettingLimits.environmentName("astra.netting.multilateral.max-obligations")).isEqualTo("ASTRA_NETTING_MULTILATERAL_MAX_OBLIGATIONS");
        assertThatThrownBy(() -> NettingLimits.configured(key -> key.endsWith("max-banks") ? "many" : null))
                .hasMessage("astra.netting.multilateral.max-banks (ASTRA_NETTING_MULTILATERAL_MAX_BANKS) must be a whole number: many");
        assertThatThrownBy(() -> NettingLimits.configured(key -> key.endsWith("max-obligations") ? "0" : null))
                .hasMessage("astra.netting.multilateral.max-obligations (ASTRA_NETTING_MULTILATERAL_MAX_OBLIGATIONS) must be between 1 and 2147483647: 0");
    }

    @Test
    void isBurnOnlyAndListedInTheExtensionIndexThatPf4jReads() throws IOException {
        assertThat(multilateral.id()).isEqualTo("multilateral");
        assertThat(multilateral.novates()).isFalse();
        try (InputStream index = getClass().getResourceAsStream("/META-INF/extensions.idx")) {
            assertThat(index).as("META-INF/extensions.idx (annotation processor configured?)").isNotNull();
            assertThat(new String(index.readAllBytes(), StandardCharsets.UTF_8))
                    .contains(MultilateralNetting.class.getName())
                    .contains(NetPositionNetting.class.getName());
        }
    }

}
