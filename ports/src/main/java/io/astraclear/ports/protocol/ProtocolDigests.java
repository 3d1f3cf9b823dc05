package io.astraclear.ports.protocol;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.TransferId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The protocol's identifiers and digests, exactly as ARCHITECTURE.md and the contracts define them. */
public final class ProtocolDigests {
    private static final byte[] ETH_MESSAGE_PREFIX = "\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII);

    private ProtocolDigests() {}

    /** {@code keccak256(abi.encode(block.chainid, address(gateway), nonce))}. */
    public static TransferId transferId(long chainId, Address gateway, java.math.BigInteger nonce) {
        return new TransferId(new Abi().uint256(chainId).addressWord(gateway).uint256(nonce).keccak());
    }

    /** {@code keccak256(abi.encode(srcChainId, srcGateway, transferId))}. */
    public static CommandId commandId(long srcChainId, Address srcGateway, TransferId transferId) {
        return new CommandId(new Abi().uint256(srcChainId).addressWord(srcGateway).bytes32(transferId.value()).keccak());
    }

    /** {@code keccak256(abi.encodePacked(commandId, recipient, amount, chainId, executor))}. */
    public static Bytes32 mintDigest(CommandId commandId, Address recipient, Amount amount, long dstChainId, Address executor) {
        return new Abi()
                .bytes32(commandId.value())
                .addressPacked(recipient)
                .uint256(amount)
                .uint256(dstChainId)
                .addressPacked(executor)
                .keccak();
    }

    /** What the validators sign for one command ({@code Executor.execute}): {@link #mintDigest(CommandId, Address, Amount, long, Address)}. */
    public static Bytes32 mintDigest(MintCommand command) {
        return mintDigest(command.commandId(), command.recipient(), command.amount(), command.destinationChainId(), command.destinationExecutor());
    }

    /** Type tag of validator-set updates: {@code keccak256("astra-clear.validator-set.v1")}. */
    public static final Bytes32 VALIDATOR_SET_TYPE_TAG =
            new Bytes32(Keccak256.hash("astra-clear.validator-set.v1".getBytes(StandardCharsets.US_ASCII)));

    /**
     * Digest of a validator-set update, signed by the current set:
     * {@code keccak256(abi.encode(VALIDATOR_SET_TYPE_TAG, chainId, executor, nonce, newValidators))}.
     */
    public static Bytes32 validatorSetDigest(long chainId, Address executor, long nonce, List<Address> newValidators) {
        Abi abi = new Abi()
                .bytes32(VALIDATOR_SET_TYPE_TAG)
                .uint256(chainId)
                .addressWord(executor)
                .uint256(nonce)
                .uint256(5 * 32) // offset of the dynamic array after five head words
                .uint256(newValidators.size());
        newValidators.forEach(abi::addressWord);
        return abi.keccak();
    }

    /** Type tag of mint batches: {@code keccak256("astra-clear.mint-batch.v1")}. */
    public static final Bytes32 MINT_BATCH_TYPE_TAG =
            new Bytes32(Keccak256.hash("astra-clear.mint-batch.v1".getBytes(StandardCharsets.US_ASCII)));

    /**
     * Digest of a batch of mint commands, signed once for all of them ({@code Executor.batchDigest}):
     * {@code keccak256(abi.encode(MINT_BATCH_TYPE_TAG, chainId, executor, entries))} with
     * {@code entries = keccak256(abi.encode(commandIds, recipients, amounts))} (three dynamic arrays,
     * canonical ABI encoding). Order matters: entry {@code i} is {@code (commandIds[i], recipients[i],
     * amounts[i])}. Values the Executor would skip (zero amount or recipient) are allowed here, so
     * that tests can sign them; {@link MintBatch} rejects them.
     *
     * @throws IllegalArgumentException when the three lists differ in length
     */
    public static Bytes32 batchDigest(List<CommandId> commandIds, List<Address> recipients,
            List<Amount> amounts, long dstChainId, Address executor) {
        int size = commandIds.size();
        if (recipients.size() != size || amounts.size() != size) {
            throw new IllegalArgumentException("a batch needs one recipient and one amount per command id, got "
                    + size + " command ids, " + recipients.size() + " recipients, " + amounts.size() + " amounts");
        }
        int arrayWords = 1 + size; // length word, then one word per element
        Abi entries = new Abi()
                .uint256(3 * 32) // offsets of the three arrays after the three head words
                .uint256((3 + arrayWords) * 32L)
                .uint256((3 + 2L * arrayWords) * 32L)
                .uint256(size);
        commandIds.forEach(commandId -> entries.bytes32(commandId.value()));
        entries.uint256(size);
        recipients.forEach(entries::addressWord);
        entries.uint256(size);
        amounts.forEach(entries::uint256);
        return new Abi()
                .bytes32(MINT_BATCH_TYPE_TAG)
                .uint256(dstChainId)
                .addressWord(executor)
                .bytes32(entries.keccak())
                .keccak();
    }

    /** What the validators sign for a batch ({@code Executor.executeBatch}): {@link #batchDigest(List, List, List, long, Address)}. */
    public static Bytes32 batchDigest(MintBatch batch) {
        return batchDigest(batch.commandIds(), batch.recipients(), batch.amounts(), batch.destinationChainId(), batch.destinationExecutor());
    }

    /** {@code keccak256("\x19Ethereum Signed Message:\n32" || digest)}: what a validator actually signs. */
    public static Bytes32 ethSignedMessageHash(Bytes32 digest) {
        byte[] message = new byte[ETH_MESSAGE_PREFIX.length + 32];
        System.arraycopy(ETH_MESSAGE_PREFIX, 0, message, 0, ETH_MESSAGE_PREFIX.length);
        System.arraycopy(digest.toByteArray(), 0, message, ETH_MESSAGE_PREFIX.length, 32);
        return new Bytes32(Keccak256.hash(message));
    }
}
