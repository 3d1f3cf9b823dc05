package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.RelayAttempt;
import io.astraclear.ports.storage.TransferStatus;
import java.time.Instant;
import java.util.List;

/**
 * One state change a planned write makes. The planner only decides; {@link BatchState#apply}
 * carries a write's effects into the batch's view and rows all at once, after planning that write
 * succeeded, so a write that fails half-way leaves no trace in its batch.
 */
sealed interface Effect {
    record InsertTransfer(ObservedTransfer transfer, CommandId commandId, Instant at) implements Effect {}

    record ChangeStatus(TransferId transferId, TransferStatus status, Instant at, String reason) implements Effect {}

    record InsertQuarantined(QuarantinedLog log, Instant at) implements Effect {}

    record AdvanceCheckpoint(Checkpoint checkpoint, Instant at) implements Effect {}

    record InsertVote(Vote vote, boolean counted, Instant at) implements Effect {}

    record InsertCommand(TransferId transferId, MintCommand command, io.astraclear.ports.domain.Bytes32 digest, List<Signature> signatures, Instant at)
            implements Effect {}

    /** {@code execution} and {@code failureReason} are null when unchanged. */
    record UpdateCommand(CommandId commandId, CommandRecord.Status status, CommandRecord.Execution execution, String failureReason, Instant at)
            implements Effect {}

    record InsertRelayAttempt(CommandId commandId, RelayAttempt attempt) implements Effect {}

    /** The entry carries the sequence the planner reserved for it. */
    record AppendEntry(LedgerEntry entry) implements Effect {}

    record InsertRound(NettingRound round) implements Effect {}

    record Audit(Instant at, String actor, String action, String subject, String details) implements Effect {}
}
