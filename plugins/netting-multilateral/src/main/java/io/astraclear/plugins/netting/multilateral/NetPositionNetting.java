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
 * Multilateral netting by novation: replaces every balance with obligations from net payers to net
 * receivers only, so what remains to settle is exactly the lower bound, the sum of the positive net
 * positions. Payers and receivers are matched in bank-id order (the first payer pays the first
 * receiver until one of them is square, and so on), which gives at most (payers + receivers − 1)
 * ≤ n − 1 obligations.
 *
 * <p>It creates obligations between pairs that owed nothing and grows others: {@link #novates()} is
 * true, and a ledger applies it only where the banks agreed to novation and the journal can record
 * the new obligations. Off unless selected by configuration.
 */
@Extension
public final class NetPositionNetting implements NettingStrategy {
    public static final String ID = "multilateral-net-positions";
    static final String VERSION = "1.0.0";

    private final NettingLimits limits;

    public NetPositionNetting() {
        this(NettingLimits.configured());
    }

    public NetPositionNetting(NettingLimits limits) {
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
        return true;
    }

    @Override
    public NettingProposal net(BalanceSnapshot snapshot) {
        ObligationGraph graph = ObligationGraph.of(ID, snapshot, limits);
        BigInteger[] positions = graph.netPositions();
        List<Obligation> after = new ArrayList<>();
        int payer = nextWithSign(positions, 0, -1);
        int receiver = nextWithSign(positions, 0, 1);
        BigInteger owes = payer < positions.length ? positions[payer].negate() : BigInteger.ZERO;
        BigInteger due = receiver < positions.length ? positions[receiver] : BigInteger.ZERO;
        while (payer < positions.length && receiver < positions.length) {
            BigInteger amount = owes.min(due);
            if (amount.compareTo(Amount.MAX_UINT256) > 0) {
                throw new NettingLimitExceededException(ID + " netting refuses the round: " + graph.banks[payer] + " would owe "
                        + graph.banks[receiver] + " more than a uint256 balance can hold");
            }
            after.add(new Obligation(graph.banks[payer], graph.banks[receiver], new Amount(amount)));
            owes = owes.subtract(amount);
            due = due.subtract(amount);
            if (owes.signum() == 0) {
                payer = nextWithSign(positions, payer + 1, -1);
                owes = payer < positions.length ? positions[payer].negate() : BigInteger.ZERO;
            }
            if (due.signum() == 0) {
                receiver = nextWithSign(positions, receiver + 1, 1);
                due = receiver < positions.length ? positions[receiver] : BigInteger.ZERO;
            }
        }
        if (owes.signum() != 0 || due.signum() != 0) {
            throw new IllegalStateException("net positions of the snapshot do not sum to zero; the snapshot is broken");
        }
        // Payers in bank order, each one's receivers in bank order: already canonical.
        return new NettingProposal(new BalanceSnapshot(after));
    }

    private static int nextWithSign(BigInteger[] positions, int from, int sign) {
        int bank = from;
        while (bank < positions.length && positions[bank].signum() != sign) {
            bank++;
        }
        return bank;
    }

    @Override
    public String toString() {
        return "NetPositionNetting[" + ID + " " + VERSION + ", " + limits + "]";
    }
}
