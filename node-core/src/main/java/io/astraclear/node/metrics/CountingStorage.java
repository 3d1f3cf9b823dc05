package io.astraclear.node.metrics;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.storage.AuditEntry;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.Page;
import io.astraclear.ports.storage.RelayAttempt;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoredEvent;
import io.astraclear.ports.storage.TransferQuery;
import io.astraclear.ports.storage.TransferRecord;
import io.astraclear.ports.storage.TransferStatus;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A {@link StoragePort} that counts what the pipeline writes and the event stream does not say:
 * every vote stored (by outcome) and every relay attempt (by outcome). Everything else passes
 * through unchanged.
 */
final class CountingStorage implements StoragePort {
    private final StoragePort delegate;
    private final Consumer<String> votes;
    private final Consumer<String> relayAttempts;

    CountingStorage(StoragePort delegate, Consumer<String> votes, Consumer<String> relayAttempts) {
        this.delegate = delegate;
        this.votes = votes;
        this.relayAttempts = relayAttempts;
    }

    @Override
    public CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank) {
        return delegate.checkpoint(bank);
    }

    @Override
    public CompletionStage<List<ObservedTransfer>> recordObserved(List<ObservedTransfer> transfers, List<QuarantinedLog> quarantined, Checkpoint checkpoint) {
        return delegate.recordObserved(transfers, quarantined, checkpoint);
    }

    @Override
    public CompletionStage<List<QuarantinedLog>> quarantined(int limit) {
        return delegate.quarantined(limit);
    }

    @Override
    public CompletionStage<VoteOutcome> recordVote(Vote vote) {
        return delegate.recordVote(vote).whenComplete((outcome, failure) -> votes.accept(outcome == null ? "FAILED" : outcome.name()));
    }

    @Override
    public CompletionStage<List<Vote>> votes(Bytes32 digest) {
        return delegate.votes(digest);
    }

    @Override
    public CompletionStage<List<Vote>> votesForCommand(CommandId commandId) {
        return delegate.votesForCommand(commandId);
    }

    @Override
    public CompletionStage<WriteResult<LedgerEntry>> confirm(TransferId transferId, MintCommand command, List<Signature> signatures, Instant at) {
        return delegate.confirm(transferId, command, signatures, at);
    }

    @Override
    public CompletionStage<Void> recordRelayAttempt(CommandId commandId, RelayAttempt attempt) {
        return delegate.recordRelayAttempt(commandId, attempt).whenComplete((ok, failure) -> relayAttempts.accept(attempt == null ? "UNKNOWN" : attempt.outcome()));
    }

    @Override
    public CompletionStage<WriteResult<Void>> markExecuted(CommandId commandId, CommandRecord.Execution execution, Instant at) {
        return delegate.markExecuted(commandId, execution, at);
    }

    @Override
    public CompletionStage<WriteResult<Void>> markStuck(TransferId transferId, String reason, Instant at) {
        return delegate.markStuck(transferId, reason, at);
    }

    @Override
    public CompletionStage<Optional<TransferRecord>> transfer(TransferId transferId) {
        return delegate.transfer(transferId);
    }

    @Override
    public CompletionStage<Page<TransferRecord>> transfers(TransferQuery query) {
        return delegate.transfers(query);
    }

    @Override
    public CompletionStage<List<TransferRecord>> transfersInStatus(TransferStatus status, int limit) {
        return delegate.transfersInStatus(status, limit);
    }

    @Override
    public CompletionStage<Optional<CommandRecord>> command(CommandId commandId) {
        return delegate.command(commandId);
    }

    @Override
    public CompletionStage<List<CommandRecord>> pendingCommands(int limit) {
        return delegate.pendingCommands(limit);
    }

    @Override
    public CompletionStage<BalanceSnapshot> balances() {
        return delegate.balances();
    }

    @Override
    public CompletionStage<Page<LedgerEntry>> journal(Optional<String> cursor, int limit) {
        return delegate.journal(cursor, limit);
    }

    @Override
    public CompletionStage<WriteResult<NettingRound>> applyNetting(NettingRound round) {
        return delegate.applyNetting(round);
    }

    @Override
    public CompletionStage<Optional<NettingRound>> nettingRound(long roundId) {
        return delegate.nettingRound(roundId);
    }

    @Override
    public CompletionStage<Page<NettingRound>> nettingRounds(Optional<String> cursor, int limit) {
        return delegate.nettingRounds(cursor, limit);
    }

    @Override
    public CompletionStage<WriteResult<LedgerEntry>> confirmSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor, Instant at) {
        return delegate.confirmSettlement(debtor, creditor, amount, reference, actor, at);
    }

    @Override
    public CompletionStage<Page<AuditEntry>> auditLog(Optional<String> cursor, int limit) {
        return delegate.auditLog(cursor, limit);
    }

    @Override
    public CompletionStage<Void> appendEvents(List<StoredEvent> events) {
        return delegate.appendEvents(events);
    }

    @Override
    public CompletionStage<List<StoredEvent>> events(long afterId, int limit) {
        return delegate.events(afterId, limit);
    }

    @Override
    public CompletionStage<Long> lastEventId() {
        return delegate.lastEventId();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
