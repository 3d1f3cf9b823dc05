package io.astraclear.adapters.besu;

import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/** The contract functions the adapter calls, named as in the generated wrappers. */
final class ContractFunctions {
    private ContractFunctions() {}

    static Function execute(MintCommand command, List<Signature> signatures) {
        return new Function(Executor.FUNC_EXECUTE, List.of(
                new Bytes32(command.commandId().value().toByteArray()),
                new org.web3j.abi.datatypes.Address(command.recipient().value()),
                new Uint256(command.amount().value()),
                signatureArray(signatures)), List.of());
    }

    static Function executeBatch(MintBatch batch, List<Signature> signatures) {
        return new Function(Executor.FUNC_EXECUTEBATCH, List.of(
                new DynamicArray<>(Bytes32.class, batch.commandIds().stream().map(id -> new Bytes32(id.value().toByteArray())).toList()),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        batch.recipients().stream().map(r -> new org.web3j.abi.datatypes.Address(r.value())).toList()),
                new DynamicArray<>(Uint256.class, batch.amounts().stream().map(a -> new Uint256(a.value())).toList()),
                signatureArray(signatures)), List.of());
    }

    static Function updateValidators(long nonce, List<Address> newValidators, List<Signature> signatures) {
        return new Function(Executor.FUNC_UPDATEVALIDATORS, List.of(
                new Uint256(BigInteger.valueOf(nonce)),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        newValidators.stream().map(v -> new org.web3j.abi.datatypes.Address(v.value())).toList()),
                signatureArray(signatures)), List.of());
    }

    static Function processedCommands(CommandId commandId) {
        return new Function(Executor.FUNC_PROCESSEDCOMMANDS, List.of(new Bytes32(commandId.value().toByteArray())),
                List.of(new TypeReference<Bool>() {}));
    }

    static Function getValidators() {
        return new Function(Executor.FUNC_GETVALIDATORS, List.of(),
                List.of(new TypeReference<DynamicArray<org.web3j.abi.datatypes.Address>>() {}));
    }

    static Function validatorSetNonce() {
        return new Function(Executor.FUNC_VALIDATORSETNONCE, List.of(), List.of(new TypeReference<Uint256>() {}));
    }

    static Function executorToken() {
        return new Function(Executor.FUNC_TOKEN, List.of(), List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {}));
    }

    static Function gatewayToken() {
        return new Function(Gateway.FUNC_TOKEN, List.of(), List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {}));
    }

    static Function gatewayLocalBank() {
        return new Function(Gateway.FUNC_LOCALBANK, List.of(), List.of(new TypeReference<Bytes32>() {}));
    }

    static Function balanceOf(Address account) {
        return new Function(BankToken.FUNC_BALANCEOF, List.of(new org.web3j.abi.datatypes.Address(account.value())),
                List.of(new TypeReference<Uint256>() {}));
    }

    private static DynamicArray<DynamicBytes> signatureArray(List<Signature> signatures) {
        return new DynamicArray<>(DynamicBytes.class, signatures.stream().map(s -> new DynamicBytes(s.toByteArray())).toList());
    }
}
