package io.astraclear.ports.chain;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.Abi;
import io.astraclear.ports.protocol.Keccak256;
import java.nio.charset.StandardCharsets;

/**
 * The canonical digests of {@link Observation}s that validators compare, and the keys of Executor
 * logs: {@code keccak256(abi.encode(TAG, fields...))} with a type tag per kind, every field in a
 * fixed order (dynamic values by length and hash). Not shared with Solidity: only validators compare them.
 */
public final class ObservationDigests {
    private static final Bytes32 TRANSFER_TAG = tag("astra-clear.observation.transfer-initiated.v1");
    private static final Bytes32 EXECUTOR_LOG_KEY_TAG = tag("astra-clear.observation.executor-log.v1");
    private static final Bytes32 COMMAND_EXECUTED_TAG = tag("astra-clear.observation.command-executed.v1");
    private static final Bytes32 COMMAND_SKIPPED_TAG = tag("astra-clear.observation.command-skipped.v1");
    private static final Bytes32 COMMAND_FAILED_TAG = tag("astra-clear.observation.command-failed.v1");
    private static final Bytes32 EXECUTOR_SET_TAG = tag("astra-clear.observation.executor-set-updated.v1");

    private ObservationDigests() {}

    private static Bytes32 tag(String name) {
        return new Bytes32(Keccak256.hash(name.getBytes(StandardCharsets.US_ASCII)));
    }

    public static Bytes32 transferObservation(ObservedTransfer t) {
        return new Abi()
                .bytes32(TRANSFER_TAG)
                .bytes32(t.transferId().value())
                .bytes32(t.sourceBank().toBytes32())
                .uint256(t.sourceChainId())
                .addressWord(t.sourceGateway())
                .uint256(t.nonce())
                .addressWord(t.sender())
                .bytes32(t.destinationBank().toBytes32())
                .addressWord(t.recipient())
                .uint256(t.amount())
                .uint256(t.blockNumber())
                .bytes32(t.blockHash())
                .bytes32(t.transactionHash())
                .uint256(t.logIndex())
                .keccak();
    }

    /** The identity of an Executor log: the bank whose chain emitted it, its transaction and log index. */
    public static Bytes32 executorLogKey(BankId bank, Bytes32 transactionHash, int logIndex) {
        return new Abi().bytes32(EXECUTOR_LOG_KEY_TAG).bytes32(bank.toBytes32()).bytes32(transactionHash).uint256(logIndex).keccak();
    }

    public static Bytes32 commandExecuted(Observation.CommandExecuted o) {
        return position(new Abi().bytes32(COMMAND_EXECUTED_TAG).bytes32(o.bank().toBytes32()).bytes32(o.commandId().value())
                .addressWord(o.recipient()).uint256(o.amount()), o.position());
    }

    public static Bytes32 commandSkipped(Observation.CommandSkipped o) {
        return position(new Abi().bytes32(COMMAND_SKIPPED_TAG).bytes32(o.bank().toBytes32()).bytes32(o.commandId().value())
                .uint256(o.reason()), o.position());
    }

    public static Bytes32 commandFailed(Observation.CommandFailed o) {
        return position(new Abi().bytes32(COMMAND_FAILED_TAG).bytes32(o.bank().toBytes32()).bytes32(o.commandId().value())
                .uint256(o.revertData().length()).bytes32(new Bytes32(Keccak256.hash(o.revertData().unsafeArray()))), o.position());
    }

    public static Bytes32 executorSetUpdated(Observation.ExecutorSetUpdated o) {
        Abi abi = new Abi().bytes32(EXECUTOR_SET_TAG).bytes32(o.bank().toBytes32()).uint256(o.nonce()).uint256(o.validators().size());
        for (Address validator : o.validators()) {
            abi.addressWord(validator);
        }
        return position(abi, o.position());
    }

    private static Bytes32 position(Abi abi, Observation.LogPosition position) {
        return abi.bytes32(position.transactionHash()).uint256(position.blockNumber()).uint256(position.logIndex()).keccak();
    }
}
