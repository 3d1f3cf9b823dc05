package io.astraclear.ports.chain;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;

/** A Gateway log the watcher could not accept (undecodable, or naming an unknown bank), kept for operators. */
public record QuarantinedLog(BankId sourceBank, long blockNumber, Bytes32 transactionHash, int logIndex, String reason, String rawData) {
    public QuarantinedLog {
        if (sourceBank == null || transactionHash == null || reason == null) {
            throw new IllegalArgumentException("quarantined log needs a bank, a transaction hash and a reason");
        }
        rawData = rawData == null ? "" : rawData;
    }
}
