package io.astraclear.adapters.besu;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;

/** A Gateway log after decoding: a transfer to deliver, or a log to put in quarantine. */
sealed interface DecodedLog {
    long blockNumber();

    record Transfer(ObservedTransfer transfer) implements DecodedLog {
        @Override
        public long blockNumber() {
            return transfer.blockNumber();
        }
    }

    record Quarantined(QuarantinedLog log) implements DecodedLog {
        @Override
        public long blockNumber() {
            return log.blockNumber();
        }
    }
}
