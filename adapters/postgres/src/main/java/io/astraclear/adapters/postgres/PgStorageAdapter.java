package io.astraclear.adapters.postgres;

import static io.astraclear.ports.storage.StorageLimits.checkName;
import static io.astraclear.ports.storage.StorageLimits.checkSignatures;
import static io.astraclear.ports.storage.StorageLimits.checkSize;
import static io.astraclear.ports.storage.StorageLimits.required;

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
import io.astraclear.ports.storage.StorageLimits;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoredEvent;
import io.astraclear.ports.storage.TransferQuery;
import io.astraclear.ports.storage.TransferRecord;
import io.astraclear.ports.storage.TransferStatus;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link StoragePort} over PostgreSQL: reads go straight to a bounded pool, writes through the
 * {@link GroupCommitWriter}. Arguments are checked before a write is queued, so a malformed call
 * fails at once and never reaches a batch.
 */
final class PgStorageAdapter implements StoragePort {
    private final Pool readPool;
    private final Pool writerPool;
    private final StorageReads reads;
    private final GroupCommitWriter writer;
    private final PgEventLog events;
    private final Clock clock;
    private volatile boolean closed;

    PgStorageAdapter(Pool readPool, Pool writerPool, GroupCommitWriter writer, StorageReads reads, Clock clock) {
        this.readPool = readPool;
        this.writerPool = writerPool;
        this.writer = writer;
        this.reads = reads;
        this.events = new PgEventLog(readPool);
        this.clock = clock;
    }

    // --- chain watching ------------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank) {
        return read(() -> reads.checkpoint(required(bank, "bank")));
    }

    @Override
    public CompletionStage<List<ObservedTransfer>> recordObserved(List<ObservedTransfer> transfers, List<QuarantinedLog> quarantined, Checkpoint checkpoint) {
        return write(() -> {
            StorageLimits.checkObserved(transfers, quarantined, checkpoint);
            List<QuarantinedLog> logs = quarantined.stream().map(log -> new QuarantinedLog(log.sourceBank(), log.blockNumber(), log.transactionHash(),
                    log.logIndex(), StorageLimits.cut(log.reason(), StorageLimits.MAX_TEXT_LENGTH), StorageLimits.cut(log.rawData(), StorageLimits.MAX_RAW_DATA_LENGTH))).toList();
            List<CommandId> commandIds = transfers.stream().map(ObservedTransfer::commandId).toList();
            return new WriteOp.RecordObserved(List.copyOf(transfers), commandIds, logs, checkpoint, now(), new CompletableFuture<>());
        });
    }

    @Override
    public CompletionStage<List<QuarantinedLog>> quarantined(int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return reads.quarantined(limit);
        });
    }

    // --- votes ---------------------------------------------------------------------------------

    @Override
    public CompletionStage<VoteOutcome> recordVote(Vote vote) {
        return write(() -> new WriteOp.RecordVote(required(vote, "vote"), now(), new CompletableFuture<>()));
    }

    @Override
    public CompletionStage<List<Vote>> votes(Bytes32 digest) {
        return read(() -> reads.votes(required(digest, "digest")));
    }

    @Override
    public CompletionStage<List<Vote>> votesForCommand(CommandId commandId) {
        return read(() -> reads.votesForCommand(required(commandId, "commandId")));
    }

    // --- transfer lifecycle --------------------------------------------------------------------

    @Override
    public CompletionStage<WriteResult<LedgerEntry>> confirm(TransferId transferId, MintCommand command, List<Signature> signatures, Instant at) {
        return write(() -> {
            checkSignatures(signatures);
            return new WriteOp.Confirm(required(transferId, "transferId"), required(command, "command"), command.digest(), List.copyOf(signatures),
                    RowCodec.micros(required(at, "at")), new CompletableFuture<>());
        });
    }

    @Override
    public CompletionStage<Void> recordRelayAttempt(CommandId commandId, RelayAttempt attempt) {
        return write(() -> {
            required(attempt, "relay attempt");
            RelayAttempt stored = new RelayAttempt(attempt.attempt(), RowCodec.micros(attempt.at()),
                    StorageLimits.cut(attempt.outcome(), StorageLimits.MAX_TEXT_LENGTH), StorageLimits.cut(attempt.detail(), StorageLimits.MAX_TEXT_LENGTH));
            return new WriteOp.RecordRelayAttempt(required(commandId, "commandId"), stored, new CompletableFuture<>());
        });
    }

    @Override
    public CompletionStage<WriteResult<Void>> markExecuted(CommandId commandId, CommandRecord.Execution execution, Instant at) {
        return write(() -> new WriteOp.MarkExecuted(required(commandId, "commandId"), required(execution, "execution"),
                RowCodec.micros(required(at, "at")), new CompletableFuture<>()));
    }

    @Override
    public CompletionStage<WriteResult<Void>> markStuck(TransferId transferId, String reason, Instant at) {
        return write(() -> new WriteOp.MarkStuck(required(transferId, "transferId"), StorageLimits.cut(reason, StorageLimits.MAX_TEXT_LENGTH),
                RowCodec.micros(required(at, "at")), new CompletableFuture<>()));
    }

    @Override
    public CompletionStage<Optional<TransferRecord>> transfer(TransferId transferId) {
        return read(() -> reads.transfer(required(transferId, "transferId")));
    }

    @Override
    public CompletionStage<Page<TransferRecord>> transfers(TransferQuery query) {
        return read(() -> reads.transfers(required(query, "query")));
    }

    @Override
    public CompletionStage<List<TransferRecord>> transfersInStatus(TransferStatus status, int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return reads.transfersInStatus(required(status, "status"), limit);
        });
    }

    @Override
    public CompletionStage<Optional<CommandRecord>> command(CommandId commandId) {
        return read(() -> reads.command(required(commandId, "commandId")));
    }

    @Override
    public CompletionStage<List<CommandRecord>> pendingCommands(int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return reads.pendingCommands(limit);
        });
    }

    // --- ledger --------------------------------------------------------------------------------

    @Override
    public CompletionStage<BalanceSnapshot> balances() {
        return read(reads::balances);
    }

    @Override
    public CompletionStage<Page<LedgerEntry>> journal(Optional<String> cursor, int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return reads.journal(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<WriteResult<NettingRound>> applyNetting(NettingRound round) {
        return write(() -> {
            required(round, "netting round");
            checkName(round.strategyId(), "strategy id");
            checkName(round.strategyVersion(), "strategy version");
            checkName(round.actor(), "actor");
            NettingRound truncated = new NettingRound(round.roundId(), RowCodec.micros(round.at()), round.strategyId(), round.strategyVersion(),
                    round.inputDigest(), round.before(), round.after(), round.actor());
            return new WriteOp.ApplyNetting(truncated, new CompletableFuture<>());
        });
    }

    @Override
    public CompletionStage<Optional<NettingRound>> nettingRound(long roundId) {
        return read(() -> reads.nettingRound(roundId));
    }

    @Override
    public CompletionStage<Page<NettingRound>> nettingRounds(Optional<String> cursor, int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return reads.nettingRounds(required(cursor, "cursor"), limit);
        });
    }

    @Override
    public CompletionStage<WriteResult<LedgerEntry>> confirmSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor, Instant at) {
        return write(() -> new WriteOp.ConfirmSettlement(required(debtor, "debtor"), required(creditor, "creditor"), required(amount, "amount"),
                reference, actor, RowCodec.micros(required(at, "at")), new CompletableFuture<>()));
    }

    // --- audit ---------------------------------------------------------------------------------

    @Override
    public CompletionStage<Page<AuditEntry>> auditLog(Optional<String> cursor, int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return reads.auditLog(required(cursor, "cursor"), limit);
        });
    }

    // --- event stream --------------------------------------------------------------------------

    @Override
    public CompletionStage<Void> appendEvents(List<StoredEvent> appended) {
        return read(() -> {
            checkSize(required(appended, "events"), StorageLimits.MAX_EVENTS_PER_WRITE, "events");
            long previous = 0;
            for (StoredEvent event : appended) {
                if (required(event, "event").id() <= previous) {
                    throw new IllegalArgumentException("event ids must ascend within one write: " + event.id() + " after " + previous);
                }
                previous = event.id();
            }
            return events.append(List.copyOf(appended));
        });
    }

    @Override
    public CompletionStage<List<StoredEvent>> events(long afterId, int limit) {
        return read(() -> {
            Page.checkLimit(limit);
            return events.after(afterId, limit);
        });
    }

    @Override
    public CompletionStage<Long> lastEventId() {
        return read(events::lastId);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close().onComplete(drained -> {
            writerPool.close();
            readPool.close();
        });
    }

    GroupCommitWriter.Statistics writerStatistics() {
        return writer.statistics();
    }

    // --- internals -----------------------------------------------------------------------------

    private <T> CompletionStage<T> read(Supplier<Future<T>> query) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
        }
        try {
            return query.get().toCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletionStage<T> write(Supplier<WriteOp<T>> op) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
        }
        WriteOp<T> checked;
        try {
            checked = op.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writer.submit(checked);
    }

    private Instant now() {
        return RowCodec.micros(clock.instant());
    }

}
