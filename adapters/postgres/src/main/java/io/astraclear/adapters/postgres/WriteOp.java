package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.RelayAttempt;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for its batch: the port call's arguments (already validated) and the future
 * its caller holds, completed once the batch's transaction has committed.
 */
sealed interface WriteOp<T> {
    CompletableFuture<T> result();

    /** Rows it may write, roughly: what bounds a batch besides its number of writes. */
    default int weight() {
        return 1;
    }

    /** {@code commandIds} are the transfers' commandIds, hashed on the caller's thread rather than the writer's. */
    record RecordObserved(List<ObservedTransfer> transfers, List<CommandId> commandIds, List<QuarantinedLog> quarantined, Checkpoint checkpoint,
                          Instant at, CompletableFuture<List<ObservedTransfer>> result) implements WriteOp<List<ObservedTransfer>> {
        @Override
        public int weight() {
            return 1 + transfers.size() + quarantined.size();
        }
    }

    record RecordVote(Vote vote, Instant at, CompletableFuture<VoteOutcome> result) implements WriteOp<VoteOutcome> {}

    /** {@code digest} is the command's, hashed on the caller's thread rather than the writer's. */
    record Confirm(TransferId transferId, MintCommand command, io.astraclear.ports.domain.Bytes32 digest, List<Signature> signatures, Instant at,
                   CompletableFuture<WriteResult<LedgerEntry>> result) implements WriteOp<WriteResult<LedgerEntry>> {}

    record RecordRelayAttempt(CommandId commandId, RelayAttempt attempt, CompletableFuture<Void> result) implements WriteOp<Void> {}

    record MarkExecuted(CommandId commandId, CommandRecord.Execution execution, Instant at,
                        CompletableFuture<WriteResult<Void>> result) implements WriteOp<WriteResult<Void>> {}

    record MarkStuck(TransferId transferId, String reason, Instant at,
                     CompletableFuture<WriteResult<Void>> result) implements WriteOp<WriteResult<Void>> {}

    record ApplyNetting(NettingRound round, CompletableFuture<WriteResult<NettingRound>> result) implements WriteOp<WriteResult<NettingRound>> {
        @Override
        public int weight() {
            return 1 + round.before().obligations().size();
        }
    }

    record ConfirmSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor, Instant at,
                             CompletableFuture<WriteResult<LedgerEntry>> result) implements WriteOp<WriteResult<LedgerEntry>> {}
}
