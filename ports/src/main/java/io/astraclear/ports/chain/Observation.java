package io.astraclear.ports.chain;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import java.util.List;

/**
 * One thing a validator saw on a bank's chain, as it attests it in a hub {@code Attest} transaction:
 * a source Gateway's {@code TransferInitiated}, or a destination Executor's outcome. Validators that
 * saw the same log attest identical observations: the hub compares them by {@link #digest()} among
 * the attestations with the same {@link #key()} (what the observation is about).
 */
public sealed interface Observation {
    /** What this observation is about: the transfer id, or the Executor log's identity. */
    Bytes32 key();

    /** The canonical digest of every field: equal digests, equal observations. */
    Bytes32 digest();

    /** The bank whose chain emitted the log. */
    BankId bank();

    /** A source Gateway's {@code TransferInitiated}, with every event field and where it was logged. */
    record TransferInitiated(ObservedTransfer transfer) implements Observation {
        public TransferInitiated {
            if (transfer == null) {
                throw new IllegalArgumentException("transfer observation needs the transfer");
            }
        }

        @Override
        public Bytes32 key() {
            return transfer.transferId().value();
        }

        @Override
        public Bytes32 digest() {
            return ObservationDigests.transferObservation(transfer);
        }

        @Override
        public BankId bank() {
            return transfer.sourceBank();
        }
    }

    /** Where an Executor log was emitted: its transaction, block and index. */
    record LogPosition(Bytes32 transactionHash, long blockNumber, int logIndex) {
        public LogPosition {
            if (transactionHash == null || blockNumber < 0 || logIndex < 0) {
                throw new IllegalArgumentException("a log position needs a transaction hash, a block >= 0 and a log index >= 0");
            }
        }
    }

    /** The Executor logs of one bank's chain, keyed by the log's position. */
    sealed interface ExecutorLog extends Observation {
        LogPosition position();

        @Override
        default Bytes32 key() {
            return ObservationDigests.executorLogKey(bank(), position().transactionHash(), position().logIndex());
        }
    }

    /** {@code CommandExecuted(commandId, recipient, amount)}: the mint happened. */
    record CommandExecuted(BankId bank, CommandId commandId, Address recipient, Amount amount, LogPosition position) implements ExecutorLog {
        public CommandExecuted {
            if (bank == null || commandId == null || recipient == null || amount == null || position == null) {
                throw new IllegalArgumentException("CommandExecuted observation has a missing field");
            }
        }

        @Override
        public Bytes32 digest() {
            return ObservationDigests.commandExecuted(this);
        }
    }

    /** {@code CommandSkipped(commandId, reason)}: a batch entry that was not minted by this log (0: processed already). */
    record CommandSkipped(BankId bank, CommandId commandId, int reason, LogPosition position) implements ExecutorLog {
        public CommandSkipped {
            if (bank == null || commandId == null || position == null || reason < 0 || reason > 255) {
                throw new IllegalArgumentException("CommandSkipped observation needs a bank, a command, a reason 0-255 and a position");
            }
        }

        @Override
        public Bytes32 digest() {
            return ObservationDigests.commandSkipped(this);
        }
    }

    /** {@code CommandFailed(commandId, reason)}: a batch entry whose mint reverted in the token; left unprocessed. */
    record CommandFailed(BankId bank, CommandId commandId, Bytes revertData, LogPosition position) implements ExecutorLog {
        /** Longer revert data is cut by the watcher before it attests. */
        public static final int MAX_REVERT_DATA_BYTES = 1_024;

        public CommandFailed {
            if (bank == null || commandId == null || revertData == null || position == null) {
                throw new IllegalArgumentException("CommandFailed observation has a missing field");
            }
            if (revertData.length() > MAX_REVERT_DATA_BYTES) {
                throw new IllegalArgumentException("CommandFailed revert data is " + revertData.length() + " bytes, at most " + MAX_REVERT_DATA_BYTES);
            }
        }

        @Override
        public Bytes32 digest() {
            return ObservationDigests.commandFailed(this);
        }
    }

    /** {@code ValidatorSetUpdated(nonce, validators, threshold)}: the Executor now holds this set. */
    record ExecutorSetUpdated(BankId bank, long nonce, List<Address> validators, LogPosition position) implements ExecutorLog {
        /** {@code Executor.MAX_VALIDATORS}. */
        public static final int MAX_VALIDATORS = 64;

        public ExecutorSetUpdated {
            if (bank == null || validators == null || position == null || nonce < 0) {
                throw new IllegalArgumentException("ExecutorSetUpdated observation needs a bank, a nonce >= 0, validators and a position");
            }
            validators = List.copyOf(validators);
            if (validators.isEmpty() || validators.size() > MAX_VALIDATORS) {
                throw new IllegalArgumentException("an Executor's validator set has 1 to " + MAX_VALIDATORS + " validators, got " + validators.size());
            }
            for (int i = 1; i < validators.size(); i++) {
                if (validators.get(i - 1).compareTo(validators.get(i)) >= 0) {
                    throw new IllegalArgumentException("an Executor's validators are strictly ascending");
                }
            }
        }

        @Override
        public Bytes32 digest() {
            return ObservationDigests.executorSetUpdated(this);
        }
    }
}
