package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.ValidatorSets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a hub store must hold after each block of a run, kept the simple way (maps of the latest
 * images, lists of log records): the oracle the crash test compares a store's reads with.
 */
final class HubStateModel {
    /** The store after a block: its live state and how many log records of each kind it holds. */
    record Expected(LiveState live, long events, long journal, long transactions) {}

    private final Map<TransferId, HubTransfer> transfers = new HashMap<>();
    private final TreeMap<BatchId, HubBatch> batches = new TreeMap<>();
    private final TreeMap<Bytes32, PendingObservation> pending = new TreeMap<>();
    private final TreeMap<Obligation, Obligation> balances = new TreeMap<>();
    private final List<SettlementRecord> settlements = new ArrayList<>();
    private ValidatorSets validatorSets;
    private long events;
    private long journal;
    private long transactions;

    /** The expected store after each block of {@code blocks}, in order (index 0: after the first block). */
    static List<Expected> after(List<BlockEffects> blocks) {
        HubStateModel model = new HubStateModel();
        List<Expected> expected = new ArrayList<>(blocks.size());
        for (BlockEffects block : blocks) {
            expected.add(model.apply(block));
        }
        return expected;
    }

    private Expected apply(BlockEffects block) {
        block.transfers().forEach(transfer -> transfers.put(transfer.transferId(), transfer));
        block.batches().forEach(batch -> batches.put(batch.id(), batch));
        block.removedPendingObservations().forEach(pending::remove);
        block.pendingObservations().forEach(observation -> pending.put(observation.key(), observation));
        block.validatorSets().ifPresent(sets -> validatorSets = sets);
        for (Obligation balance : block.balances()) {
            if (balance.amount().isZero()) {
                balances.remove(balance);
            } else {
                balances.put(balance, balance);
            }
        }
        settlements.addAll(block.settlements());
        events += block.events().size();
        journal += block.journal().size();
        transactions += block.transactions().size();
        HubHead head = block.head();
        LiveState live = new LiveState(head,
                transfers.values().stream().filter(HubTransfer::live).sorted(Comparator.comparingLong(HubTransfer::sequence)).toList(),
                batches.values().stream().filter(batch -> batch.status() == HubBatch.Status.OPEN).toList(),
                List.copyOf(pending.values()), validatorSets, new BalanceSnapshot(List.copyOf(balances.values())),
                settlements.stream().sorted(Comparator.comparingLong(SettlementRecord::height).thenComparingLong(SettlementRecord::journalSequence))
                        .toList());
        return new Expected(live, events, journal, transactions);
    }
}
