package io.astraclear.node.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.EquivocationEvidence;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.EntryType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One block being applied: its height and time, what its transactions touched (for the end-of-block
 * steps), and everything it changed and appended, collected in the order it happened so that the
 * block's {@link BlockEffects} — and so its app hash — are the same on every node.
 */
final class BlockRun {
    final HubState state;
    final long height;
    final Instant time;

    /** Transfers whose attestations changed: the confirm step looks at these, in this order. */
    final LinkedHashSet<TransferId> touchedTransfers = new LinkedHashSet<>();
    /** Executor logs whose attestations changed. */
    final LinkedHashSet<Bytes32> touchedPending = new LinkedHashSet<>();
    /** The validator whose RequestNetting in this block asks for a round, if any. */
    Address nettingRequestedBy;

    private final LinkedHashSet<TransferId> changedTransfers = new LinkedHashSet<>();
    private final LinkedHashSet<BatchId> changedBatches = new LinkedHashSet<>();
    private final LinkedHashMap<BatchId, BatchState> doneBatches = new LinkedHashMap<>();
    private final LinkedHashSet<Bytes32> changedPending = new LinkedHashSet<>();
    private final LinkedHashSet<Bytes32> removedPending = new LinkedHashSet<>();
    private boolean validatorSetsChanged;
    private final LinkedHashSet<BankPair> changedBalances = new LinkedHashSet<>();
    private final List<JournalEntry> journal = new ArrayList<>();
    private final List<NettingRecord> nettingRounds = new ArrayList<>();
    private final List<SettlementRecord> settlements = new ArrayList<>();
    private final List<EquivocationEvidence> evidence = new ArrayList<>();
    private final List<TxRecord> transactions = new ArrayList<>();
    private final List<HubEvent> events = new ArrayList<>();

    BlockRun(HubState state, long height, Instant time) {
        this.state = state;
        this.height = height;
        this.time = time;
    }

    void transferChanged(TransferState transfer) {
        changedTransfers.add(transfer.id);
    }

    void batchChanged(BatchId batch) {
        changedBatches.add(batch);
    }

    /** Every entry of {@code batch} has ended: it is written DONE and leaves memory. */
    void batchDone(BatchState batch) {
        state.openBatches.remove(batch.id);
        changedBatches.add(batch.id);
        doneBatches.put(batch.id, batch);
    }

    void pendingChanged(PendingState pending) {
        removedPending.remove(pending.key);
        changedPending.add(pending.key);
    }

    void pendingRemoved(PendingState pending) {
        state.forgetPending(pending);
        changedPending.remove(pending.key);
        removedPending.add(pending.key);
    }

    void validatorSetsChanged() {
        validatorSetsChanged = true;
    }

    void transaction(TxRecord record) {
        transactions.add(record);
    }

    void evidence(EquivocationEvidence found) {
        evidence.add(found);
    }

    void settlement(SettlementRecord record) {
        settlements.add(record);
    }

    void nettingRound(NettingRecord record) {
        nettingRounds.add(record);
    }

    /**
     * Appends a journal entry and moves the balance it names: an ISSUE raises {@code cred-issuer}
     * held by {@code holder}, a burn lowers it. The caller has checked that a burn does not go below
     * zero and an issue not above uint256: a violation here is a broken program.
     */
    JournalEntry journal(EntryType type, BankId issuer, BankId holder, Amount amount, String reference) {
        JournalEntry entry = new JournalEntry(state.nextJournalSequence++, height, time, type, issuer, holder, amount, reference);
        BankPair pair = new BankPair(issuer, holder);
        BigInteger before = state.balances.getOrDefault(pair, BigInteger.ZERO);
        BigInteger after = type == EntryType.ISSUE ? before.add(amount.value()) : before.subtract(amount.value());
        if (after.signum() < 0 || after.compareTo(Amount.MAX_UINT256) > 0) {
            throw new IllegalStateException("journal entry " + entry + " would take the balance of " + pair + " from " + before + " to " + after);
        }
        if (after.signum() == 0) {
            state.balances.remove(pair);
        } else {
            state.balances.put(pair, after);
        }
        changedBalances.add(pair);
        journal.add(entry);
        return entry;
    }

    HubEvent event(HubEventType type, Map<String, String> data, List<BankId> banks) {
        HubEvent event = new HubEvent(state.nextEventId++, height, time, type, data, banks);
        events.add(event);
        return event;
    }

    /** The block's effects with {@code head} (whose app hash the caller fills in after hashing them). */
    BlockEffects effects(HubHead head) {
        List<HubTransfer> transferImages = new ArrayList<>(changedTransfers.size());
        for (TransferId id : changedTransfers) {
            transferImages.add(state.transfers.get(id).image());
        }
        List<HubBatch> batchImages = new ArrayList<>(changedBatches.size());
        for (BatchId id : changedBatches) {
            BatchState done = doneBatches.get(id);
            batchImages.add(done != null ? done.image(OptionalLong.of(height)) : state.openBatches.get(id).image(OptionalLong.empty()));
        }
        List<PendingObservation> pendingImages = new ArrayList<>(changedPending.size());
        for (Bytes32 key : changedPending) {
            pendingImages.add(state.pending.get(key).image());
        }
        List<Obligation> balances = new ArrayList<>(changedBalances.size());
        for (BankPair pair : changedBalances) {
            balances.add(new Obligation(pair.debtor(), pair.creditor(), new Amount(state.balances.getOrDefault(pair, BigInteger.ZERO))));
        }
        return new BlockEffects(head, transferImages, batchImages, pendingImages, List.copyOf(removedPending),
                validatorSetsChanged ? Optional.of(state.validatorSets()) : Optional.empty(), balances, journal, nettingRounds, settlements,
                evidence, transactions, events);
    }
}
