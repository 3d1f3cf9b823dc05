package io.astraclear.plugins.netting.multilateral;

import static io.astraclear.plugins.netting.multilateral.Networks.A;
import static io.astraclear.plugins.netting.multilateral.Networks.B;
import static io.astraclear.plugins.netting.multilateral.Networks.C;
import static io.astraclear.plugins.netting.multilateral.Networks.D;
import static io.astraclear.plugins.netting.multilateral.Networks.owes;
import static io.astraclear.plugins.netting.multilateral.Networks.randomBalances;
import static io.astraclear.plugins.netting.multilateral.Networks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariant;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetPositionNettingTest {
    private final NetPositionNetting netPositions = new NetPositionNetting(NettingLimits.DEFAULTS);

    @Test
    void chainBecomesOneDirectObligationThatNovates() {
        BalanceSnapshot before = snapshot(owes(A, B, 100), owes(B, C, 100));

        NettingProposal proposal = netPositions.net(before);

        assertThat(proposal.balancesAfter().obligations()).containsExactly(owes(A, C, 100));
        assertThat(netPositions.novates()).isTrue();
        assertThat(NettingInvariants.check(netPositions, before, proposal).passed()).isTrue();
        NettingCheck asIfBurnOnly = NettingInvariants.check(netPositions.id(), netPositions.version(), false, before, proposal);
        assertThat(asIfBurnOnly).isInstanceOfSatisfying(NettingCheck.Violated.class,
                violated -> assertThat(violated.invariant()).isEqualTo(NettingInvariant.NO_NEW_OBLIGATION));
    }

    @Test
    void mixedNetworkSettlesAtTheLowerBoundWhereCycleCancellationCannot() {
        // net positions A −10, B +25, C −10, D −5 (see MultilateralNettingTest)
        BalanceSnapshot before = snapshot(owes(A, B, 50), owes(B, C, 40), owes(C, A, 30), owes(C, D, 20), owes(D, B, 25), owes(B, A, 10));

        BalanceSnapshot after = netPositions.net(before).balancesAfter();

        assertThat(after.obligations()).containsExactly(owes(A, B, 10), owes(C, B, 10), owes(D, B, 5));
        assertThat(NettingFigures.gross(after)).isEqualTo(25);
    }

    @Test
    void randomNetworksEndAtTheLowerBoundWithAtMostNMinusOneObligations() {
        Random random = new Random(11L);
        for (int run = 0; run < 500; run++) {
            List<Obligation> balances = randomBalances(random, 14);
            BalanceSnapshot before = BalanceSnapshot.canonical(balances);

            NettingProposal proposal = netPositions.net(before);

            assertThat(NettingInvariants.check(netPositions, before, proposal).passed()).as("run %d", run).isTrue();
            NettingFigures figures = NettingFigures.of(before, proposal.balancesAfter());
            assertThat(figures.grossAfter()).as("run %d", run).isEqualTo(figures.lowerBound());
            long banks = figures.netPositions().size();
            assertThat((long) proposal.balancesAfter().obligations().size()).as("run %d", run).isLessThanOrEqualTo(Math.max(0, banks - 1));
            List<Obligation> shuffled = new ArrayList<>(balances);
            Collections.shuffle(shuffled, random);
            assertThat(netPositions.net(BalanceSnapshot.canonical(shuffled))).isEqualTo(proposal);
        }
    }

    @Test
    void balancedNetworkLeavesNothing() {
        assertThat(netPositions.net(snapshot(owes(A, B, 7), owes(B, A, 7))).balancesAfter().obligations()).isEmpty();
    }
}
