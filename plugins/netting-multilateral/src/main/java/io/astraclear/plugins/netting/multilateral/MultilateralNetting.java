package io.astraclear.plugins.netting.multilateral;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * Multilateral netting by cycle cancellation: burns along cycles of obligations (A owes B, B owes C,
 * C owes A), the largest total the balances allow. Burn-only: no balance grows, no pair that owed
 * nothing comes to owe, every bank's net position stays. Bilateral netting is the special case of
 * cycles of two, so this never burns less. The optimum is exact (see {@link LeastGrossFlow}); among
 * the optima it picks one where the partly burned balances form a forest, so few obligations are
 * left to settle (see {@link FewerObligations}).
 *
 * <p>Refuses, with {@link NettingLimitExceededException}, snapshots beyond {@link NettingLimits} and
 * rounds that outrun the time budget.
 */
@Extension
public final class MultilateralNetting implements NettingStrategy {
    public static final String ID = "multilateral";
    /** Version of the algorithm, not of the jar: it changes only when results would change. */
    static final String VERSION = "1.0.0";

    private final NettingLimits limits;

    /** With the limits the node's operator configured ({@link NettingLimits#configured()}). */
    public MultilateralNetting() {
        this(NettingLimits.configured());
    }

    public MultilateralNetting(NettingLimits limits) {
        this.limits = limits;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public boolean novates() {
        return false;
    }

    public NettingLimits limits() {
        return limits;
    }

    @Override
    public NettingProposal net(BalanceSnapshot snapshot) {
        Deadline deadline = Deadline.after(ID, limits.timeBudget());
        ObligationGraph graph = ObligationGraph.of(ID, snapshot, limits);
        BigInteger[] remaining = LeastGrossFlow.remaining(graph, deadline);
        FewerObligations.simplify(graph, remaining, deadline);
        List<Obligation> after = new ArrayList<>();
        for (int i = 0; i < remaining.length; i++) {
            if (remaining[i].signum() > 0) {
                Obligation before = graph.obligations.get(i);
                after.add(remaining[i].equals(before.amount().value())
                        ? before
                        : new Obligation(before.debtor(), before.creditor(), new Amount(remaining[i])));
            }
        }
        return new NettingProposal(new BalanceSnapshot(after));
    }

    @Override
    public String toString() {
        return "MultilateralNetting[" + ID + " " + VERSION + ", " + limits + "]";
    }
}
