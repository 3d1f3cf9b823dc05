package io.astraclear.node.services;

import io.astraclear.ports.domain.BankId;

/** How one chain watcher is doing: reachable, how far it has attested, the chain's head and the lag between. */
public record WatcherStatus(BankId bank, long chainId, boolean reachable, long checkpointBlock, long headBlock, long lagBlocks,
        long observationsAttested, long quarantinedLogs, boolean reorgDetected) {}
