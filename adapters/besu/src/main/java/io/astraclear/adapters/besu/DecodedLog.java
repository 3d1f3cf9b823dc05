package io.astraclear.adapters.besu;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;

/** A log of the bank's Gateway or Executor after decoding: a transfer or an Executor log to deliver, or a log to put in quarantine. */
sealed interface DecodedLog {
    long blockNumber();

    int logIndex();

    /** A Gateway's {@code TransferInitiated}. */
    record Transfer(ObservedTransfer transfer) implements DecodedLog {
        @Override
        public long blockNumber() {
            return transfer.blockNumber();
        }

        @Override
        public int logIndex() {
            return transfer.logIndex();
        }
    }

    /** An Executor's command outcome or validator-set update. */
    record ExecutorLog(Observation.ExecutorLog observation) implements DecodedLog {
        @Override
        public long blockNumber() {
            return observation.position().blockNumber();
        }

        @Override
        public int logIndex() {
            return observation.position().logIndex();
        }
    }

    record Quarantined(QuarantinedLog log) implements DecodedLog {
        @Override
        public long blockNumber() {
            return log.blockNumber();
        }

        @Override
        public int logIndex() {
            return log.logIndex();
        }
    }
}
