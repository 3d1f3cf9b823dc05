package io.astraclear.ports.state;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.Obligation;
import java.util.List;
import java.util.Optional;

/**
 * Everything one block changed, as the state machine hands it to storage: the new head, the latest
 * image of every transfer, batch and pending observation the block touched (and the pending ones it
 * removed), the validator sets when they changed, the balances that changed (an amount of zero: the
 * pair is gone), and what the block appended to the journal, the netting and settlement records,
 * the evidence, the transaction log and the event stream. Storage writes all of it in one
 * transaction, or none of it.
 */
public record BlockEffects(
        HubHead head,
        List<HubTransfer> transfers,
        List<HubBatch> batches,
        List<PendingObservation> pendingObservations,
        List<Bytes32> removedPendingObservations,
        Optional<ValidatorSets> validatorSets,
        List<Obligation> balances,
        List<JournalEntry> journal,
        List<NettingRecord> nettingRounds,
        List<SettlementRecord> settlements,
        List<EquivocationEvidence> evidence,
        List<TxRecord> transactions,
        List<HubEvent> events) {

    public BlockEffects {
        if (head == null || head.height() < 1) {
            throw new IllegalArgumentException("block effects need the head of a block (height >= 1)");
        }
        transfers = List.copyOf(transfers);
        batches = List.copyOf(batches);
        pendingObservations = List.copyOf(pendingObservations);
        removedPendingObservations = List.copyOf(removedPendingObservations);
        validatorSets = validatorSets == null ? Optional.empty() : validatorSets;
        balances = List.copyOf(balances);
        journal = List.copyOf(journal);
        nettingRounds = List.copyOf(nettingRounds);
        settlements = List.copyOf(settlements);
        evidence = List.copyOf(evidence);
        transactions = List.copyOf(transactions);
        events = List.copyOf(events);
    }
}
