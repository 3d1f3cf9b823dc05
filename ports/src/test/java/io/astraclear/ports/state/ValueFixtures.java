package io.astraclear.ports.state;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.Keccak256;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Well-formed, deterministic protocol values for the hub store's tests. Signatures are shaped like
 * real ones (low-s, v 27) but sign nothing: a store keeps what the state machine verified, it never
 * verifies anything itself.
 */
public final class ValueFixtures {
    public static final BankId BANK_A = BankId.of("BANK_A");
    public static final BankId BANK_B = BankId.of("BANK_B");
    public static final BankId BANK_C = BankId.of("BANK_C");

    private ValueFixtures() {}

    public static long chainId(BankId bank) {
        return 1_000L + (bank.value().hashCode() & 0xffff);
    }

    public static Address gateway(BankId bank) {
        return address("gateway:" + bank);
    }

    public static Address executor(BankId bank) {
        return address("executor:" + bank);
    }

    /** A transfer observed in block {@code nonce}; its id follows the Gateway's formula. */
    public static ObservedTransfer transfer(BankId source, BankId destination, long amount, long nonce) {
        return transfer(source, destination, Amount.of(amount), nonce, nonce);
    }

    public static ObservedTransfer transfer(BankId source, BankId destination, Amount amount, long nonce, long blockNumber) {
        BigInteger bigNonce = BigInteger.valueOf(nonce);
        return new ObservedTransfer(
                ProtocolDigests.transferId(chainId(source), gateway(source), bigNonce),
                source,
                chainId(source),
                gateway(source),
                bigNonce,
                address("sender:" + source + ":" + nonce),
                destination,
                address("recipient:" + destination + ":" + nonce),
                amount,
                blockNumber,
                hash("block:" + source + ":" + blockNumber),
                hash("tx:" + source + ":" + nonce),
                0);
    }

    /** The mint command the transfer calls for on its destination chain. */
    public static MintCommand commandFor(ObservedTransfer transfer) {
        return new MintCommand(
                transfer.commandId(),
                transfer.sourceBank(),
                transfer.destinationBank(),
                transfer.recipient(),
                transfer.amount(),
                chainId(transfer.destinationBank()),
                executor(transfer.destinationBank()));
    }

    /** Same commandId, another recipient: a different digest, what an equivocating validator signs. */
    public static MintCommand forgedCommandFor(ObservedTransfer transfer) {
        MintCommand honest = commandFor(transfer);
        return new MintCommand(honest.commandId(), honest.sourceBank(), honest.destinationBank(),
                address("thief"), honest.amount(), honest.destinationChainId(), honest.destinationExecutor());
    }

    /** Validator {@code index} (1-based); addresses ascend with the index. */
    public static Address validator(int index) {
        if (index < 1 || index > 0xffff) {
            throw new IllegalArgumentException("validator index out of range: " + index);
        }
        byte[] bytes = new byte[20];
        bytes[18] = (byte) (index >>> 8);
        bytes[19] = (byte) index;
        return Address.fromBytes(bytes);
    }

    public static Signature signature(int validatorIndex, Bytes32 digest) {
        return signature(validatorIndex, digest, 0);
    }

    /** {@code variant} gives another signature by the same validator over the same digest. */
    public static Signature signature(int validatorIndex, Bytes32 digest, int variant) {
        byte[] bytes = new byte[65];
        byte[] r = Keccak256.hash((digest + ":" + validatorIndex + ":" + variant).getBytes(StandardCharsets.US_ASCII));
        r[0] &= 0x7f; // keeps r below the curve order
        r[31] |= 1;   // and above zero
        System.arraycopy(r, 0, bytes, 0, 32);
        byte[] s = ByteBuffer.allocate(4).putInt(validatorIndex + 1).array();
        System.arraycopy(s, 0, bytes, 60, 4);
        bytes[64] = 27;
        return Signature.fromBytes(bytes);
    }


    /** Signatures of validators {@code 1..count}, signer-ascending as the Executor wants them. */
    public static List<Signature> signatures(MintCommand command, int count) {
        Bytes32 digest = ProtocolDigests.mintDigest(command);
        List<Signature> signatures = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            signatures.add(signature(index, digest));
        }
        return signatures;
    }

    public static Checkpoint checkpoint(BankId bank, long blockNumber) {
        return new Checkpoint(bank, blockNumber, hash("block:" + bank + ":" + blockNumber));
    }

    public static Bytes32 hash(String label) {
        return new Bytes32(Keccak256.hash(label.getBytes(StandardCharsets.UTF_8)));
    }

    public static Address address(String label) {
        byte[] digest = Keccak256.hash(label.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new byte[20];
        System.arraycopy(digest, 12, bytes, 0, 20);
        bytes[0] |= 1; // never the zero address
        return Address.fromBytes(bytes);
    }
}
