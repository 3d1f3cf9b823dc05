package io.astraclear.adapters.besu;

import io.astraclear.contracts.ContractError;
import io.astraclear.contracts.ContractErrors;
import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Each entry's outcome from a mined {@code executeBatch} receipt: the Executor reports every entry
 * by exactly one event ({@code CommandExecuted}, {@code CommandSkipped} or {@code CommandFailed}),
 * decoded by the watcher's own {@link ExecutorLogDecoder}. Only the Executor's own logs count (the
 * token's Transfer events share the receipt).
 */
final class BatchReceipt {
    private BatchReceipt() {}

    static BatchOutcome outcome(MintBatch batch, ExecutionOutcome.Executed transaction, TransactionReceipt receipt, ExecutorLogDecoder executor,
            ContractErrors errors) {
        long gasPerEntry = transaction.gasUsed() / batch.size();
        Map<CommandId, ExecutionOutcome> entries = new HashMap<>();
        List<String> undecoded = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            if (!RawLogs.emittedBy(log, executor.executor())) {
                continue;
            }
            switch (executor.decode(log)) {
                case DecodedLog.ExecutorLog(Observation.CommandExecuted executed) -> entries.put(executed.commandId(),
                        new ExecutionOutcome.Executed(transaction.transactionHash(), transaction.blockNumber(), gasPerEntry, transaction.attempts()));
                case DecodedLog.ExecutorLog(Observation.CommandSkipped skipped) -> {
                    SkipReason reason = SkipReason.of(skipped.reason());
                    entries.put(skipped.commandId(), reason == SkipReason.ALREADY_PROCESSED
                            ? new ExecutionOutcome.AlreadyProcessed(transaction.attempts())
                            : new ExecutionOutcome.Reverted("CommandSkipped(" + reason.solidityName() + ")", transaction.attempts()));
                }
                case DecodedLog.ExecutorLog(Observation.CommandFailed failed) -> entries.put(failed.commandId(),
                        new ExecutionOutcome.Reverted("CommandFailed(" + failure(failed.revertData(), errors) + ")", transaction.attempts()));
                case DecodedLog.ExecutorLog(Observation.ExecutorSetUpdated ignored) -> {
                    // not an entry's outcome: executeBatch never changes the set
                }
                case DecodedLog.Quarantined quarantined -> undecoded.add(quarantined.log().reason());
                case DecodedLog.Transfer transfer -> throw new IllegalStateException("the Executor's decoder produced a transfer: " + transfer);
            }
        }
        for (CommandId commandId : batch.commandIds()) {
            if (!entries.containsKey(commandId)) {
                throw new IllegalStateException("receipt " + transaction.transactionHash() + " of a batch of " + batch.size()
                        + " reports nothing for " + commandId + "; is " + executor.executor() + " the Executor this adapter expects?"
                        + (undecoded.isEmpty() ? "" : " Undecodable Executor logs: " + undecoded));
            }
        }
        entries.keySet().retainAll(batch.commandIds());
        return new BatchOutcome(transaction, entries);
    }

    /** The token's revert data, decoded when it is one of the contracts' errors. */
    private static String failure(Bytes revertData, ContractErrors errors) {
        String hex = revertData.toHex();
        Optional<ContractError> error = errors.decode(hex);
        return error.map(ContractError::toString).orElse(revertData.length() == 0 ? "reverted without data" : "revert data " + hex);
    }
}
