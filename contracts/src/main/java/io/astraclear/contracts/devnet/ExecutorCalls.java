package io.astraclear.contracts.devnet;

import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.CommandId;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * {@code Executor.execute} and {@code executeBatch} calls for {@link ChainAccount#submit}, unchecked
 * (any lengths, any values), so that tests can also send what the contract must refuse.
 */
public final class ExecutorCalls {
    private ExecutorCalls() {}

    public static Function execute(CommandId commandId, Address recipient, BigInteger amount, List<byte[]> signatures) {
        return new Function(Executor.FUNC_EXECUTE, List.of(
                new Bytes32(commandId.value().toByteArray()),
                new org.web3j.abi.datatypes.Address(recipient.value()),
                new Uint256(amount),
                new DynamicArray<>(DynamicBytes.class, signatures.stream().map(DynamicBytes::new).toList())),
                List.of());
    }

    /** Entry {@code i} mints {@code amounts[i]} to {@code recipients[i]} for {@code commandIds[i]}. */
    public static Function executeBatch(List<CommandId> commandIds, List<Address> recipients, List<BigInteger> amounts,
            List<byte[]> signatures) {
        return new Function(Executor.FUNC_EXECUTEBATCH, List.of(
                new DynamicArray<>(Bytes32.class, commandIds.stream().map(id -> new Bytes32(id.value().toByteArray())).toList()),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        recipients.stream().map(recipient -> new org.web3j.abi.datatypes.Address(recipient.value())).toList()),
                new DynamicArray<>(Uint256.class, amounts.stream().map(Uint256::new).toList()),
                new DynamicArray<>(DynamicBytes.class, signatures.stream().map(DynamicBytes::new).toList())),
                List.of());
    }
}
