package io.astraclear.node.hub;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.state.Confirmation;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.Mint;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The steps at the end of every block, in ARCHITECTURE.md's order: confirm what reached threshold
 * (transfers, and the Executor logs that end or retry mints and move validator sets), report what
 * timed out, cut batches, net. The app hash follows, in {@link HubStateMachine}.
 */
final class EndOfBlock {
    private final HubState state;
    private final NettingStep netting;

    EndOfBlock(HubState state, NettingStep netting) {
        this.state = state;
        this.netting = netting;
    }

    void run(BlockRun run) {
        confirm(run);
        timeouts(run);
        batches(run);
        netting.run(run);
    }

    // --- 1. confirm ------------------------------------------------------------------------------

    private void confirm(BlockRun run) {
        Set<Address> counted = state.activeMembers();
        int threshold = state.active.threshold();
        for (TransferId id : run.touchedTransfers) {
            TransferState transfer = state.transfers.get(id);
            if (transfer.awaitingConfirmation()) {
                Bytes32 digest = transfer.attestations.confirmedDigest(counted, threshold);
                if (digest != null) {
                    confirmTransfer(transfer, digest, run);
                }
            }
        }
        for (Bytes32 key : run.touchedPending) {
            PendingState pending = state.pending.get(key);
            if (pending == null) {
                continue; // applied or dropped earlier in this step
            }
            Bytes32 digest = pending.attestations.confirmedDigest(counted, threshold);
            if (digest != null) {
                applyLog(pending.contents.get(digest), run);
                run.pendingRemoved(pending);
            }
        }
    }

    private void confirmTransfer(TransferState transfer, Bytes32 digest, BlockRun run) {
        ObservedTransfer content = transfer.contents.get(digest);
        HubMember destination = state.members.get(content.destinationBank());
        if (destination == null) {
            return; // cannot be minted: it waits, and its voting timeout reports why
        }
        Amount owed = state.balance(content.sourceBank(), content.destinationBank());
        if (owed.value().add(content.amount().value()).compareTo(Amount.MAX_UINT256) > 0) {
            state.forgetObserved(transfer);
            transfer.moveTo(TransferStatus.STUCK, run.height, run.time, "the ISSUE would take cred-" + content.sourceBank() + " held by "
                    + content.destinationBank() + " above uint256");
            stuckEvent(transfer, run);
            run.transferChanged(transfer);
            return;
        }
        var entry = run.journal(EntryType.ISSUE, content.sourceBank(), content.destinationBank(), content.amount(), transfer.id.toString());
        MintCommand command = new MintCommand(content.commandId(), content.sourceBank(), content.destinationBank(), content.recipient(),
                content.amount(), destination.chainId(), destination.executor());
        state.forgetObserved(transfer);
        transfer.confirmation = new Confirmation(run.height, digest, command, entry.sequence());
        transfer.moveTo(TransferStatus.CONFIRMED, run.height, run.time, "");
        state.confirmedByCommand.put(command.commandId(), transfer.id);
        state.queueForBatch(transfer);
        run.transferChanged(transfer);
        run.event(HubEventType.TRANSFER_CONFIRMED, Events.command(transfer, Map.of(
                "journalEntry", Long.toString(entry.sequence()),
                "attestations", Integer.toString(transfer.attestations.countedAmong(state.activeMembers())))),
                List.of(command.sourceBank(), command.destinationBank()));
    }

    private void applyLog(Observation.ExecutorLog log, BlockRun run) {
        switch (log) {
            case Observation.CommandExecuted executed -> executed(executed, run);
            case Observation.CommandFailed failed -> failed(failed, run);
            case Observation.ExecutorSetUpdated updated -> executorSetUpdated(updated, run);
            case Observation.CommandSkipped skipped -> { }
        }
    }

    private void executed(Observation.CommandExecuted executed, BlockRun run) {
        TransferState transfer = confirmed(executed.commandId());
        if (transfer == null) {
            return;
        }
        MintCommand command = transfer.confirmation.command();
        if (!command.recipient().equals(executed.recipient()) || !command.amount().equals(executed.amount())) {
            return; // not the mint this command calls for: the Executor cannot emit it for this command id
        }
        releaseFromBatch(transfer, run);
        state.confirmedByCommand.remove(command.commandId());
        unqueue(transfer);
        transfer.mint = new Mint(executed.position().transactionHash(), executed.position().blockNumber(), run.height);
        transfer.moveTo(TransferStatus.EXECUTED, run.height, run.time, "");
        run.transferChanged(transfer);
        run.event(HubEventType.TRANSFER_EXECUTED, Events.command(transfer, Map.of(
                "transactionHash", executed.position().transactionHash().value(),
                "blockNumber", Long.toString(executed.position().blockNumber()),
                "batch", transfer.batch == null ? "" : transfer.batch.toString())), List.of(command.sourceBank(), command.destinationBank()));
    }

    private void failed(Observation.CommandFailed failed, BlockRun run) {
        TransferState transfer = confirmed(failed.commandId());
        if (transfer == null || transfer.failedMints.contains(failed.key())) {
            return;
        }
        MintCommand command = transfer.confirmation.command();
        transfer.failedMints.add(failed.key());
        BatchId batch = transfer.batch;
        releaseFromBatch(transfer, run);
        transfer.batch = null;
        run.transferChanged(transfer);
        int failures = transfer.failedMints.size();
        run.event(HubEventType.TRANSFER_MINT_FAILED, Events.command(transfer, Map.of(
                "batch", batch == null ? "" : batch.toString(),
                "failures", Integer.toString(failures),
                "revertData", failed.revertData().toHex(),
                "transactionHash", failed.position().transactionHash().value())), List.of(command.sourceBank(), command.destinationBank()));
        if (failures > state.genesis.parameters().retryMax()) {
            state.confirmedByCommand.remove(command.commandId());
            transfer.moveTo(TransferStatus.STUCK, run.height, run.time, "the destination token refused the mint " + failures
                    + " times (retry max " + state.genesis.parameters().retryMax() + "); last revert data " + failed.revertData().toHex());
            stuckEvent(transfer, run);
        } else {
            state.queueForBatch(transfer);
        }
    }

    private TransferState confirmed(io.astraclear.ports.domain.CommandId commandId) {
        TransferId id = state.confirmedByCommand.get(commandId);
        return id == null ? null : state.transfers.get(id);
    }

    /** The transfer's entry in its batch has ended; the batch is done when none is left. */
    private void releaseFromBatch(TransferState transfer, BlockRun run) {
        if (transfer.batch == null) {
            return;
        }
        BatchState batch = state.openBatches.get(transfer.batch);
        if (batch != null) {
            batch.open.remove(transfer.confirmation.command().commandId());
            if (batch.open.isEmpty()) {
                run.batchDone(batch);
            }
        }
    }

    /** Takes a transfer out of its destination's batch queue, if it waits there (a mint that landed from an earlier batch). */
    private void unqueue(TransferState transfer) {
        TreeMap<HubState.Unbatched, TransferId> queue = state.unbatched.get(transfer.confirmation.command().destinationBank());
        if (queue != null) {
            queue.remove(new HubState.Unbatched(transfer.confirmation.height(), transfer.confirmation.command().commandId().value()));
        }
    }

    private void executorSetUpdated(Observation.ExecutorSetUpdated updated, BlockRun run) {
        ValidatorSet known = state.executorSets.get(updated.bank());
        if (updated.nonce() <= known.nonce()) {
            return;
        }
        state.executorSets.put(updated.bank(), new ValidatorSet(updated.nonce(), updated.validators()));
        run.validatorSetsChanged();
        List<BankId> everyBank = List.copyOf(state.members.keySet());
        run.event(HubEventType.EXECUTOR_SET_UPDATED, Map.of(
                "bank", updated.bank().value(),
                "nonce", Long.toString(updated.nonce()),
                "validators", String.join(",", updated.validators().stream().map(Address::value).toList()),
                "transactionHash", updated.position().transactionHash().value()), List.of(updated.bank()));
        if (state.next != null && state.executorSets.values().stream().allMatch(set -> set.nonce() >= state.next.nonce())) {
            ValidatorSet previous = state.active;
            state.active = state.next;
            state.next = null;
            state.approvals.removeIf(approval -> approval.nonce() <= state.active.nonce());
            state.setSignatures.removeIf(signature -> signature.nonce() <= state.active.nonce());
            run.event(HubEventType.VALIDATORS_ROTATED, Map.of(
                    "nonce", Long.toString(state.active.nonce()),
                    "validators", String.join(",", state.active.validators().stream().map(Address::value).toList()),
                    "previousNonce", Long.toString(previous.nonce())), everyBank);
        }
    }

    private void stuckEvent(TransferState transfer, BlockRun run) {
        ObservedTransfer observed = transfer.observed();
        run.event(HubEventType.TRANSFER_STUCK, Events.transfer(observed, Map.of("reason", transfer.history.getLast().reason())),
                List.of(observed.sourceBank(), observed.destinationBank()));
    }

    // --- 2. timeouts -----------------------------------------------------------------------------

    private void timeouts(BlockRun run) {
        long votingTimeout = state.genesis.parameters().votingTimeoutBlocks();
        long lastDue = run.height - votingTimeout;
        if (lastDue < 1) {
            return;
        }
        Set<Address> counted = state.activeMembers();
        for (Iterator<Map.Entry<Long, TreeMap<Long, TransferId>>> due = state.observedByHeight.headMap(lastDue, true).entrySet().iterator();
                due.hasNext(); ) {
            for (TransferId id : due.next().getValue().values()) {
                TransferState transfer = state.transfers.get(id);
                transfer.moveTo(TransferStatus.STUCK, run.height, run.time, timeoutReason(transfer, counted, votingTimeout));
                stuckEvent(transfer, run);
                run.transferChanged(transfer);
            }
            due.remove();
        }
        List<PendingState> expired = new ArrayList<>();
        state.pendingByHeight.headMap(lastDue, true).values().forEach(keys -> keys.forEach(key -> expired.add(state.pending.get(key))));
        expired.forEach(run::pendingRemoved);
    }

    private String timeoutReason(TransferState transfer, Set<Address> counted, long votingTimeout) {
        ObservedTransfer observed = transfer.observed();
        if (!state.members.containsKey(observed.destinationBank())) {
            return "destination bank " + observed.destinationBank() + " is not a member of this hub: the transfer cannot be minted";
        }
        return "short of threshold: " + transfer.attestations.countedAmong(counted) + " of " + state.active.threshold()
                + " active validators attested it within " + votingTimeout + " blocks" + (transfer.contents.size() > 1 ? " (with conflicting contents)" : "");
    }

    // --- 3. batches ------------------------------------------------------------------------------

    private void batches(BlockRun run) {
        int maxSize = state.genesis.parameters().maxBatchSize();
        for (Map.Entry<BankId, TreeMap<HubState.Unbatched, TransferId>> queue : state.unbatched.entrySet()) {
            BankId bank = queue.getKey();
            List<TransferState> waiting = new ArrayList<>(queue.getValue().size());
            queue.getValue().values().forEach(id -> waiting.add(state.transfers.get(id)));
            for (int from = 0; from < waiting.size(); from += maxSize) {
                cut(bank, waiting.subList(from, Math.min(waiting.size(), from + maxSize)), run);
            }
        }
        state.unbatched.clear();
    }

    private void cut(BankId bank, List<TransferState> transfers, BlockRun run) {
        long number = state.nextBatchNumber(bank);
        state.nextBatchNumbers.put(bank, number + 1);
        BatchId id = new BatchId(bank, number);
        MintBatch batch = MintBatch.of(transfers.stream().map(transfer -> transfer.confirmation.command()).toList());
        BatchState state = new BatchState(id, batch, run.height);
        this.state.openBatches.put(id, state);
        for (TransferState transfer : transfers) {
            transfer.batch = id;
            state.open.add(transfer.confirmation.command().commandId());
            run.transferChanged(transfer);
        }
        run.batchChanged(id);
        run.event(HubEventType.BATCH_CREATED, Map.of(
                "batch", id.toString(),
                "bank", bank.value(),
                "size", Integer.toString(batch.size()),
                "digest", state.digest.value()), List.of(bank));
    }
}
