package io.astraclear.adapters.besu;

import io.astraclear.contracts.ContractError;
import io.astraclear.contracts.ContractErrors;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Each entry's outcome from a mined {@code executeBatch} receipt: the Executor reports every entry
 * by exactly one event ({@code CommandExecuted}, {@code CommandSkipped} or {@code CommandFailed}),
 * keyed by the command id in the first indexed topic. Only the Executor's own logs count (the
 * token's Transfer events share the receipt).
 */
final class BatchReceipt {
    private static final String EXECUTED = EventEncoder.encode(Executor.COMMANDEXECUTED_EVENT);
    private static final String SKIPPED = EventEncoder.encode(Executor.COMMANDSKIPPED_EVENT);
    private static final String FAILED = EventEncoder.encode(Executor.COMMANDFAILED_EVENT);
    /** {@code Executor.SkipReason}, by ordinal. */
    private static final List<String> SKIP_REASONS = List.of("AlreadyProcessed", "ZeroAmount", "ZeroRecipient");

    private BatchReceipt() {}

    static BatchOutcome outcome(MintBatch batch, ExecutionOutcome.Executed transaction, TransactionReceipt receipt, Address executor,
            ContractErrors errors) {
        long gasPerEntry = transaction.gasUsed() / batch.size();
        Map<CommandId, ExecutionOutcome> entries = new HashMap<>();
        for (Log log : receipt.getLogs()) {
            if (!executor.value().equalsIgnoreCase(log.getAddress()) || log.getTopics().size() < 2) {
                continue;
            }
            String topic = log.getTopics().get(0);
            CommandId commandId = CommandId.of(log.getTopics().get(1));
            if (EXECUTED.equalsIgnoreCase(topic)) {
                entries.put(commandId, new ExecutionOutcome.Executed(transaction.transactionHash(), transaction.blockNumber(), gasPerEntry,
                        transaction.attempts()));
            } else if (SKIPPED.equalsIgnoreCase(topic)) {
                int reason = new BigInteger(strip(log.getData()), 16).intValue();
                entries.put(commandId, reason == 0
                        ? new ExecutionOutcome.AlreadyProcessed(transaction.attempts())
                        : new ExecutionOutcome.Reverted("CommandSkipped(" + (reason < SKIP_REASONS.size() ? SKIP_REASONS.get(reason) : reason) + ")",
                                transaction.attempts()));
            } else if (FAILED.equalsIgnoreCase(topic)) {
                entries.put(commandId, new ExecutionOutcome.Reverted("CommandFailed(" + failure(log.getData(), errors) + ")", transaction.attempts()));
            }
        }
        for (CommandId commandId : batch.commandIds()) {
            if (!entries.containsKey(commandId)) {
                throw new IllegalStateException("receipt " + transaction.transactionHash() + " of a batch of " + batch.size()
                        + " reports nothing for " + commandId + "; is " + executor + " the Executor this adapter expects?");
            }
        }
        entries.keySet().retainAll(batch.commandIds());
        return new BatchOutcome(transaction, entries);
    }

    /** The token's revert data, decoded when it is one of the contracts' errors. */
    @SuppressWarnings("rawtypes")
    private static String failure(String data, ContractErrors errors) {
        List<Type> decoded = FunctionReturnDecoder.decode(data, List.of((TypeReference) new TypeReference<DynamicBytes>() {}));
        if (decoded.isEmpty()) {
            return "undecoded " + data;
        }
        String revertData = org.web3j.utils.Numeric.toHexString(((DynamicBytes) decoded.get(0)).getValue());
        Optional<ContractError> error = errors.decode(revertData);
        return error.map(ContractError::toString).orElse(revertData.equals("0x") ? "reverted without data" : "revert data " + revertData);
    }

    private static String strip(String hex) {
        String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
        return digits.isEmpty() ? "0" : digits;
    }
}
