package io.astraclear.node.hub;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.EntryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4 of the end of a block: at every {@code netting_interval} and when a validator asked in
 * this block, the configured strategy nets the current balances; its result is checked against
 * every ledger invariant (burn-only: the journal cannot issue on a strategy's word) and its burns
 * are journaled. A strategy that fails or breaks an invariant burns nothing; the round is reported
 * refused. Every validator runs the same plugin version (the genesis names it), so every node
 * refuses or applies alike.
 */
final class NettingStep {
    private static final Logger LOG = LoggerFactory.getLogger(NettingStep.class);
    private final HubState state;
    private final NettingStrategy strategy;

    NettingStep(HubState state, NettingStrategy strategy) {
        this.state = state;
        this.strategy = strategy;
    }

    void run(BlockRun run) {
        boolean scheduled = run.height % state.genesis.parameters().nettingIntervalBlocks() == 0;
        if (!scheduled && run.nettingRequestedBy == null) {
            return;
        }
        state.lastNettingHeight = run.height;
        BalanceSnapshot before = state.snapshot();
        if (before.obligations().isEmpty()) {
            return;
        }
        String trigger = run.nettingRequestedBy != null ? "requested by " + run.nettingRequestedBy : "interval";
        NettingProposal proposal;
        try {
            proposal = strategy.net(before);
        } catch (RuntimeException e) {
            // the message may hold what differs between nodes (an object's identity): the hub state names the failure's type only
            LOG.error("netting plugin '{}' {} failed at height {}; the round burns nothing", strategy.id(), strategy.version(), run.height, e);
            refused(run, trigger, "netting plugin '" + strategy.id() + "' " + strategy.version() + " failed with " + e.getClass().getName()
                    + " (the node's log has the message)");
            return;
        }
        if (NettingInvariants.check(strategy.id(), strategy.version(), false, before, proposal) instanceof NettingCheck.Violated violated) {
            refused(run, trigger, violated.message());
            return;
        }
        BalanceSnapshot after = proposal.balancesAfter();
        long roundId = state.nextRoundId++;
        NettingFigures figures = NettingFigures.of(before, after);
        for (Obligation burn : figures.burns()) {
            var entry = run.journal(EntryType.NETTING_BURN, burn.debtor(), burn.creditor(), burn.amount(), Long.toString(roundId));
            // one event per pair, for the two banks it concerns: a bank's stream sees its own burns, every stream can rebuild the ledger
            run.event(HubEventType.NETTING_BURNED, Map.of(
                    "roundId", Long.toString(roundId),
                    "debtor", burn.debtor().value(),
                    "creditor", burn.creditor().value(),
                    "amount", burn.amount().toString(),
                    "journalEntry", Long.toString(entry.sequence())), List.of(burn.debtor(), burn.creditor()));
        }
        run.nettingRound(new NettingRecord(roundId, run.height, run.time, strategy.id(), strategy.version(), digest(before), before, after, trigger));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("roundId", Long.toString(roundId));
        data.put("strategy", strategy.id() + "@" + strategy.version());
        data.put("trigger", trigger);
        data.put("grossBefore", figures.grossBefore().toString());
        data.put("grossAfter", figures.grossAfter().toString());
        data.put("reductionPercent", figures.reductionPercent().toPlainString());
        data.put("pairsBurned", Integer.toString(figures.burns().size()));
        // consortium-wide figures: for admin and read streams only, never a bank's (no bank named)
        run.event(HubEventType.NETTING_COMPLETED, data, List.of());
    }

    private void refused(BlockRun run, String trigger, String reason) {
        run.event(HubEventType.NETTING_REFUSED, Map.of(
                "strategy", strategy.id() + "@" + strategy.version(),
                "trigger", trigger,
                "reason", reason.length() > 1_000 ? reason.substring(0, 1_000) + "…" : reason), List.copyOf(state.members.keySet()));
    }

    /** keccak256 over the canonical snapshot: (debtor, creditor, amount) per pair, in canonical order. */
    static Bytes32 digest(BalanceSnapshot snapshot) {
        CanonicalWriter out = new CanonicalWriter().tag("astra-clear.netting-input.v1");
        out.count(snapshot.obligations().size());
        for (Obligation obligation : snapshot.obligations()) {
            out.bank(obligation.debtor()).bank(obligation.creditor()).amount(obligation.amount());
        }
        return out.keccak();
    }
}
