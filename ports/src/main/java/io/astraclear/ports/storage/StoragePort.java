package io.astraclear.ports.storage;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the node must never lose. Every write is one transaction and idempotent on its natural
 * key: a repeated event, vote or command is a no-op, not an error and not a duplicate. Every
 * state change also appends to the audit log in the same transaction ({@link AuditActions}). The
 * ledger invariants hold in storage too: no balance below zero, entries immutable, one ISSUE per
 * transfer.
 *
 * <p>Results: business refusals come back as {@link WriteResult.Rejected} with a
 * {@link RejectionCode}; failed futures mean I/O trouble or a broken program
 * ({@link IllegalArgumentException} for arguments beyond {@link StorageLimits} or a malformed
 * cursor). A write refused because the implementation's bounded write queue is full fails with
 * {@link java.util.concurrent.RejectedExecutionException}: back off and retry. After an I/O
 * failure a write may or may not have committed; retrying it is safe because writes are
 * idempotent.
 *
 * <p>Concurrency: implementations are safe for concurrent callers and may batch concurrent writes
 * into one transaction (group commit); a write's future completes after its transaction commits,
 * and one caller's refused write never undoes another's.
 *
 * <p>Time: writes without an {@code at} (observations, votes) are stamped with the storage's own
 * clock. Stored instants keep microseconds; finer parts are dropped.
 *
 * <p>Orders: listings of append-only logs (journal, audit log, netting rounds, quarantined logs)
 * are oldest first, so a reader tails them with the cursor; transfers are newest first. A page's
 * cursor is opaque and belongs to the listing (and filters) that produced it.
 */
public interface StoragePort extends AutoCloseable {

    // --- chain watching ------------------------------------------------------------------------

    CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank);

    /**
     * Stores newly observed transfers as OBSERVED (those already stored, or repeated within the
     * list, are skipped: a transfer is keyed by its transferId only), the quarantined logs (keyed
     * by bank, transaction hash and log index), and advances the bank's checkpoint, all in one
     * transaction. A checkpoint never moves backwards: one at or below the stored block is kept as
     * it is, without error, so re-scanning blocks is harmless. Every transfer and log must come
     * from the checkpoint's bank. Returns the transfers that were new, in the order given.
     */
    CompletionStage<List<ObservedTransfer>> recordObserved(List<ObservedTransfer> transfers, List<QuarantinedLog> quarantined, Checkpoint checkpoint);

    /** Quarantined logs, oldest first. */
    CompletionStage<List<QuarantinedLog>> quarantined(int limit);

    // --- votes ---------------------------------------------------------------------------------

    /**
     * Stores a vote already verified by the node (signature recovers to {@code validator}).
     * {@code RECORDED} for a validator's first digest of a command: that vote counts.
     * {@code EQUIVOCATION} for a later, different digest of the same command by the same
     * validator: stored as evidence, audited, and never counted — not for that digest, and it does
     * not displace the first vote. {@code DUPLICATE} for a (digest, validator) already stored,
     * whether counted or evidence, even with a different signature: the first one stays.
     */
    CompletionStage<VoteOutcome> recordVote(Vote vote);

    /** The counted votes for one digest, ordered by validator address ascending; evidence of equivocation is never among them. */
    CompletionStage<List<Vote>> votes(Bytes32 digest);

    /** Every vote for a command, every digest included (equivocation evidence shows here), in the order recorded. */
    CompletionStage<List<Vote>> votesForCommand(CommandId commandId);

    // --- transfer lifecycle --------------------------------------------------------------------

    /**
     * Confirms a transfer: status CONFIRMED, the ledger ISSUE of {@code cred-source} to the
     * destination bank, and the command (status PENDING) with its threshold signatures, in one
     * transaction. Signatures are stored in the order given, which must be signer-ascending as the
     * Executor requires (storage cannot recover signers), without repeats. A transfer marked STUCK
     * short of threshold (never confirmed) is confirmed by this call: votes that arrive after the
     * voting timeout (a validator that was down catches up) still complete it, and its history shows
     * OBSERVED, STUCK, CONFIRMED. A transfer STUCK because relaying failed was confirmed before and
     * is refused like any other confirmed one. Rejected with {@code ALREADY_CONFIRMED} when the
     * transfer was confirmed before (whatever its status now), {@code UNKNOWN_TRANSFER} when never
     * observed, {@code COMMAND_MISMATCH} when the command is not the one the observed
     * transfer calls for (commandId, banks, recipient, amount), {@code BALANCE_OVERFLOW} when the
     * balance would exceed uint256. The applied entry carries its journal sequence.
     */
    CompletionStage<WriteResult<LedgerEntry>> confirm(TransferId transferId, MintCommand command, List<Signature> signatures, Instant at);

    /**
     * Appends a relay attempt to a confirmed command; idempotent on (commandId, attempt number).
     * An unknown command fails the future with {@link IllegalArgumentException}: only confirmed
     * commands are relayed.
     */
    CompletionStage<Void> recordRelayAttempt(CommandId commandId, RelayAttempt attempt);

    /**
     * Command EXECUTED and its transfer EXECUTED. Idempotent: a second call keeps the first
     * execution. The chain is the authority, so this also applies to a command FAILED and a
     * transfer STUCK after relaying gave up (another relayer may have landed it).
     * {@code UNKNOWN_COMMAND} when the command was never confirmed.
     */
    CompletionStage<WriteResult<Void>> markExecuted(CommandId commandId, CommandRecord.Execution execution, Instant at);

    /**
     * Transfer STUCK with a reason: short of threshold (an OBSERVED transfer), or relaying failed
     * (a CONFIRMED one, whose command then becomes FAILED with the reason and leaves
     * {@link #pendingCommands}). Idempotent: STUCK stays STUCK with its first reason.
     * {@code UNKNOWN_TRANSFER} when never observed, {@code ALREADY_EXECUTED} when its mint executed.
     */
    CompletionStage<WriteResult<Void>> markStuck(TransferId transferId, String reason, Instant at);

    CompletionStage<Optional<TransferRecord>> transfer(TransferId transferId);

    /**
     * Newest observed first (ties in insertion order, newest first); {@code observedFrom} is
     * inclusive, {@code observedTo} exclusive, {@code status} is the current status.
     */
    CompletionStage<Page<TransferRecord>> transfers(TransferQuery query);

    /** In the current status, oldest observed first; for resuming work after a restart and for the voting timeout. */
    CompletionStage<List<TransferRecord>> transfersInStatus(TransferStatus status, int limit);

    CompletionStage<Optional<CommandRecord>> command(CommandId commandId);

    /** Commands confirmed but not yet executed or failed, oldest confirmation first. */
    CompletionStage<List<CommandRecord>> pendingCommands(int limit);

    // --- ledger --------------------------------------------------------------------------------

    /** Current IOU balances in canonical form. */
    CompletionStage<BalanceSnapshot> balances();

    /** Journal entries in sequence order, oldest first. */
    CompletionStage<Page<LedgerEntry>> journal(Optional<String> cursor, int limit);

    /**
     * Applies a burn-only netting round: checks that the current balances are exactly
     * {@code round.before()} (else {@code STALE_SNAPSHOT}) and that {@code round.after()} keeps the
     * ledger invariants with no balance increased and no new pair (else {@code NETTING_INVARIANT});
     * appends one NETTING_BURN per decreased pair (reference: the round id in decimal), stores the
     * round. One transaction. The returned round carries its assigned id ({@code round.roundId()}
     * is ignored). Idempotent: the same round (strategy, version, input digest, before and after)
     * applied again while the balances still equal its {@code after} returns the stored round.
     */
    CompletionStage<WriteResult<NettingRound>> applyNetting(NettingRound round);

    CompletionStage<Optional<NettingRound>> nettingRound(long roundId);

    /** Netting rounds in id order, oldest first. */
    CompletionStage<Page<NettingRound>> nettingRounds(Optional<String> cursor, int limit);

    /**
     * Burns {@code amount} of {@code cred-debtor} held by {@code creditor} once it was paid outside
     * the system. Idempotent on {@code reference}: the same settlement again returns the stored
     * entry. {@code INSUFFICIENT_BALANCE} when more than owed, {@code REFERENCE_CONFLICT} when the
     * reference was used for a different settlement, {@code INVALID_SETTLEMENT} for a zero amount,
     * one bank on both sides, or a blank or over-long reference or actor.
     */
    CompletionStage<WriteResult<LedgerEntry>> confirmSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor, Instant at);

    // --- audit ---------------------------------------------------------------------------------

    /** Audit entries in sequence order, oldest first. */
    CompletionStage<Page<AuditEntry>> auditLog(Optional<String> cursor, int limit);

    // --- event stream --------------------------------------------------------------------------

    /**
     * Appends events of the node's event stream, ids strictly ascending within the call (else
     * {@link IllegalArgumentException}), at most {@link StorageLimits#MAX_EVENTS_PER_WRITE}.
     * Idempotent on the id: an id already stored keeps its first content, without error. Values
     * longer than {@link StorageLimits#MAX_TEXT_LENGTH} are cut. Events are not part of the ledger
     * transactions: the node appends them after the state change they report.
     */
    CompletionStage<Void> appendEvents(List<StoredEvent> events);

    /** Events with an id above {@code afterId}, ascending, at most {@code limit} ({@link Page#checkLimit}). */
    CompletionStage<List<StoredEvent>> events(long afterId, int limit);

    /** The highest stored event id, 0 when none: where the node's numbering continues after a restart. */
    CompletionStage<Long> lastEventId();

    /** Stops accepting work; writes already accepted still complete. Later calls fail with {@link IllegalStateException}. */
    @Override
    void close();
}
