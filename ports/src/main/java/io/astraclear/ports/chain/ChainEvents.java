package io.astraclear.ports.chain;

import java.util.List;
import java.util.Optional;

/**
 * One read of a bank's chain: the final (finality-depth deep) logs after a checkpoint of both the
 * bank's contracts — the Gateway's {@code TransferInitiated} transfers and the Executor's logs
 * ({@link Observation.ExecutorLog}: command outcomes and validator-set updates) — each list in chain
 * order, the logs put in quarantine, and the checkpoint to continue from. Both contracts are read
 * together and delivered on the same block boundaries: the checkpoint covers every log of either
 * contract up to it. A {@code reorg} is set when the block under the given checkpoint is no longer
 * canonical; nothing is delivered then.
 */
public record ChainEvents(
        List<ObservedTransfer> transfers,
        List<Observation.ExecutorLog> executorLogs,
        List<QuarantinedLog> quarantined,
        Checkpoint next,
        long headBlock,
        Optional<Reorg> reorg) {

    public ChainEvents {
        transfers = List.copyOf(transfers);
        executorLogs = List.copyOf(executorLogs);
        quarantined = List.copyOf(quarantined);
        reorg = reorg == null ? Optional.empty() : reorg;
    }

    /** The block under a delivered checkpoint changed: an operator must look. */
    public record Reorg(Checkpoint stored, String canonicalBlockHash) {}
}
