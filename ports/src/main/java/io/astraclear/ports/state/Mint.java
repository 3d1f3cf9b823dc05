package io.astraclear.ports.state;

import io.astraclear.ports.domain.Bytes32;

/**
 * Where a transfer was minted: the destination-chain transaction and block of the Executor's
 * {@code CommandExecuted}, and the hub height at which a threshold of validators had attested it.
 */
public record Mint(Bytes32 transactionHash, long blockNumber, long height) {
    public Mint {
        if (transactionHash == null || blockNumber < 0 || height < 1) {
            throw new IllegalArgumentException("mint needs a transaction hash, a block number and a hub height");
        }
    }
}
