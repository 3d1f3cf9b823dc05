package io.astraclear.adapters.besu;

import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.Threshold;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.EventValues;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.Contract;
import org.web3j.utils.Numeric;

/**
 * Decodes the logs of one bank's Executor strictly into {@link Observation.ExecutorLog}s:
 * {@code CommandExecuted}, {@code CommandSkipped}, {@code CommandFailed} and
 * {@code ValidatorSetUpdated}, each with its position and the bank. Exact topic count, data in its
 * canonical ABI encoding (no dirty padding, no trailing bytes), a skip reason the Executor declares,
 * a validator set as the Executor accepts one (1 to 64, non-zero, strictly ascending, with the
 * protocol's threshold). Anything else is quarantined with the reason; decoding never throws. The
 * one place that knows the Executor's event layouts: the batch receipt reads its entries through it.
 */
final class ExecutorLogDecoder {
    static final String COMMAND_EXECUTED_TOPIC = EventEncoder.encode(Executor.COMMANDEXECUTED_EVENT);
    static final String COMMAND_SKIPPED_TOPIC = EventEncoder.encode(Executor.COMMANDSKIPPED_EVENT);
    static final String COMMAND_FAILED_TOPIC = EventEncoder.encode(Executor.COMMANDFAILED_EVENT);
    static final String VALIDATOR_SET_UPDATED_TOPIC = EventEncoder.encode(Executor.VALIDATORSETUPDATED_EVENT);
    /** The first topics of every Executor log the watcher delivers. */
    static final List<String> TOPICS = List.of(COMMAND_EXECUTED_TOPIC, COMMAND_SKIPPED_TOPIC, COMMAND_FAILED_TOPIC, VALIDATOR_SET_UPDATED_TOPIC);

    private static final Pattern WORD = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final int WORD_HEX_CHARS = 64;
    private static final String ADDRESS_PADDING = "0".repeat(24);
    private static final BigInteger WORD_BYTES = BigInteger.valueOf(32);

    private final BankId bank;
    private final Address executor;

    ExecutorLogDecoder(BankId bank, Address executor) {
        this.bank = bank;
        this.executor = executor;
    }

    Address executor() {
        return executor;
    }

    DecodedLog decode(Log log) {
        try {
            return decodeChecked(log);
        } catch (RuntimeException e) {
            return quarantine(log, "undecodable Executor log: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private DecodedLog decodeChecked(Log log) {
        Optional<String> unusable = RawLogs.unusable(log);
        if (unusable.isPresent()) {
            return quarantine(log, unusable.get());
        }
        // the log query filters by address, so another contract's log cannot get here; should a node ignore the filter, it is refused here
        if (!RawLogs.emittedBy(log, executor)) {
            return quarantine(log, "log emitted by " + log.getAddress() + ", not the Executor " + executor);
        }
        List<String> topics = log.getTopics() == null ? List.of() : log.getTopics();
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i) == null || !WORD.matcher(topics.get(i)).matches()) {
                return quarantine(log, "Executor log topic " + i + " is not a 32-byte word: " + topics.get(i));
            }
        }
        if (topics.isEmpty()) {
            return quarantine(log, "Executor log without topics");
        }
        Observation.LogPosition position = new Observation.LogPosition(
                Bytes32.of(log.getTransactionHash()), log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact());
        String data = Numeric.cleanHexPrefix(log.getData() == null ? "" : log.getData()).toLowerCase(Locale.ROOT);
        String signature = topics.get(0);
        if (COMMAND_EXECUTED_TOPIC.equalsIgnoreCase(signature)) {
            return commandExecuted(log, topics, data, position);
        }
        if (COMMAND_SKIPPED_TOPIC.equalsIgnoreCase(signature)) {
            return commandSkipped(log, topics, data, position);
        }
        if (COMMAND_FAILED_TOPIC.equalsIgnoreCase(signature)) {
            return commandFailed(log, topics, data, position);
        }
        if (VALIDATOR_SET_UPDATED_TOPIC.equalsIgnoreCase(signature)) {
            return validatorSetUpdated(log, topics, data, position);
        }
        return quarantine(log, "not an Executor log the watcher knows: first topic " + signature);
    }

    /** {@code CommandExecuted(bytes32 indexed commandId, address indexed recipient, uint256 amount)}. */
    private DecodedLog commandExecuted(Log log, List<String> topics, String data, Observation.LogPosition position) {
        if (topics.size() != 3) {
            return quarantine(log, "CommandExecuted must have 3 topics (signature, commandId, recipient), got " + topics.size());
        }
        if (data.length() != WORD_HEX_CHARS) {
            return quarantine(log, "CommandExecuted data must be 32 bytes (amount), got " + data.length() / 2.0);
        }
        if (!Numeric.cleanHexPrefix(topics.get(2)).startsWith(ADDRESS_PADDING)) {
            return quarantine(log, "CommandExecuted recipient topic with non-zero padding");
        }
        Optional<EventValues> values = values(Executor.COMMANDEXECUTED_EVENT, log);
        if (values.isEmpty()) {
            return quarantine(log, "web3j could not match the log to CommandExecuted");
        }
        CommandId commandId = commandId(values.get());
        Address recipient = Address.of((String) values.get().getIndexedValues().get(1).getValue());
        Amount amount = new Amount((BigInteger) values.get().getNonIndexedValues().get(0).getValue());
        return new DecodedLog.ExecutorLog(new Observation.CommandExecuted(bank, commandId, recipient, amount, position));
    }

    /** {@code CommandSkipped(bytes32 indexed commandId, SkipReason reason)}, the reason a uint8. */
    private DecodedLog commandSkipped(Log log, List<String> topics, String data, Observation.LogPosition position) {
        if (topics.size() != 2) {
            return quarantine(log, "CommandSkipped must have 2 topics (signature, commandId), got " + topics.size());
        }
        if (data.length() != WORD_HEX_CHARS) {
            return quarantine(log, "CommandSkipped data must be 32 bytes (reason), got " + data.length() / 2.0);
        }
        BigInteger word = new BigInteger(data, 16);
        Optional<SkipReason> reason = SkipReason.of(word);
        if (reason.isEmpty()) {
            return quarantine(log, "CommandSkipped reason " + word + " is not a SkipReason the Executor declares (0 to "
                    + (SkipReason.values().length - 1) + ")");
        }
        Optional<EventValues> values = values(Executor.COMMANDSKIPPED_EVENT, log);
        if (values.isEmpty()) {
            return quarantine(log, "web3j could not match the log to CommandSkipped");
        }
        return new DecodedLog.ExecutorLog(new Observation.CommandSkipped(bank, commandId(values.get()), reason.get().ordinal(), position));
    }

    /** {@code CommandFailed(bytes32 indexed commandId, bytes reason)}: the token's raw revert data. */
    private DecodedLog commandFailed(Log log, List<String> topics, String data, Observation.LogPosition position) {
        if (topics.size() != 2) {
            return quarantine(log, "CommandFailed must have 2 topics (signature, commandId), got " + topics.size());
        }
        Optional<String> misshapen = bytesShape(data);
        if (misshapen.isPresent()) {
            return quarantine(log, "CommandFailed data is not one ABI-encoded bytes: " + misshapen.get());
        }
        Optional<EventValues> values = values(Executor.COMMANDFAILED_EVENT, log);
        if (values.isEmpty()) {
            return quarantine(log, "web3j could not match the log to CommandFailed");
        }
        byte[] revertData = ((DynamicBytes) values.get().getNonIndexedValues().get(0)).getValue();
        if (!canonical(data, List.of(new DynamicBytes(revertData)))) {
            return quarantine(log, "CommandFailed data is not the canonical ABI encoding of its bytes (non-zero padding)");
        }
        // the hub only shows the revert data (why an entry failed) and never acts on its content: cut it to the
        // bound, so that a token reverting with a huge payload cannot inflate every validator's attestation
        byte[] kept = revertData.length <= Observation.CommandFailed.MAX_REVERT_DATA_BYTES
                ? revertData
                : Arrays.copyOf(revertData, Observation.CommandFailed.MAX_REVERT_DATA_BYTES);
        return new DecodedLog.ExecutorLog(new Observation.CommandFailed(bank, commandId(values.get()), Bytes.wrap(kept), position));
    }

    /** {@code ValidatorSetUpdated(uint256 indexed nonce, address[] validators, uint256 threshold)}. */
    private DecodedLog validatorSetUpdated(Log log, List<String> topics, String data, Observation.LogPosition position) {
        if (topics.size() != 2) {
            return quarantine(log, "ValidatorSetUpdated must have 2 topics (signature, nonce), got " + topics.size());
        }
        // head: offset of the array (64), threshold; then the array's length and one word per validator
        if (data.length() < 3 * WORD_HEX_CHARS || data.length() % WORD_HEX_CHARS != 0) {
            return quarantine(log, "ValidatorSetUpdated data must be whole words, at least 96 bytes, got " + data.length() / 2.0);
        }
        if (!word(data, 0).equals(BigInteger.valueOf(64))) {
            return quarantine(log, "ValidatorSetUpdated validators must start at offset 64, got " + word(data, 0));
        }
        BigInteger count = word(data, 2);
        if (count.compareTo(BigInteger.valueOf(Observation.ExecutorSetUpdated.MAX_VALIDATORS)) > 0) {
            return quarantine(log, "ValidatorSetUpdated names " + count + " validators, the Executor holds at most "
                    + Observation.ExecutorSetUpdated.MAX_VALIDATORS);
        }
        if (data.length() / WORD_HEX_CHARS != 3 + count.intValueExact()) {
            return quarantine(log, "ValidatorSetUpdated data of " + data.length() / 2 + " bytes does not match its " + count + " validators");
        }
        for (int i = 0; i < count.intValueExact(); i++) {
            if (!data.startsWith(ADDRESS_PADDING, (3 + i) * WORD_HEX_CHARS)) {
                return quarantine(log, "ValidatorSetUpdated validator " + i + " is an address word with non-zero padding");
            }
        }
        Optional<EventValues> values = values(Executor.VALIDATORSETUPDATED_EVENT, log);
        if (values.isEmpty()) {
            return quarantine(log, "web3j could not match the log to ValidatorSetUpdated");
        }
        BigInteger nonce = (BigInteger) values.get().getIndexedValues().get(0).getValue();
        @SuppressWarnings("unchecked")
        List<org.web3j.abi.datatypes.Address> words = ((DynamicArray<org.web3j.abi.datatypes.Address>) values.get().getNonIndexedValues().get(0)).getValue();
        BigInteger threshold = (BigInteger) values.get().getNonIndexedValues().get(1).getValue();
        if (!canonical(data, List.of(new DynamicArray<>(org.web3j.abi.datatypes.Address.class, words), new Uint256(threshold)))) {
            return quarantine(log, "ValidatorSetUpdated data is not the canonical ABI encoding of its values");
        }
        if (nonce.bitLength() >= Long.SIZE) {
            return quarantine(log, "ValidatorSetUpdated nonce " + nonce + " is beyond any real update count");
        }
        List<Address> validators = new ArrayList<>();
        words.forEach(word -> validators.add(Address.of(word.getValue())));
        if (validators.isEmpty()) {
            return quarantine(log, "ValidatorSetUpdated names no validator");
        }
        Address previous = Address.ZERO;
        for (Address validator : validators) {
            if (validator.compareTo(previous) <= 0) {
                return quarantine(log, "ValidatorSetUpdated validators must be non-zero and strictly ascending, got " + validators);
            }
            previous = validator;
        }
        if (!threshold.equals(BigInteger.valueOf(Threshold.of(validators.size())))) {
            return quarantine(log, "ValidatorSetUpdated threshold " + threshold + " is not floor(2n/3) + 1 = "
                    + Threshold.of(validators.size()) + " for " + validators.size() + " validators");
        }
        return new DecodedLog.ExecutorLog(new Observation.ExecutorSetUpdated(bank, nonce.longValueExact(), validators, position));
    }

    /** Why {@code data} is not {@code abi.encode(bytes)} (offset 32, length, content padded to whole words), if it is not. */
    private static Optional<String> bytesShape(String data) {
        if (data.length() < 2 * WORD_HEX_CHARS || data.length() % WORD_HEX_CHARS != 0) {
            return Optional.of("must be whole words, at least 64 bytes, got " + data.length() / 2.0);
        }
        if (!word(data, 0).equals(WORD_BYTES)) {
            return Optional.of("the bytes must start at offset 32, got " + word(data, 0));
        }
        BigInteger length = word(data, 1);
        BigInteger contentBytes = BigInteger.valueOf(data.length() / 2 - 2L * 32);
        BigInteger paddedLength = length.add(BigInteger.valueOf(31)).divide(WORD_BYTES).multiply(WORD_BYTES);
        if (!paddedLength.equals(contentBytes)) {
            return Optional.of("a length of " + length + " bytes needs " + paddedLength + " bytes of content, got " + contentBytes);
        }
        return Optional.empty();
    }

    /** Whether {@code data} is exactly the ABI encoding of {@code values}: what web3j decoded, re-encoded, with nothing else. */
    @SuppressWarnings("rawtypes")
    private static boolean canonical(String data, List<Type> values) {
        return FunctionEncoder.encodeConstructor(values).equalsIgnoreCase(data);
    }

    private static BigInteger word(String data, int index) {
        return new BigInteger(data.substring(index * WORD_HEX_CHARS, (index + 1) * WORD_HEX_CHARS), 16);
    }

    private static Optional<EventValues> values(Event event, Log log) {
        return Optional.ofNullable(Contract.staticExtractEventParameters(event, log));
    }

    private static CommandId commandId(EventValues values) {
        return new CommandId(new Bytes32((byte[]) values.getIndexedValues().get(0).getValue()));
    }

    private DecodedLog quarantine(Log log, String reason) {
        return RawLogs.quarantine(bank, log, reason);
    }
}
