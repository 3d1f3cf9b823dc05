package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.BankId;
import java.util.List;

/** A snapshot of the pipeline for health checks and the API. */
public record PipelineStatus(List<Chain> chains, int transfersAwaitingVotes, int commandsInRelay, long rejectedVotes) {
    public PipelineStatus {
        chains = List.copyOf(chains);
    }

    /** One watched chain: whether its RPC answers and how far behind the head the stored checkpoint is. */
    public record Chain(BankId bank, long chainId, boolean reachable, long checkpointBlock, long headBlock, long lagBlocks) {}
}
