package io.astraclear.node.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.state.TransferStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the state machine holds in memory between blocks, with the indices its rules need.
 * Ended transfers (EXECUTED, STUCK) are not kept: a block that mentions one loads it first. Every
 * collection a result is built from iterates in a defined order (tree maps, or insertion order fed
 * by block order); hash maps serve lookups only.
 */
final class HubState {
    final HubGenesis genesis;
    final Bytes32 genesisHash;
    final Bytes32 chainIdHash;
    final Map<BankId, HubMember> members = new TreeMap<>();

    long height;
    Instant time;
    Bytes32 appHash;
    long nextTransferSequence = 1;
    long nextJournalSequence = 1;
    long nextRoundId = 1;
    long nextEventId = 1;
    long lastNettingHeight;
    final TreeMap<BankId, Long> nextBatchNumbers = new TreeMap<>();

    /** Live transfers, and ended ones loaded for the block being applied. */
    final Map<TransferId, TransferState> transfers = new HashMap<>();
    /** CONFIRMED transfers by their command: where Executor logs find them. */
    final Map<CommandId, TransferId> confirmedByCommand = new HashMap<>();
    /**
     * OBSERVED transfers by the height of their first attestation, then by sequence: the voting
     * timeout walks it. Sorted, not in insertion order, so that a node restored from storage walks
     * it exactly as one that never stopped.
     */
    final TreeMap<Long, TreeMap<Long, TransferId>> observedByHeight = new TreeMap<>();
    /** CONFIRMED transfers waiting for a batch, per destination, in confirmation order then command id. */
    final TreeMap<BankId, TreeMap<Unbatched, TransferId>> unbatched = new TreeMap<>();
    final TreeMap<BatchId, BatchState> openBatches = new TreeMap<>();
    final Map<Bytes32, PendingState> pending = new HashMap<>();
    /** Pending Executor logs by the height of their first attestation, then by key (sorted, as {@link #observedByHeight}). */
    final TreeMap<Long, TreeSet<Bytes32>> pendingByHeight = new TreeMap<>();

    ValidatorSet active;
    ValidatorSet next;
    final List<ValidatorSets.Approval> approvals = new ArrayList<>();
    final TreeMap<BankId, ValidatorSet> executorSets = new TreeMap<>();
    final List<ValidatorSets.SetSignature> setSignatures = new ArrayList<>();

    final TreeMap<BankPair, BigInteger> balances = new TreeMap<>();
    final Map<SettlementKey, SettlementRecord> settlements = new HashMap<>();

    /** A confirmed transfer's place in its destination's batch queue. */
    record Unbatched(long confirmedHeight, Bytes32 commandId) implements Comparable<Unbatched> {
        @Override
        public int compareTo(Unbatched other) {
            int byHeight = Long.compare(confirmedHeight, other.confirmedHeight);
            return byHeight != 0 ? byHeight : commandId.compareTo(other.commandId);
        }
    }

    record SettlementKey(BankId creditor, String reference) {}

    private HubState(HubGenesis genesis) {
        this.genesis = genesis;
        this.genesisHash = StateEncoding.genesisHash(genesis);
        this.chainIdHash = HubDigests.chainIdHash(genesis.chainId());
        genesis.banks().forEach(bank -> members.put(bank.id(), bank));
    }

    /** The hub before its first block. */
    static HubState genesis(HubGenesis genesis) {
        HubState state = new HubState(genesis);
        state.height = 0;
        state.time = Instant.EPOCH;
        state.appHash = state.genesisHash;
        state.active = genesis.validators();
        for (HubMember bank : genesis.banks()) {
            state.executorSets.put(bank.id(), genesis.validators());
        }
        return state;
    }

    /** The hub as storage gave it back after its last committed block. */
    static HubState restore(HubGenesis genesis, LiveState live) {
        HubState state = new HubState(genesis);
        HubHead head = live.head();
        if (!head.genesisHash().equals(state.genesisHash)) {
            throw new IllegalStateException("the stored hub grew from genesis " + head.genesisHash() + ", but this node's genesis hashes to "
                    + state.genesisHash + ": start it with the genesis the hub was created with, or on an empty store");
        }
        state.height = head.height();
        state.time = head.time();
        state.appHash = head.appHash();
        state.nextTransferSequence = head.nextTransferSequence();
        state.nextJournalSequence = head.nextJournalSequence();
        state.nextRoundId = head.nextRoundId();
        state.nextEventId = head.nextEventId();
        state.lastNettingHeight = head.lastNettingHeight();
        state.nextBatchNumbers.putAll(head.nextBatchNumbers());
        ValidatorSets sets = live.validatorSets();
        state.active = sets.active();
        state.next = sets.next().orElse(null);
        state.approvals.addAll(sets.approvals());
        sets.executorSets().forEach(set -> state.executorSets.put(set.bank(), set.set()));
        for (HubMember bank : genesis.banks()) {
            state.executorSets.putIfAbsent(bank.id(), genesis.validators());
        }
        state.setSignatures.addAll(sets.setSignatures());
        for (Obligation balance : live.balances().obligations()) {
            state.balances.put(new BankPair(balance.debtor(), balance.creditor()), balance.amount().value());
        }
        for (SettlementRecord settlement : live.settlements()) {
            state.settlements.put(new SettlementKey(settlement.creditor(), settlement.reference()), settlement);
        }
        for (HubBatch batch : live.openBatches()) {
            state.openBatches.put(batch.id(), BatchState.of(batch));
        }
        for (HubTransfer image : live.transfers()) {
            if (!image.live()) {
                throw new IllegalStateException("storage gave back transfer " + image.transferId() + " in status " + image.status() + " as live");
            }
            state.track(TransferState.of(image));
        }
        for (PendingObservation image : live.pendingObservations()) {
            PendingState pendingState = PendingState.of(image);
            state.pending.put(pendingState.key, pendingState);
            state.indexPending(pendingState);
        }
        return state;
    }

    /** Adds a transfer to memory and to the indices its status calls for. */
    void track(TransferState transfer) {
        transfers.put(transfer.id, transfer);
        switch (transfer.status) {
            case OBSERVED -> observedByHeight.computeIfAbsent(transfer.firstAttestedHeight, h -> new TreeMap<>()).put(transfer.sequence, transfer.id);
            case CONFIRMED -> {
                confirmedByCommand.put(transfer.confirmation.command().commandId(), transfer.id);
                if (transfer.batch == null) {
                    queueForBatch(transfer);
                } else {
                    BatchState batch = openBatches.get(transfer.batch);
                    if (batch == null) {
                        throw new IllegalStateException("transfer " + transfer.id + " waits for batch " + transfer.batch + ", which is not open");
                    }
                    batch.open.add(transfer.confirmation.command().commandId());
                }
            }
            default -> { }
        }
    }

    void queueForBatch(TransferState transfer) {
        unbatched.computeIfAbsent(transfer.confirmation.command().destinationBank(), bank -> new TreeMap<>())
                .put(new Unbatched(transfer.confirmation.height(), transfer.confirmation.command().commandId().value()), transfer.id);
    }

    void indexPending(PendingState pendingState) {
        pendingByHeight.computeIfAbsent(pendingState.firstAttestedHeight, h -> new TreeSet<>()).add(pendingState.key);
    }

    void forgetObserved(TransferState transfer) {
        TreeMap<Long, TransferId> atHeight = observedByHeight.get(transfer.firstAttestedHeight);
        if (atHeight != null) {
            atHeight.remove(transfer.sequence);
            if (atHeight.isEmpty()) {
                observedByHeight.remove(transfer.firstAttestedHeight);
            }
        }
    }

    void forgetPending(PendingState pendingState) {
        pending.remove(pendingState.key);
        TreeSet<Bytes32> atHeight = pendingByHeight.get(pendingState.firstAttestedHeight);
        if (atHeight != null) {
            atHeight.remove(pendingState.key);
            if (atHeight.isEmpty()) {
                pendingByHeight.remove(pendingState.firstAttestedHeight);
            }
        }
    }

    /** Validators whose attestations may be recorded: the active set and the agreed next set. */
    boolean mayAttest(Address sender) {
        return active.contains(sender) || (next != null && next.contains(sender));
    }

    Set<Address> activeMembers() {
        return Set.copyOf(active.validators());
    }

    Amount balance(BankId debtor, BankId creditor) {
        return new Amount(balances.getOrDefault(new BankPair(debtor, creditor), BigInteger.ZERO));
    }

    BalanceSnapshot snapshot() {
        List<Obligation> obligations = new ArrayList<>(balances.size());
        balances.forEach((pair, amount) -> obligations.add(new Obligation(pair.debtor(), pair.creditor(), new Amount(amount))));
        return new BalanceSnapshot(obligations);
    }

    ValidatorSets validatorSets() {
        List<ValidatorSets.ExecutorSet> sets = new ArrayList<>();
        executorSets.forEach((bank, set) -> sets.add(new ValidatorSets.ExecutorSet(bank, set)));
        return new ValidatorSets(active, Optional.ofNullable(next), approvals, sets, setSignatures);
    }

    long nextBatchNumber(BankId bank) {
        return nextBatchNumbers.getOrDefault(bank, 1L);
    }

    HubHead head() {
        return new HubHead(height, time, appHash, genesisHash, nextTransferSequence, nextJournalSequence, nextRoundId, nextEventId,
                lastNettingHeight, nextBatchNumbers);
    }

    /** Only in tests' assertions: ended transfers never stay in memory past their block. */
    boolean holdsOnlyLiveTransfers() {
        return transfers.values().stream().allMatch(transfer -> transfer.status == TransferStatus.OBSERVED || transfer.status == TransferStatus.CONFIRMED);
    }
}
