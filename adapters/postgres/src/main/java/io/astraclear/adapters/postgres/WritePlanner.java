package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.storage.AuditActions;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.RejectionCode;
import io.astraclear.ports.storage.StorageLimits;
import io.astraclear.ports.storage.TransferStatus;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The storage rules, decided one write at a time, in queue order, against the batch's view. A
 * write's plan is its result plus the effects that carry it out; a refused write has a
 * {@link WriteResult.Rejected} result and no effects, so its batch-mates commit without it.
 */
final class WritePlanner {
    private WritePlanner() {}

    /** The outcome of one write in a batch; completes the caller's future once the batch committed. */
    record Planned<T>(WriteOp<T> op, T value, Throwable failure) {
        void complete() {
            if (failure != null) {
                op.result().completeExceptionally(failure);
            } else {
                op.result().complete(value);
            }
        }
    }

    private record Plan<T>(T value, List<Effect> effects) {
        static <T> Plan<T> nothing(T value) {
            return new Plan<>(value, List.of());
        }
    }

    /** Plans every write and applies the effects of those that planned cleanly; a write that throws fails alone. */
    static List<Planned<?>> planAll(List<WriteOp<?>> batch, BatchState state) {
        List<Planned<?>> planned = new ArrayList<>(batch.size());
        for (WriteOp<?> op : batch) {
            planned.add(planOne(op, state));
        }
        return planned;
    }

    private static <T> Planned<T> planOne(WriteOp<T> op, BatchState state) {
        Plan<T> plan;
        try {
            plan = plan(op, state);
        } catch (RuntimeException e) {
            return new Planned<>(op, null, e);
        }
        // Applying cannot refuse: anything it throws is a broken invariant and fails the whole batch.
        state.apply(plan.effects());
        return new Planned<>(op, plan.value(), null);
    }

    @SuppressWarnings("unchecked")
    private static <T> Plan<T> plan(WriteOp<T> op, BatchState state) {
        return (Plan<T>) switch (op) {
            case WriteOp.RecordObserved observed -> observed(observed, state);
            case WriteOp.RecordVote vote -> vote(vote, state);
            case WriteOp.Confirm confirm -> confirm(confirm, state);
            case WriteOp.RecordRelayAttempt relay -> relayAttempt(relay, state);
            case WriteOp.MarkExecuted executed -> executed(executed, state);
            case WriteOp.MarkStuck stuck -> stuck(stuck, state);
            case WriteOp.ApplyNetting netting -> netting(netting, state);
            case WriteOp.ConfirmSettlement settlement -> settlement(settlement, state);
        };
    }

    private static Plan<List<ObservedTransfer>> observed(WriteOp.RecordObserved op, BatchState state) {
        List<Effect> effects = new ArrayList<>();
        List<ObservedTransfer> added = new ArrayList<>();
        String actor = AuditActions.watcher(op.checkpoint().bank());
        Set<TransferId> seen = new HashSet<>();
        for (int index = 0; index < op.transfers().size(); index++) {
            ObservedTransfer transfer = op.transfers().get(index);
            if (state.transfers.containsKey(transfer.transferId()) || !seen.add(transfer.transferId())) {
                continue;
            }
            added.add(transfer);
            effects.add(new Effect.InsertTransfer(transfer, op.commandIds().get(index), op.at()));
            effects.add(new Effect.Audit(op.at(), actor, AuditActions.TRANSFER_OBSERVED, transfer.transferId().toString(),
                    transfer.sourceBank() + " -> " + transfer.destinationBank() + " amount " + transfer.amount() + " block " + transfer.blockNumber()));
        }
        Set<BatchState.QuarantineKey> seenLogs = new HashSet<>();
        for (QuarantinedLog log : op.quarantined()) {
            BatchState.QuarantineKey key = new BatchState.QuarantineKey(log.sourceBank(), log.transactionHash(), log.logIndex());
            if (state.quarantined.contains(key) || !seenLogs.add(key)) {
                continue;
            }
            effects.add(new Effect.InsertQuarantined(log, op.at()));
            effects.add(new Effect.Audit(op.at(), actor, AuditActions.LOG_QUARANTINED, key.toString(), log.reason()));
        }
        Long stored = state.checkpointBlocks.get(op.checkpoint().bank());
        if (stored == null || op.checkpoint().blockNumber() > stored) {
            effects.add(new Effect.AdvanceCheckpoint(op.checkpoint(), op.at()));
            effects.add(new Effect.Audit(op.at(), actor, AuditActions.CHECKPOINT_ADVANCED, op.checkpoint().bank().toString(),
                    "block " + op.checkpoint().blockNumber() + " " + op.checkpoint().blockHash()));
        }
        return new Plan<>(List.copyOf(added), effects);
    }

    private static Plan<VoteOutcome> vote(WriteOp.RecordVote op, BatchState state) {
        Vote vote = op.vote();
        if (state.hasVote(vote.digest(), vote.validator())) {
            return Plan.nothing(VoteOutcome.DUPLICATE);
        }
        String actor = AuditActions.validator(vote.validator());
        Optional<Bytes32> counted = state.countedDigest(vote.commandId(), vote.validator());
        if (counted.isPresent()) {
            return new Plan<>(VoteOutcome.EQUIVOCATION, List.of(
                    new Effect.InsertVote(vote, false, op.at()),
                    new Effect.Audit(op.at(), actor, AuditActions.VOTE_EQUIVOCATION, vote.commandId().toString(),
                            "signed digest " + vote.digest() + " after digest " + counted.get() + "; kept as evidence, not counted")));
        }
        return new Plan<>(VoteOutcome.RECORDED, List.of(
                new Effect.InsertVote(vote, true, op.at()),
                new Effect.Audit(op.at(), actor, AuditActions.VOTE_RECORDED, vote.digest().toString(), "")));
    }

    private static Plan<WriteResult<LedgerEntry>> confirm(WriteOp.Confirm op, BatchState state) {
        BatchState.TransferView transfer = state.transfers.get(op.transferId());
        if (transfer == null) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.UNKNOWN_TRANSFER, "transfer " + op.transferId() + " was never observed"));
        }
        if (transfer.confirmed) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.ALREADY_CONFIRMED,
                    "transfer " + op.transferId() + " is already confirmed (" + transfer.status + ")"));
        }
        // A transfer STUCK short of threshold that reaches threshold later confirms now (a STUCK one
        // with a command failed relaying after confirmation and is refused above as ALREADY_CONFIRMED).
        MintCommand command = op.command();
        Optional<String> mismatch = mismatch(transfer, command);
        if (mismatch.isPresent()) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.COMMAND_MISMATCH, mismatch.get()));
        }
        BigInteger balance = state.balance(transfer.sourceBank, transfer.destinationBank).add(command.amount().value());
        if (balance.compareTo(Amount.MAX_UINT256) > 0) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.BALANCE_OVERFLOW,
                    transfer.sourceBank.credToken() + " held by " + transfer.destinationBank + " would exceed uint256"));
        }
        LedgerEntry issued = new LedgerEntry(state.nextEntrySequence, EntryType.ISSUE, transfer.sourceBank, transfer.destinationBank,
                command.amount(), op.transferId().toString(), op.at());
        return new Plan<>(WriteResult.applied(issued), List.of(
                new Effect.ChangeStatus(op.transferId(), TransferStatus.CONFIRMED, op.at(), ""),
                new Effect.AppendEntry(issued),
                new Effect.InsertCommand(op.transferId(), command, op.digest(), op.signatures(), op.at()),
                new Effect.Audit(op.at(), AuditActions.CONSENSUS, AuditActions.TRANSFER_CONFIRMED, op.transferId().toString(),
                        "ISSUE " + transfer.sourceBank.credToken() + " to " + transfer.destinationBank + " amount " + command.amount()
                                + ", " + op.signatures().size() + " signatures")));
    }

    private static Plan<Void> relayAttempt(WriteOp.RecordRelayAttempt op, BatchState state) {
        BatchState.CommandView command = state.commands.get(op.commandId());
        if (command == null) {
            throw new IllegalArgumentException("relay attempt for command " + op.commandId() + ", which was never confirmed");
        }
        if (command.attempts.contains(op.attempt().attempt())) {
            return Plan.nothing(null);
        }
        var attempt = op.attempt();
        return new Plan<>(null, List.of(
                new Effect.InsertRelayAttempt(op.commandId(), attempt),
                new Effect.Audit(attempt.at(), AuditActions.RELAYER, AuditActions.RELAY_ATTEMPTED, op.commandId().toString(),
                        "attempt " + attempt.attempt() + ": " + attempt.outcome() + (attempt.detail().isEmpty() ? "" : " " + attempt.detail()))));
    }

    private static Plan<WriteResult<Void>> executed(WriteOp.MarkExecuted op, BatchState state) {
        BatchState.CommandView command = state.commands.get(op.commandId());
        if (command == null) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.UNKNOWN_COMMAND, "command " + op.commandId() + " was never confirmed"));
        }
        if (command.status == CommandRecord.Status.EXECUTED) {
            return Plan.nothing(WriteResult.applied(null));
        }
        var execution = op.execution();
        return new Plan<>(WriteResult.applied(null), List.of(
                new Effect.UpdateCommand(op.commandId(), CommandRecord.Status.EXECUTED, execution, null, op.at()),
                new Effect.ChangeStatus(command.transferId, TransferStatus.EXECUTED, op.at(), ""),
                new Effect.Audit(op.at(), AuditActions.RELAYER, AuditActions.COMMAND_EXECUTED, op.commandId().toString(),
                        "transaction " + execution.transactionHash() + " block " + execution.blockNumber() + " gas " + execution.gasUsed())));
    }

    private static Plan<WriteResult<Void>> stuck(WriteOp.MarkStuck op, BatchState state) {
        BatchState.TransferView transfer = state.transfers.get(op.transferId());
        if (transfer == null) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.UNKNOWN_TRANSFER, "transfer " + op.transferId() + " was never observed"));
        }
        if (transfer.status == TransferStatus.EXECUTED) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.ALREADY_EXECUTED, "transfer " + op.transferId() + " already executed"));
        }
        if (transfer.status == TransferStatus.STUCK) {
            return Plan.nothing(WriteResult.applied(null));
        }
        List<Effect> effects = new ArrayList<>();
        if (state.commands.containsKey(transfer.commandId)) {
            effects.add(new Effect.UpdateCommand(transfer.commandId, CommandRecord.Status.FAILED, null, op.reason(), op.at()));
        }
        effects.add(new Effect.ChangeStatus(op.transferId(), TransferStatus.STUCK, op.at(), op.reason()));
        effects.add(new Effect.Audit(op.at(), AuditActions.NODE, AuditActions.TRANSFER_STUCK, op.transferId().toString(), op.reason()));
        return new Plan<>(WriteResult.applied(null), effects);
    }

    private static Plan<WriteResult<NettingRound>> netting(WriteOp.ApplyNetting op, BatchState state) {
        NettingRound round = op.round();
        BalanceSnapshot current = state.balanceSnapshot();
        if (state.latestRound.isPresent() && sameRound(state.latestRound.get(), round) && current.equals(round.after())) {
            return Plan.nothing(WriteResult.applied(state.latestRound.get()));
        }
        if (!current.equals(round.before())) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.STALE_SNAPSHOT, "the balances changed since the round's snapshot was taken"));
        }
        NettingCheck check = NettingInvariants.check(round.strategyId(), round.strategyVersion(), false, round.before(), new NettingProposal(round.after()));
        if (check instanceof NettingCheck.Violated violated) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.NETTING_INVARIANT, violated.message()));
        }
        long roundId = state.nextRoundId;
        Map<BatchState.Pair, Amount> after = new HashMap<>();
        for (Obligation obligation : round.after().obligations()) {
            after.put(new BatchState.Pair(obligation.debtor(), obligation.creditor()), obligation.amount());
        }
        List<Effect> effects = new ArrayList<>();
        long sequence = state.nextEntrySequence;
        for (Obligation obligation : round.before().obligations()) {
            Amount remaining = after.getOrDefault(new BatchState.Pair(obligation.debtor(), obligation.creditor()), Amount.ZERO);
            if (obligation.amount().compareTo(remaining) > 0) {
                effects.add(new Effect.AppendEntry(new LedgerEntry(sequence++, EntryType.NETTING_BURN, obligation.debtor(), obligation.creditor(),
                        obligation.amount().minus(remaining), Long.toString(roundId), round.at())));
            }
        }
        NettingRound stored = new NettingRound(roundId, round.at(), round.strategyId(), round.strategyVersion(), round.inputDigest(),
                round.before(), round.after(), round.actor());
        effects.add(new Effect.InsertRound(stored));
        effects.add(new Effect.Audit(round.at(), round.actor(), AuditActions.NETTING_APPLIED, Long.toString(roundId),
                round.strategyId() + " " + round.strategyVersion() + ", " + (effects.size() - 1) + " burns, input " + round.inputDigest()));
        return new Plan<>(WriteResult.applied(stored), effects);
    }

    private static Plan<WriteResult<LedgerEntry>> settlement(WriteOp.ConfirmSettlement op, BatchState state) {
        Optional<String> invalid = invalidSettlement(op.debtor(), op.creditor(), op.amount(), op.reference(), op.actor());
        if (invalid.isPresent()) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.INVALID_SETTLEMENT, invalid.get()));
        }
        LedgerEntry existing = state.settlements.get(op.reference());
        if (existing != null) {
            if (existing.issuer().equals(op.debtor()) && existing.holder().equals(op.creditor()) && existing.amount().equals(op.amount())) {
                return Plan.nothing(WriteResult.applied(existing));
            }
            return Plan.nothing(WriteResult.rejected(RejectionCode.REFERENCE_CONFLICT, "reference " + op.reference() + " already settled "
                    + existing.amount() + " of " + existing.issuer() + " to " + existing.holder()));
        }
        BigInteger owed = state.balance(op.debtor(), op.creditor());
        if (owed.compareTo(op.amount().value()) < 0) {
            return Plan.nothing(WriteResult.rejected(RejectionCode.INSUFFICIENT_BALANCE,
                    op.debtor() + " owes " + op.creditor() + " " + owed + ", less than " + op.amount()));
        }
        LedgerEntry burned = new LedgerEntry(state.nextEntrySequence, EntryType.SETTLEMENT_BURN, op.debtor(), op.creditor(), op.amount(),
                op.reference(), op.at());
        return new Plan<>(WriteResult.applied(burned), List.of(
                new Effect.AppendEntry(burned),
                new Effect.Audit(op.at(), op.actor(), AuditActions.SETTLEMENT_CONFIRMED, op.reference(),
                        "SETTLEMENT_BURN " + op.debtor().credToken() + " held by " + op.creditor() + " amount " + op.amount())));
    }

    private static boolean sameRound(NettingRound stored, NettingRound round) {
        return stored.strategyId().equals(round.strategyId())
                && stored.strategyVersion().equals(round.strategyVersion())
                && stored.inputDigest().equals(round.inputDigest())
                && stored.before().equals(round.before())
                && stored.after().equals(round.after());
    }

    private static Optional<String> mismatch(BatchState.TransferView transfer, MintCommand command) {
        if (!command.commandId().equals(transfer.commandId)) {
            return Optional.of("command " + command.commandId() + " is not transfer " + transfer.transferId + "'s command " + transfer.commandId);
        }
        if (!command.sourceBank().equals(transfer.sourceBank) || !command.destinationBank().equals(transfer.destinationBank)
                || !command.recipient().equals(transfer.recipient) || !command.amount().equals(transfer.amount)) {
            return Optional.of("command " + command.commandId() + " does not mint what transfer " + transfer.transferId
                    + " burned: banks, recipient or amount differ");
        }
        return Optional.empty();
    }

    private static Optional<String> invalidSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor) {
        if (amount.isZero()) {
            return Optional.of("a settlement burns a positive amount");
        }
        if (debtor.equals(creditor)) {
            return Optional.of("a bank cannot settle with itself: " + debtor);
        }
        if (reference == null || reference.isBlank() || reference.length() > StorageLimits.MAX_NAME_LENGTH) {
            return Optional.of("a settlement reference is 1 to " + StorageLimits.MAX_NAME_LENGTH + " characters, not blank");
        }
        if (actor == null || actor.isBlank() || actor.length() > StorageLimits.MAX_NAME_LENGTH) {
            return Optional.of("a settlement names who confirmed it in 1 to " + StorageLimits.MAX_NAME_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
