package io.astraclear.ports.storage;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Bytes32;
import java.util.List;
import java.util.Optional;

/**
 * A transfer as stored: what was observed, its current status and every status change in order,
 * and {@code mintTransaction}: the destination-chain transaction that minted it, once a relayer's
 * execution of its command is recorded (empty before, and when the Executor had processed the
 * command already, so that no transaction of this node's is known).
 */
public record TransferRecord(ObservedTransfer observed, TransferStatus status, List<StatusChange> history, Optional<Bytes32> mintTransaction) {
    public TransferRecord {
        history = List.copyOf(history);
        mintTransaction = mintTransaction == null ? Optional.empty() : mintTransaction;
        if (observed == null || status == null || history.isEmpty()) {
            throw new IllegalArgumentException("transfer record needs the observed event, a status and its history");
        }
    }

    /** A transfer whose mint transaction is not known (yet). */
    public TransferRecord(ObservedTransfer observed, TransferStatus status, List<StatusChange> history) {
        this(observed, status, history, Optional.empty());
    }

    /** The mint transaction an execution names, unless it names none (the all-zero hash: processed before). */
    public static Optional<Bytes32> mintTransaction(Bytes32 executionTransactionHash) {
        return executionTransactionHash.equals(Bytes32.ZERO) ? Optional.empty() : Optional.of(executionTransactionHash);
    }
}
