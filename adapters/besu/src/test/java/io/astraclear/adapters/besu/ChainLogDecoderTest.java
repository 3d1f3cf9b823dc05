package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.ExecutorLogDecoderTest.uint;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.protocol.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;

/** Which decoder a log of the bank's chain goes to, and what the log query asks the node for. */
class ChainLogDecoderTest {
    private static final BankId BANK = BankId.of("BANK_A");
    private static final Address GATEWAY = Address.of("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final Address EXECUTOR = Address.of("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    private static final String COMMAND = "0x" + "c0".repeat(32);

    private final ChainLogDecoder decoder = new ChainLogDecoder(BANK,
            new TransferLogDecoder(BANK, 1001, GATEWAY, Set.of(BANK, BankId.of("BANK_B"))), new ExecutorLogDecoder(BANK, EXECUTOR));

    @Test
    void asksForBothContractsAndTheFiveEventSignaturesOfTheSolidity() {
        assertThat(decoder.contracts()).containsExactly(GATEWAY, EXECUTOR);
        assertThat(ChainLogDecoder.TOPICS).containsExactlyInAnyOrder(
                signature("TransferInitiated(bytes32,address,bytes32,address,uint256,uint256)"),
                signature("CommandExecuted(bytes32,address,uint256)"),
                signature("CommandSkipped(bytes32,uint8)"),
                signature("CommandFailed(bytes32,bytes)"),
                signature("ValidatorSetUpdated(uint256,address[],uint256)"));
    }

    @Test
    void anExecutorLogBecomesAnExecutorObservation() {
        DecodedLog decoded = decoder.decode(log(EXECUTOR, List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND), "0x" + uint(0)));

        assertThat(decoded).isInstanceOf(DecodedLog.ExecutorLog.class);
    }

    @Test
    void anExecutorEventEmittedByTheGatewayIsQuarantinedAsNotATransfer() {
        DecodedLog decoded = decoder.decode(log(GATEWAY, List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND), "0x" + uint(0)));

        assertThat(decoded).isInstanceOfSatisfying(DecodedLog.Quarantined.class,
                quarantined -> assertThat(quarantined.log().reason()).contains("not a TransferInitiated log"));
    }

    @Test
    void aLogOfAnyOtherContractIsQuarantinedNamingBothContracts() {
        DecodedLog decoded = decoder.decode(log(Address.of("0x" + "99".repeat(20)),
                List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND), "0x" + uint(0)));

        assertThat(decoded).isInstanceOfSatisfying(DecodedLog.Quarantined.class, quarantined -> assertThat(quarantined.log().reason())
                .contains("neither the Gateway " + GATEWAY).contains("nor the Executor " + EXECUTOR));
    }

    @Test
    void aLogWithoutAnAddressIsQuarantinedNotThrown() {
        DecodedLog decoded = decoder.decode(new Log(false, "0x3", "0x0", "0x" + "cd".repeat(32), "0x" + "ab".repeat(32), "0x2a", null, "0x",
                null, List.of(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC, COMMAND)));

        assertThat(decoded).isInstanceOf(DecodedLog.Quarantined.class);
        assertThat(decoded.blockNumber()).isEqualTo(42);
        assertThat(decoded.logIndex()).isEqualTo(3);
    }

    private static Log log(Address emitter, List<String> topics, String data) {
        return new Log(false, "0x3", "0x0", "0x" + "cd".repeat(32), "0x" + "ab".repeat(32), "0x2a", emitter.value(), data, null, topics);
    }

    private static String signature(String event) {
        return "0x" + HexFormat.of().formatHex(Keccak256.hash(event.getBytes(StandardCharsets.US_ASCII)));
    }
}
