package io.astraclear.adapters.besu;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;

/** The Executor's logs, built by hand word by word (not by web3j's encoder, which the decoder uses), decoded or quarantined. */
class ExecutorLogDecoderTest {
    private static final BankId BANK = BankId.of("BANK_A");
    private static final Address EXECUTOR = Address.of("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    private static final Address RECIPIENT = Address.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final CommandId COMMAND = CommandId.of("0x" + "c0".repeat(32));
    private static final String BLOCK_HASH = "0x" + "ab".repeat(32);
    private static final String TRANSACTION_HASH = "0x" + "cd".repeat(32);
    private static final Observation.LogPosition POSITION = new Observation.LogPosition(Bytes32.of(TRANSACTION_HASH), 42, 3);
    /** {@code Panic(uint256 0x11)}: what a token reverts with when a mint overflows its supply. */
    private static final String PANIC_OVERFLOW = "4e487b71" + uint(0x11);
    private static final List<Address> VALIDATORS = List.of(
            Address.of("0x1000000000000000000000000000000000000001"),
            Address.of("0x2000000000000000000000000000000000000002"),
            Address.of("0x3000000000000000000000000000000000000003"),
            Address.of("0x4000000000000000000000000000000000000004"));

    private final ExecutorLogDecoder decoder = new ExecutorLogDecoder(BANK, EXECUTOR);

    @Test
    void decodesCommandExecutedWithItsCommandRecipientAmountPositionAndBank() {
        DecodedLog decoded = decoder.decode(log(List.of(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC, COMMAND.value().value(), word(RECIPIENT)),
                "0x" + uint(1_234)));

        assertThat(decoded).isEqualTo(new DecodedLog.ExecutorLog(new Observation.CommandExecuted(BANK, COMMAND, RECIPIENT, Amount.of(1_234), POSITION)));
    }

    @Test
    void decodesCommandExecutedWithTheLargestAmount() {
        DecodedLog decoded = decoder.decode(log(List.of(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC, COMMAND.value().value(), word(RECIPIENT)),
                "0x" + "f".repeat(64)));

        assertThat(observation(decoded)).isInstanceOfSatisfying(Observation.CommandExecuted.class,
                executed -> assertThat(executed.amount().value()).isEqualTo(Amount.MAX_UINT256));
    }

    @Test
    void decodesCommandSkippedWithEveryReasonTheExecutorDeclares() {
        for (SkipReason reason : SkipReason.values()) {
            DecodedLog decoded = decoder.decode(log(List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND.value().value()),
                    "0x" + uint(reason.ordinal())));

            assertThat(decoded).isEqualTo(new DecodedLog.ExecutorLog(new Observation.CommandSkipped(BANK, COMMAND, reason.ordinal(), POSITION)));
        }
    }

    @Test
    void decodesCommandFailedWithTheRawRevertData() {
        DecodedLog decoded = decoder.decode(commandFailed(abiBytes(hex(PANIC_OVERFLOW))));

        assertThat(decoded).isEqualTo(new DecodedLog.ExecutorLog(
                new Observation.CommandFailed(BANK, COMMAND, Bytes.fromHex(PANIC_OVERFLOW), POSITION)));
    }

    @Test
    void decodesCommandFailedWithoutRevertData() {
        assertThat(observation(decoder.decode(commandFailed(abiBytes(new byte[0])))))
                .isEqualTo(new Observation.CommandFailed(BANK, COMMAND, Bytes.EMPTY, POSITION));
    }

    @Test
    void cutsRevertDataLongerThanTheBoundToItsFirstBytes() {
        byte[] long2000 = new byte[2_000];
        for (int i = 0; i < long2000.length; i++) {
            long2000[i] = (byte) i;
        }

        Observation decoded = observation(decoder.decode(commandFailed(abiBytes(long2000))));

        assertThat(decoded).isInstanceOfSatisfying(Observation.CommandFailed.class, failed -> assertThat(failed.revertData())
                .isEqualTo(Bytes.of(Arrays.copyOf(long2000, Observation.CommandFailed.MAX_REVERT_DATA_BYTES))));
    }

    @Test
    void keepsRevertDataOfExactlyTheBoundWhole() {
        byte[] atTheBound = new byte[Observation.CommandFailed.MAX_REVERT_DATA_BYTES];
        Arrays.fill(atTheBound, (byte) 7);

        assertThat(observation(decoder.decode(commandFailed(abiBytes(atTheBound)))))
                .isInstanceOfSatisfying(Observation.CommandFailed.class, failed -> assertThat(failed.revertData()).isEqualTo(Bytes.of(atTheBound)));
    }

    @Test
    void decodesValidatorSetUpdatedWithItsNonceAndValidatorsInOrder() {
        DecodedLog decoded = decoder.decode(validatorSetUpdated(7, 3, VALIDATORS));

        assertThat(decoded).isEqualTo(new DecodedLog.ExecutorLog(new Observation.ExecutorSetUpdated(BANK, 7, VALIDATORS, POSITION)));
    }

    @Test
    void quarantinesEachKindWithTheWrongNumberOfTopics() {
        assertQuarantined(log(List.of(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC, COMMAND.value().value()), "0x" + uint(1)),
                "CommandExecuted must have 3 topics");
        assertQuarantined(log(List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND.value().value(), word(RECIPIENT)), "0x" + uint(0)),
                "CommandSkipped must have 2 topics");
        assertQuarantined(log(List.of(ExecutorLogDecoder.COMMAND_FAILED_TOPIC), abiBytes(new byte[0])), "CommandFailed must have 2 topics");
        assertQuarantined(log(List.of(ExecutorLogDecoder.VALIDATOR_SET_UPDATED_TOPIC), validatorSetData(3, VALIDATORS)),
                "ValidatorSetUpdated must have 2 topics");
        assertQuarantined(log(List.of(), "0x"), "without topics");
    }

    @Test
    void quarantinesDataOfTheWrongLength() {
        List<String> executed = List.of(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC, COMMAND.value().value(), word(RECIPIENT));
        assertQuarantined(log(executed, "0x" + uint(1) + "00"), "CommandExecuted data must be 32 bytes");
        assertQuarantined(log(executed, "0x"), "CommandExecuted data must be 32 bytes");
        assertQuarantined(log(List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND.value().value()), "0x" + uint(0) + uint(0)),
                "CommandSkipped data must be 32 bytes");
    }

    @Test
    void quarantinesARecipientTopicWithDirtyPadding() {
        String dirty = "0x01" + word(RECIPIENT).substring(4);

        assertQuarantined(log(List.of(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC, COMMAND.value().value(), dirty), "0x" + uint(1)),
                "non-zero padding");
    }

    @Test
    void quarantinesASkipReasonTheExecutorDoesNotDeclare() {
        List<String> topics = List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND.value().value());

        assertQuarantined(log(topics, "0x" + uint(SkipReason.values().length)), "is not a SkipReason");
        assertQuarantined(log(topics, "0x" + uint(256)), "is not a SkipReason");
        assertQuarantined(log(topics, "0x" + "f".repeat(64)), "is not a SkipReason");
    }

    @Test
    void quarantinesRevertDataThatIsNotOneCanonicallyEncodedBytes() {
        String canonical = abiBytes(hex(PANIC_OVERFLOW)).substring(2);
        String badOffset = uint(64) + canonical.substring(64);
        String lengthBeyondContent = canonical.substring(0, 64) + uint(100) + canonical.substring(128);
        String trailingWord = canonical + uint(0);
        String dirtyPadding = canonical.substring(0, canonical.length() - 2) + "01";

        assertQuarantined(commandFailed("0x" + badOffset), "start at offset 32");
        assertQuarantined(commandFailed("0x" + lengthBeyondContent), "a length of 100 bytes needs 128 bytes of content");
        assertQuarantined(commandFailed("0x" + trailingWord), "needs 64 bytes of content, got 96");
        assertQuarantined(commandFailed("0x" + dirtyPadding), "not the canonical ABI encoding");
        assertQuarantined(commandFailed("0x" + uint(32)), "at least 64 bytes");
        assertQuarantined(commandFailed("0x" + canonical + "00"), "whole words");
    }

    @Test
    void quarantinesValidatorSetsTheExecutorWouldNeverHold() {
        List<Address> descending = VALIDATORS.reversed();
        List<Address> withZero = new ArrayList<>(VALIDATORS);
        withZero.set(0, Address.ZERO);
        List<Address> sixtyFive = new ArrayList<>();
        for (int i = 1; i <= 65; i++) {
            sixtyFive.add(Address.of(String.format("0x%040x", i)));
        }

        assertQuarantined(validatorSetUpdated(1, 3, descending), "strictly ascending");
        assertQuarantined(validatorSetUpdated(1, 3, withZero), "non-zero and strictly ascending");
        assertQuarantined(validatorSetUpdated(1, 1, List.of()), "names no validator");
        assertQuarantined(validatorSetUpdated(1, 4, VALIDATORS), "threshold 4 is not floor(2n/3) + 1 = 3 for 4 validators");
        assertQuarantined(validatorSetUpdated(1, 44, sixtyFive), "names 65 validators");
    }

    @Test
    void quarantinesValidatorSetDataThatIsNotCanonical() {
        String canonical = validatorSetData(3, VALIDATORS).substring(2);
        String dirtyAddress = canonical.substring(0, 3 * 64) + "01" + canonical.substring(3 * 64 + 2);
        String wrongOffset = uint(32) + canonical.substring(64);
        String missingValidator = canonical.substring(0, canonical.length() - 64);

        assertQuarantined(log(validatorSetTopics(1), "0x" + dirtyAddress), "validator 0 is an address word with non-zero padding");
        assertQuarantined(log(validatorSetTopics(1), "0x" + wrongOffset), "must start at offset 64");
        assertQuarantined(log(validatorSetTopics(1), "0x" + missingValidator), "does not match its 4 validators");
        assertQuarantined(log(validatorSetTopics(1), "0x" + uint(64)), "at least 96 bytes");
    }

    @Test
    void quarantinesANonceNoExecutorCouldReach() {
        List<String> topics = List.of(ExecutorLogDecoder.VALIDATOR_SET_UPDATED_TOPIC, "0x" + "ff".repeat(32));

        assertQuarantined(log(topics, validatorSetData(3, VALIDATORS)), "is beyond any real update count");
    }

    @Test
    void quarantinesAnUnknownFirstTopicAndATopicThatIsNotAWord() {
        assertQuarantined(log(List.of(TransferLogDecoder.TRANSFER_INITIATED_TOPIC, COMMAND.value().value()), "0x"),
                "not an Executor log the watcher knows");
        assertQuarantined(log(List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, "0x1234"), "0x" + uint(0)), "topic 1 is not a 32-byte word");
    }

    @Test
    void quarantinesLogsOfAnotherContractRemovedLogsAndPendingLogs() {
        List<String> topics = List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND.value().value());
        Log foreign = new Log(false, "0x3", "0x0", TRANSACTION_HASH, BLOCK_HASH, "0x2a", "0x" + "99".repeat(20), "0x" + uint(0), null, topics);
        Log removed = new Log(true, "0x3", "0x0", TRANSACTION_HASH, BLOCK_HASH, "0x2a", EXECUTOR.value(), "0x" + uint(0), null, topics);
        Log pending = new Log(false, null, null, TRANSACTION_HASH, null, null, EXECUTOR.value(), "0x" + uint(0), null, topics);

        assertQuarantined(foreign, "not the Executor " + EXECUTOR);
        assertQuarantined(removed, "removed");
        assertQuarantined(pending, "pending");
    }

    @Test
    void quarantinedLogsKeepTheirPositionForOperators() {
        QuarantinedLog quarantined = assertQuarantined(
                log(List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND.value().value()), "0x" + uint(9)), "is not a SkipReason");

        assertThat(quarantined.blockNumber()).isEqualTo(42);
        assertThat(quarantined.transactionHash()).isEqualTo(Bytes32.of(TRANSACTION_HASH));
        assertThat(quarantined.logIndex()).isEqualTo(3);
        assertThat(quarantined.rawData()).contains(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC);
    }

    private QuarantinedLog assertQuarantined(Log log, String reason) {
        DecodedLog decoded = decoder.decode(log);

        assertThat(decoded).isInstanceOf(DecodedLog.Quarantined.class);
        QuarantinedLog quarantined = ((DecodedLog.Quarantined) decoded).log();
        assertThat(quarantined.reason()).contains(reason);
        assertThat(quarantined.sourceBank()).isEqualTo(BANK);
        assertThat(quarantined.rawData()).contains(log.getData().length() > 1_000 ? log.getData().substring(0, 1_000) : log.getData());
        return quarantined;
    }

    private static Observation observation(DecodedLog decoded) {
        assertThat(decoded).isInstanceOf(DecodedLog.ExecutorLog.class);
        return ((DecodedLog.ExecutorLog) decoded).observation();
    }

    static Log log(List<String> topics, String data) {
        return new Log(false, "0x3", "0x0", TRANSACTION_HASH, BLOCK_HASH, "0x2a", EXECUTOR.value(), data, null, topics);
    }

    private static Log commandFailed(String data) {
        return log(List.of(ExecutorLogDecoder.COMMAND_FAILED_TOPIC, COMMAND.value().value()), data);
    }

    private static Log validatorSetUpdated(long nonce, long threshold, List<Address> validators) {
        return log(validatorSetTopics(nonce), validatorSetData(threshold, validators));
    }

    private static List<String> validatorSetTopics(long nonce) {
        return List.of(ExecutorLogDecoder.VALIDATOR_SET_UPDATED_TOPIC, "0x" + uint(nonce));
    }

    /** {@code abi.encode(address[] validators, uint256 threshold)}: head (offset 64, threshold), then length and words. */
    static String validatorSetData(long threshold, List<Address> validators) {
        StringBuilder data = new StringBuilder("0x").append(uint(64)).append(uint(threshold)).append(uint(validators.size()));
        validators.forEach(validator -> data.append(word(validator).substring(2)));
        return data.toString();
    }

    /** {@code abi.encode(bytes)}: offset 32, length, content padded with zeros to whole words. */
    static String abiBytes(byte[] content) {
        int padded = (content.length + 31) / 32 * 32;
        return "0x" + uint(32) + uint(content.length) + HexFormat.of().formatHex(Arrays.copyOf(content, padded));
    }

    static String uint(long value) {
        return String.format("%064x", BigInteger.valueOf(value));
    }

    static String word(Address address) {
        return "0x" + "0".repeat(24) + address.value().substring(2);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
