package io.astraclear.ports.chain;

import io.astraclear.ports.domain.CommandId;
import java.util.Map;

/**
 * How submitting a {@link io.astraclear.ports.domain.MintBatch} ended. {@code transaction} is the
 * outcome of the batch's transaction as a whole: {@link ExecutionOutcome.Executed} when it was
 * mined and succeeded, then {@code entries} holds every command's own outcome as the Executor
 * reported it ({@code CommandExecuted} ⇒ executed, with its share of the gas; {@code CommandSkipped}
 * as already processed ⇒ {@link ExecutionOutcome.AlreadyProcessed}; {@code CommandFailed} or another
 * skip ⇒ {@link ExecutionOutcome.Reverted} with the reason). Otherwise the batch reverted or was
 * given up as a whole, nothing in it was minted, and {@code entries} is empty.
 */
public record BatchOutcome(ExecutionOutcome transaction, Map<CommandId, ExecutionOutcome> entries) {
    public BatchOutcome {
        if (transaction == null) {
            throw new IllegalArgumentException("a batch outcome needs the transaction's outcome");
        }
        entries = Map.copyOf(entries);
        if (!(transaction instanceof ExecutionOutcome.Executed) && !entries.isEmpty()) {
            throw new IllegalArgumentException("a batch that was not executed has no entry outcomes: " + transaction);
        }
    }

    /** The batch's transaction did not succeed: nothing in it was minted. */
    public static BatchOutcome whole(ExecutionOutcome transaction) {
        return new BatchOutcome(transaction, Map.of());
    }
}
