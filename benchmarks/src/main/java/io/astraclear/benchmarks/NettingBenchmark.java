package io.astraclear.benchmarks;

import io.astraclear.plugins.netting.bilateral.BilateralNetting;
import io.astraclear.plugins.netting.multilateral.MultilateralNetting;
import io.astraclear.plugins.netting.multilateral.NettingLimits;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bilateral and multilateral netting of 100 banks where every bank owes every other one (9,900
 * balances, 4,950 pairs), and the node's invariant check of the bilateral result. The comparison
 * of every strategy at scale (up to 1,000 banks and 999,000 balances) is {@code ./astra bench netting}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NettingBenchmark {
    private static final int BANKS = 100;

    private BilateralNetting bilateral;
    private MultilateralNetting multilateral;
    private BalanceSnapshot snapshot;
    private NettingProposal proposal;

    @Setup
    public void setUp() {
        bilateral = new BilateralNetting();
        multilateral = new MultilateralNetting(NettingLimits.DEFAULTS);
        Random random = new Random(100L);
        List<Obligation> balances = new ArrayList<>();
        for (int debtor = 0; debtor < BANKS; debtor++) {
            for (int creditor = 0; creditor < BANKS; creditor++) {
                if (debtor != creditor) {
                    // 1 to 2^64 base units, like real 18-decimal token amounts
                    BigInteger amount = new BigInteger(64, random).add(BigInteger.ONE);
                    balances.add(new Obligation(bank(debtor), bank(creditor), new Amount(amount)));
                }
            }
        }
        snapshot = BalanceSnapshot.canonical(balances);
        proposal = bilateral.net(snapshot);
        if (snapshot.obligations().size() != BANKS * (BANKS - 1)) {
            throw new IllegalStateException("expected every pair non-zero");
        }
    }

    @Benchmark
    public NettingProposal bilateral100Banks() {
        return bilateral.net(snapshot);
    }

    @Benchmark
    public NettingProposal multilateral100Banks() {
        return multilateral.net(snapshot);
    }

    @Benchmark
    public NettingCheck invariantCheck100Banks() {
        return NettingInvariants.check(bilateral, snapshot, proposal);
    }

    private static BankId bank(int index) {
        return BankId.of(String.format("BANK_%03d", index));
    }
}
