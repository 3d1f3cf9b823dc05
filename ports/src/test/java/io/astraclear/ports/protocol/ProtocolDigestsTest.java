package io.astraclear.ports.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Threshold;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Our digests against web3j's independent Keccak and ABI encoder. */
class ProtocolDigestsTest {

    @Test
    void keccakMatchesWeb3jForEveryLengthAroundTheRate() {
        Random random = new Random(7);
        for (int length = 0; length <= 300; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            assertThat(Keccak256.hash(input)).as("length %d", length).isEqualTo(Hash.sha3(input));
        }
    }

    @Test
    void keccakOfEmptyInputIsTheWellKnownConstant() {
        assertThat(new Bytes32(Keccak256.hash(new byte[0])).value())
                .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    }

    @Test
    void thresholdIsStrictlyMoreThanTwoThirds() {
        int[] expected = {1, 2, 3, 3, 4, 5, 5, 6, 7, 7};
        for (int n = 1; n <= 10; n++) {
            assertThat(Threshold.of(n)).as("n=%d", n).isEqualTo(expected[n - 1]);
            assertThat(3 * Threshold.of(n)).as("3t > 2n for n=%d", n).isGreaterThan(2 * n);
        }
        assertThatThrownBy(() -> Threshold.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transferIdAndCommandIdAreAbiEncodedWords() {
        Address gateway = Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        TransferId transferId = ProtocolDigests.transferId(31337, gateway, BigInteger.valueOf(7));
        String encoded = TypeEncoder.encode(new Uint256(31337))
                + TypeEncoder.encode(new org.web3j.abi.datatypes.Address(gateway.value()))
                + TypeEncoder.encode(new Uint256(7));
        assertThat(transferId.value().value()).isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(encoded))));

        CommandId commandId = ProtocolDigests.commandId(31337, gateway, transferId);
        String commandEncoded = TypeEncoder.encode(new Uint256(31337))
                + TypeEncoder.encode(new org.web3j.abi.datatypes.Address(gateway.value()))
                + Numeric.cleanHexPrefix(transferId.value().value());
        assertThat(commandId.value().value())
                .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(commandEncoded))));
    }

    @Test
    void mintDigestIsPackedEncodingIncludingTheExecutor() {
        CommandId commandId = CommandId.of("0x" + "ab".repeat(32));
        Address recipient = Address.of("0x" + "11".repeat(20));
        Address executor = Address.of("0x" + "22".repeat(20));
        String packed = "ab".repeat(32) + "11".repeat(20)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(100), 64)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(31338), 64)
                + "22".repeat(20);
        Bytes32 digest = ProtocolDigests.mintDigest(commandId, recipient, Amount.of(100), 31338, executor);
        assertThat(digest.value()).isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(packed))));

        Bytes32 otherExecutor = ProtocolDigests.mintDigest(commandId, recipient, Amount.of(100), 31338, Address.of("0x" + "33".repeat(20)));
        assertThat(otherExecutor).isNotEqualTo(digest);
    }

    @Test
    void ethSignedMessageHashMatchesWeb3jPrefix() {
        Bytes32 digest = Bytes32.of("0x" + "5a".repeat(32));
        byte[] prefix = "\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + 32];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(digest.toByteArray(), 0, message, prefix.length, 32);
        assertThat(ProtocolDigests.ethSignedMessageHash(digest).toByteArray()).isEqualTo(Hash.sha3(message));
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void validatorSetDigestMatchesAbiEncodeWithDynamicArray() {
        Address executor = Address.of("0x" + "22".repeat(20));
        List<Address> validators = List.of(Address.of("0x" + "01".repeat(20)), Address.of("0x" + "02".repeat(20)));
        List<Type> params = List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(ProtocolDigests.VALIDATOR_SET_TYPE_TAG.toByteArray()),
                new Uint256(31337),
                new org.web3j.abi.datatypes.Address(executor.value()),
                new Uint256(3),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        validators.stream().map(a -> new org.web3j.abi.datatypes.Address(a.value())).toList()));
        String encoded = FunctionEncoder.encodeConstructor(params);
        assertThat(ProtocolDigests.validatorSetDigest(31337, executor, 3, validators).value())
                .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(encoded))));
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void batchDigestIsTheTaggedHashOfTheAbiEncodedEntryArrays() {
        Address executor = Address.of("0x" + "22".repeat(20));
        List<CommandId> commandIds = List.of(CommandId.of("0x" + "ab".repeat(32)), CommandId.of("0x" + "cd".repeat(32)),
                CommandId.of("0x" + "ef".repeat(32)));
        List<Address> recipients = List.of(Address.of("0x" + "11".repeat(20)), Address.of("0x" + "12".repeat(20)),
                Address.ZERO);
        List<Amount> amounts = List.of(Amount.of(100), new Amount(Amount.MAX_UINT256), Amount.ZERO);
        String entries = FunctionEncoder.encodeConstructor(List.<Type>of(
                new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, commandIds.stream()
                        .map(id -> new org.web3j.abi.datatypes.generated.Bytes32(id.value().toByteArray())).toList()),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        recipients.stream().map(a -> new org.web3j.abi.datatypes.Address(a.value())).toList()),
                new DynamicArray<>(Uint256.class, amounts.stream().map(a -> new Uint256(a.value())).toList())));
        byte[] entriesHash = Hash.sha3(Numeric.hexStringToByteArray(entries));
        String outer = FunctionEncoder.encodeConstructor(List.<Type>of(
                new org.web3j.abi.datatypes.generated.Bytes32(Hash.sha3("astra-clear.mint-batch.v1".getBytes(StandardCharsets.US_ASCII))),
                new Uint256(31338),
                new org.web3j.abi.datatypes.Address(executor.value()),
                new org.web3j.abi.datatypes.generated.Bytes32(entriesHash)));

        assertThat(ProtocolDigests.batchDigest(commandIds, recipients, amounts, 31338, executor).value())
                .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(outer))));
    }

    @Test
    void batchDigestBindsOrderChainAndExecutorAndDiffersFromTheMintDigest() {
        Address executor = Address.of("0x" + "22".repeat(20));
        CommandId first = CommandId.of("0x" + "01".repeat(32));
        CommandId second = CommandId.of("0x" + "02".repeat(32));
        Address recipient = Address.of("0x" + "11".repeat(20));
        List<Address> recipients = List.of(recipient, recipient);
        List<Amount> amounts = List.of(Amount.of(5), Amount.of(7));
        Bytes32 digest = ProtocolDigests.batchDigest(List.of(first, second), recipients, amounts, 31338, executor);

        assertThat(ProtocolDigests.batchDigest(List.of(second, first), recipients, amounts, 31338, executor)).isNotEqualTo(digest);
        assertThat(ProtocolDigests.batchDigest(List.of(first, second), recipients, amounts, 31339, executor)).isNotEqualTo(digest);
        assertThat(ProtocolDigests.batchDigest(List.of(first, second), recipients, amounts, 31338, recipient)).isNotEqualTo(digest);
        assertThat(ProtocolDigests.batchDigest(List.of(first), List.of(recipient), List.of(Amount.of(5)), 31338, executor))
                .isNotEqualTo(ProtocolDigests.mintDigest(first, recipient, Amount.of(5), 31338, executor));
        assertThat(ProtocolDigests.MINT_BATCH_TYPE_TAG).isNotEqualTo(ProtocolDigests.VALIDATOR_SET_TYPE_TAG);
        assertThatThrownBy(() -> ProtocolDigests.batchDigest(List.of(first, second), List.of(recipient), amounts, 31338, executor))
                .hasMessageContaining("2 command ids, 1 recipients, 2 amounts");
    }

    @Test
    void bankIdRoundTripsThroughBytes32AndRejectsBadIds() {
        BankId bank = BankId.of("BANK_A");
        assertThat(bank.toBytes32().value()).startsWith("0x42414e4b5f41000000");
        assertThat(BankId.fromBytes32(bank.toBytes32())).isEqualTo(bank);
        assertThat(bank.credToken()).isEqualTo("cred-BANK_A");
        assertThatThrownBy(() -> BankId.of("bank_a")).hasMessageContaining("[A-Z0-9_]{1,16}");
        assertThatThrownBy(() -> BankId.of("A".repeat(17))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BankId.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
