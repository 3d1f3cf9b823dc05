package io.astraclear.plugins.netting.multilateral;

import static io.astraclear.plugins.netting.multilateral.Networks.bank;
import static io.astraclear.plugins.netting.multilateral.Networks.bilateral;
import static io.astraclear.plugins.netting.multilateral.Networks.randomBalances;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random networks: the node's invariants, never worse than bilateral, deterministic, and exactly optimal. */
class MultilateralNettingPropertiesTest {
    private static final int PROPERTY_RUNS = 500;

    private final MultilateralNetting multilateral = new MultilateralNetting(NettingLimits.DEFAULTS);

    @Test
    void randomNetworksKeepEveryInvariantAndNeverDoWorseThanBilateral() {
        Random random = new Random(20_240_611L);
        for (int run = 0; run < PROPERTY_RUNS; run++) {
            BalanceSnapshot before = BalanceSnapshot.canonical(randomBalances(random, 12));

            NettingProposal proposal = multilateral.net(before);

            // net positions unchanged, none below zero, none increased, no new pair: the node's own check
            NettingCheck check = NettingInvariants.check(multilateral, before, proposal);
            assertThat(check.passed()).as("run %d: %s", run, check).isTrue();
            NettingFigures figures = NettingFigures.of(before, proposal.balancesAfter());
            assertThat(figures.issues()).as("run %d", run).isEmpty();
            assertThat(figures.grossAfter()).as("run %d: never worse than bilateral", run)
                    .isLessThanOrEqualTo(NettingFigures.gross(bilateral(before)));
            assertThat(figures.grossAfter()).as("run %d: never below the lower bound", run).isGreaterThanOrEqualTo(figures.lowerBound());
        }
    }

    @Test
    void everyResultCarriesTheOptimalityCertificateOfMinimumCostFlow() {
        Random random = new Random(31L);
        for (int run = 0; run < PROPERTY_RUNS; run++) {
            BalanceSnapshot before = BalanceSnapshot.canonical(randomBalances(random, 16));

            BalanceSnapshot after = multilateral.net(before).balancesAfter();

            assertThat(OptimumReference.isLeastGross(before, after)).as("run %d: a negative cycle is left in %s", run, after).isTrue();
            assertThat(OptimumReference.partlyBurnedFormAForest(before, after)).as("run %d: %s", run, after).isTrue();
        }
    }

    @Test
    void matchesExhaustiveSearchOnTinyNetworks() {
        Random random = new Random(5L);
        int compared = 0;
        while (compared < 300) {
            int banks = 2 + random.nextInt(4);
            List<Obligation> balances = new ArrayList<>();
            int entries = 1 + random.nextInt(8);
            for (int i = 0; i < entries; i++) {
                int debtor = random.nextInt(banks);
                int creditor = (debtor + 1 + random.nextInt(banks - 1)) % banks;
                balances.add(new Obligation(bank(debtor), bank(creditor), Amount.of(1 + random.nextInt(4))));
            }
            BalanceSnapshot before = BalanceSnapshot.canonical(balances);
            long burnVectors = before.obligations().stream().mapToLong(o -> o.amount().value().longValueExact() + 1).reduce(1, Math::multiplyExact);
            if (burnVectors > 2_000_000) {
                continue;
            }

            BigInteger grossAfter = NettingFigures.gross(multilateral.net(before).balancesAfter());

            assertThat(grossAfter).as("case %d: %s", compared, before).isEqualTo(OptimumReference.leastGrossByExhaustiveSearch(before));
            compared++;
        }
    }

    @Test
    void sameBalancesInAnyInputOrderGiveByteIdenticalOutput() {
        Random random = new Random(7L);
        for (int run = 0; run < PROPERTY_RUNS; run++) {
            List<Obligation> balances = randomBalances(random, 12);
            List<Obligation> shuffled = new ArrayList<>(balances);
            Collections.shuffle(shuffled, random);

            NettingProposal fromOriginal = multilateral.net(BalanceSnapshot.canonical(balances));
            NettingProposal fromShuffled = multilateral.net(BalanceSnapshot.canonical(shuffled));
            NettingProposal again = multilateral.net(BalanceSnapshot.canonical(balances));

            assertThat(fromShuffled).isEqualTo(fromOriginal).isEqualTo(again);
            assertThat(fromShuffled.toString().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(fromOriginal.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sparse and large: 1,000 banks, each owing 2 to 10 random others; augmenting paths are long here. */
    @Test
    void sparseNetworksOfAThousandBanksAreOptimal() {
        Random random = new Random(1_000L);
        for (int degree : new int[] {2, 3, 10}) {
            List<Obligation> balances = new ArrayList<>();
            for (int debtor = 0; debtor < 1_000; debtor++) {
                for (int k = 0; k < degree; k++) {
                    int creditor = random.nextInt(1_000);
                    if (creditor != debtor) {
                        balances.add(new Obligation(bank(debtor), bank(creditor), new Amount(new BigInteger(70, random).add(BigInteger.ONE))));
                    }
                }
            }
            BalanceSnapshot before = BalanceSnapshot.canonical(balances);

            NettingProposal proposal = multilateral.net(before);

            assertThat(NettingInvariants.check(multilateral, before, proposal).passed()).isTrue();
            assertThat(OptimumReference.isLeastGross(before, proposal.balancesAfter())).as("degree %d", degree).isTrue();
            assertThat(OptimumReference.partlyBurnedFormAForest(before, proposal.balancesAfter())).as("degree %d", degree).isTrue();
            assertThat(NettingFigures.gross(proposal.balancesAfter())).isLessThan(NettingFigures.gross(bilateral(before)));
        }
    }

    /** Dense and larger: 60 banks, every pair owing both ways, amounts up to 2^80. */
    @Test
    void denseNetworksAreOptimalToo() {
        Random random = new Random(60L);
        for (int run = 0; run < 5; run++) {
            List<Obligation> balances = new ArrayList<>();
            for (int debtor = 0; debtor < 60; debtor++) {
                for (int creditor = 0; creditor < 60; creditor++) {
                    if (debtor != creditor && random.nextInt(4) > 0) {
                        balances.add(new Obligation(bank(debtor), bank(creditor), new Amount(new BigInteger(80, random).add(BigInteger.ONE))));
                    }
                }
            }
            BalanceSnapshot before = BalanceSnapshot.canonical(balances);

            NettingProposal proposal = multilateral.net(before);

            assertThat(NettingInvariants.check(multilateral, before, proposal).passed()).isTrue();
            assertThat(OptimumReference.isLeastGross(before, proposal.balancesAfter())).as("run %d", run).isTrue();
            assertThat(OptimumReference.partlyBurnedFormAForest(before, proposal.balancesAfter())).as("run %d", run).isTrue();
        }
    }
}
