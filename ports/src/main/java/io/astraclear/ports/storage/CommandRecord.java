package io.astraclear.ports.storage;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import java.util.List;
import java.util.Optional;

/** A confirmed mint command with the threshold signatures that authorise it, and its relaying. */
public record CommandRecord(
        TransferId transferId,
        MintCommand command,
        List<Signature> signatures,
        Status status,
        List<RelayAttempt> attempts,
        Optional<Execution> execution,
        String failureReason) {

    public enum Status { PENDING, EXECUTED, FAILED }

    /** Where the mint landed on the destination chain. */
    public record Execution(Bytes32 transactionHash, long blockNumber, long gasUsed) {}

    public CommandRecord {
        signatures = List.copyOf(signatures);
        attempts = List.copyOf(attempts);
        execution = execution == null ? Optional.empty() : execution;
        failureReason = failureReason == null ? "" : failureReason;
        if (transferId == null || command == null || status == null) {
            throw new IllegalArgumentException("command record needs its transfer, a command and a status");
        }
    }
}
