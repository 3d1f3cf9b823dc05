package io.astraclear.ports.chain;

import java.util.List;
import java.util.Optional;

/**
 * One read of a Gateway: the final (finality-depth deep) transfers after a checkpoint, in chain
 * order, the logs put in quarantine, and the checkpoint to continue from. A {@code reorg} is set
 * when the block under the given checkpoint is no longer canonical; nothing is delivered then.
 */
public record ChainEvents(
        List<ObservedTransfer> transfers,
        List<QuarantinedLog> quarantined,
        Checkpoint next,
        long headBlock,
        Optional<Reorg> reorg) {

    public ChainEvents {
        transfers = List.copyOf(transfers);
        quarantined = List.copyOf(quarantined);
        reorg = reorg == null ? Optional.empty() : reorg;
    }

    /** The block under a delivered checkpoint changed: an operator must look. */
    public record Reorg(Checkpoint stored, String canonicalBlockHash) {}
}
