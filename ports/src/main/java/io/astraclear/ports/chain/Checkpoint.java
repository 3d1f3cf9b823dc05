package io.astraclear.ports.chain;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;

/** The last block of a bank's chain whose events are durably recorded; watching resumes after it. */
public record Checkpoint(BankId bank, long blockNumber, Bytes32 blockHash) {
    public Checkpoint {
        if (bank == null || blockHash == null || blockNumber < 0) {
            throw new IllegalArgumentException("checkpoint needs a bank, a block number >= 0 and a block hash");
        }
    }
}
