package io.astraclear.ports.chain;

import io.astraclear.ports.domain.Bytes32;

/** How submitting a command to an Executor ended. Business outcomes are values, not exceptions. */
public sealed interface ExecutionOutcome {
    /** Mined and succeeded. */
    record Executed(Bytes32 transactionHash, long blockNumber, long gasUsed, int attempts) implements ExecutionOutcome {}

    /** The Executor had already processed this command (another relayer was first): done, not failed. */
    record AlreadyProcessed(int attempts) implements ExecutionOutcome {}

    /** The Executor rejected the command for another reason: final, with the decoded reason. */
    record Reverted(String reason, int attempts) implements ExecutionOutcome {}

    /** Transient failures until {@code retry_max} was exhausted (RPC down, timeouts). */
    record GaveUp(String lastError, int attempts) implements ExecutionOutcome {}
}
