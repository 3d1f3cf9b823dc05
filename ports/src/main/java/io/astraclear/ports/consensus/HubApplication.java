package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes;
import java.util.concurrent.CompletionStage;

/**
 * The hub as a consensus engine drives it (shaped like ABCI): the node implements it, an engine
 * calls it. The engine calls one method at a time and waits for its stage before the next call,
 * {@link #finalizeBlock} and {@link #commit} strictly alternating, heights consecutive from
 * {@code info().height() + 1}.
 */
public interface HubApplication {
    /** The last committed block (height 0: nothing yet, the genesis app hash): where the engine resumes. */
    CompletionStage<CommittedHead> info();

    /**
     * Admission ({@code CheckTx}): decodes, checks the signature and the sender's role against the
     * committed state. Changes nothing. A transaction admitted here is judged again in its block.
     */
    CompletionStage<Admission> check(Bytes transaction);

    /**
     * Applies a block in memory ({@code FinalizeBlock}): every transaction re-validated, then the
     * end-of-block steps; returns each transaction's result and the new app hash. Nothing is durable
     * until {@link #commit}. A stage that fails means a broken node: the engine must stop, never
     * commit.
     */
    CompletionStage<BlockOutcome> finalizeBlock(HubBlock block);

    /** Makes the last finalized block durable with its height and app hash, in one storage transaction. */
    CompletionStage<CommittedHead> commit();
}
