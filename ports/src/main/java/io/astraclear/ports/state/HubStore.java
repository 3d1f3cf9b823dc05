package io.astraclear.ports.state;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.netting.BalanceSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the hub's committed state lives. It persists what the state machine decided, block by
 * block, and serves it back; it holds no business rule of its own.
 *
 * <p>Writes: {@link #commit} writes one block's {@link BlockEffects} in one transaction, heights
 * strictly consecutive from 1. Committing a height that is already committed with the same app
 * hash is a no-op (an engine replaying a block after a crash between commit and acknowledgement);
 * with another app hash, or with a gap, the stage fails with {@link IllegalStateException} and
 * nothing is written. Images replace the stored image with the same key; log records
 * (journal, netting rounds, settlements, evidence, transactions, events) are appended.
 *
 * <p>Reads see committed blocks only, never a block half written. Listings of logs are oldest
 * first and tailed with their cursor; transfers are newest first (by sequence). Cursors are opaque
 * and belong to the listing that produced them; a malformed one fails the stage with
 * {@link IllegalArgumentException}.
 *
 * <p>Node-local records (watch checkpoints, quarantined logs) are not hub state: each node keeps
 * its own, outside blocks and the app hash.
 *
 * <p>Every call is non-blocking; implementations are safe for concurrent readers while a commit runs.
 */
public interface HubStore extends AutoCloseable {

    // --- the state machine's side --------------------------------------------------------------

    /** The live state of the last committed block; empty when nothing was ever committed. */
    CompletionStage<Optional<LiveState>> load();

    /** Writes one block's effects atomically (see the class comment for heights and repeats). */
    CompletionStage<Void> commit(BlockEffects effects);

    /** The stored images of these transfers, in any status; unknown ids are left out (order not specified). */
    CompletionStage<List<HubTransfer>> transfers(Collection<TransferId> transferIds);

    // --- reads ----------------------------------------------------------------------------------

    CompletionStage<Optional<HubHead>> head();

    CompletionStage<Optional<HubTransfer>> transfer(TransferId transferId);

    /** Newest first; {@code observedFrom}/{@code observedTo} filter on the first attestation's block time (from inclusive, to exclusive). */
    CompletionStage<Page<HubTransfer>> transfers(TransferQuery query);

    CompletionStage<Optional<HubBatch>> batch(BatchId batchId);

    /** Batches newest first, of one destination bank or of all. */
    CompletionStage<Page<HubBatch>> batches(Optional<BankId> bank, Optional<String> cursor, int limit);

    CompletionStage<BalanceSnapshot> balances();

    CompletionStage<Optional<ValidatorSets>> validatorSets();

    CompletionStage<Page<JournalEntry>> journal(Optional<String> cursor, int limit);

    CompletionStage<Optional<NettingRecord>> nettingRound(long roundId);

    CompletionStage<Page<NettingRecord>> nettingRounds(Optional<String> cursor, int limit);

    CompletionStage<Page<SettlementRecord>> settlements(Optional<String> cursor, int limit);

    CompletionStage<Optional<TxRecord>> transaction(Bytes32 transactionHash);

    CompletionStage<Page<TxRecord>> transactions(Optional<String> cursor, int limit);

    CompletionStage<Page<EquivocationEvidence>> evidence(Optional<String> cursor, int limit);

    /** Events with an id above {@code afterId}, ascending, at most {@code limit} ({@link Page#checkLimit}). */
    CompletionStage<List<HubEvent>> events(long afterId, int limit);

    // --- node-local ------------------------------------------------------------------------------

    CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank);

    /**
     * Stores where this node's watcher of {@code checkpoint.bank()} continues and the logs it put in
     * quarantine on the way, in one transaction. A checkpoint never moves backwards: one at or below
     * the stored block is ignored without error. Quarantined logs are keyed by (bank, transaction
     * hash, log index).
     */
    CompletionStage<Void> saveCheckpoint(Checkpoint checkpoint, List<QuarantinedLog> quarantined);

    /** Quarantined logs, oldest first. */
    CompletionStage<List<QuarantinedLog>> quarantined(int limit);

    /** Stops accepting work; a commit already accepted still completes. Later calls fail with {@link IllegalStateException}. */
    @Override
    void close();
}
