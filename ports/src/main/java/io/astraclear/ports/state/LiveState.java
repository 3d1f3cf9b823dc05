package io.astraclear.ports.state;

import io.astraclear.ports.netting.BalanceSnapshot;
import java.util.List;

/**
 * What the state machine holds in memory, as storage gives it back on start: the head, the live
 * transfers (OBSERVED and CONFIRMED; ended ones are read on demand through
 * {@link HubStore#transfers(java.util.Collection)}), the open batches, the pending Executor-log
 * observations, the validator sets, the balances and every settlement (few; their references must
 * stay unique per creditor).
 */
public record LiveState(
        HubHead head,
        List<HubTransfer> transfers,
        List<HubBatch> openBatches,
        List<PendingObservation> pendingObservations,
        ValidatorSets validatorSets,
        BalanceSnapshot balances,
        List<SettlementRecord> settlements) {

    public LiveState {
        if (head == null || validatorSets == null || balances == null) {
            throw new IllegalArgumentException("live state needs a head, validator sets and balances");
        }
        transfers = List.copyOf(transfers);
        openBatches = List.copyOf(openBatches);
        pendingObservations = List.copyOf(pendingObservations);
        settlements = List.copyOf(settlements);
    }
}
