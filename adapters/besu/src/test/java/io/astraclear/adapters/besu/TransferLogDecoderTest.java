package io.astraclear.adapters.besu;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

class TransferLogDecoderTest {
    private static final BankId SOURCE = BankId.of("BANK_A");
    private static final BankId DESTINATION = BankId.of("BANK_B");
    private static final long CHAIN_ID = 1001;
    private static final Address GATEWAY = Address.of("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final Address SENDER = Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static final Address RECIPIENT = Address.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final String BLOCK_HASH = "0x" + "ab".repeat(32);
    private static final String TRANSACTION_HASH = "0x" + "cd".repeat(32);

    private final TransferLogDecoder decoder = new TransferLogDecoder(SOURCE, CHAIN_ID, GATEWAY, Set.of(SOURCE, DESTINATION));

    @Test
    void decodesEveryFieldOfAWellFormedLog() {
        DecodedLog decoded = decoder.decode(log(topics(BigInteger.valueOf(7), DESTINATION), data(RECIPIENT, 500, 7)));

        assertThat(decoded).isInstanceOf(DecodedLog.Transfer.class);
        ObservedTransfer transfer = ((DecodedLog.Transfer) decoded).transfer();
        assertThat(transfer.transferId()).isEqualTo(ProtocolDigests.transferId(CHAIN_ID, GATEWAY, BigInteger.valueOf(7)));
        assertThat(transfer.sourceBank()).isEqualTo(SOURCE);
        assertThat(transfer.sourceChainId()).isEqualTo(CHAIN_ID);
        assertThat(transfer.sourceGateway()).isEqualTo(GATEWAY);
        assertThat(transfer.nonce()).isEqualTo(7);
        assertThat(transfer.sender()).isEqualTo(SENDER);
        assertThat(transfer.destinationBank()).isEqualTo(DESTINATION);
        assertThat(transfer.recipient()).isEqualTo(RECIPIENT);
        assertThat(transfer.amount()).isEqualTo(Amount.of(500));
        assertThat(transfer.blockNumber()).isEqualTo(42);
        assertThat(transfer.blockHash()).isEqualTo(Bytes32.of(BLOCK_HASH));
        assertThat(transfer.transactionHash()).isEqualTo(Bytes32.of(TRANSACTION_HASH));
        assertThat(transfer.logIndex()).isEqualTo(3);
    }

    @Test
    void quarantinesAWrongNumberOfTopics() {
        List<String> topics = new ArrayList<>(topics(BigInteger.ONE, DESTINATION));
        topics.remove(3);

        assertQuarantined(log(topics, data(RECIPIENT, 1, 1)), "expected 4 topics");
    }

    @Test
    void quarantinesDataOfTheWrongLength() {
        assertQuarantined(log(topics(BigInteger.ONE, DESTINATION), data(RECIPIENT, 1, 1) + "00"), "data must be 96 bytes");
        assertQuarantined(log(topics(BigInteger.ONE, DESTINATION), "0x1234"), "data must be 96 bytes");
    }

    @Test
    void quarantinesAnAddressWordWithDirtyPadding() {
        String dirty = "0x01" + data(RECIPIENT, 1, 1).substring(4);

        assertQuarantined(log(topics(BigInteger.ONE, DESTINATION), dirty), "non-zero padding");
    }

    @Test
    void quarantinesATransferIdThatDoesNotFollowTheProtocol() {
        List<String> topics = new ArrayList<>(topics(BigInteger.ONE, DESTINATION));
        topics.set(1, "0x" + "11".repeat(32));

        assertQuarantined(log(topics, data(RECIPIENT, 1, 1)), "is not keccak256(chainId, gateway, nonce 1)");
    }

    @Test
    void quarantinesDestinationsThatAreNotKnownBanks() {
        assertQuarantined(log(topics(BigInteger.ONE, BankId.of("BANK_Z")), data(RECIPIENT, 1, 1)), "unknown destination bank BANK_Z");
        assertQuarantined(log(topics(BigInteger.ONE, SOURCE), data(RECIPIENT, 1, 1)), "destination bank is the source bank");
        List<String> notABankId = new ArrayList<>(topics(BigInteger.ONE, DESTINATION));
        notABankId.set(3, "0x" + "ff".repeat(32));
        assertQuarantined(log(notABankId, data(RECIPIENT, 1, 1)), "is not a bank id");
    }

    @Test
    void quarantinesZeroAmountsAndZeroRecipients() {
        assertQuarantined(log(topics(BigInteger.ONE, DESTINATION), data(RECIPIENT, 0, 1)), "zero amount");
        assertQuarantined(log(topics(BigInteger.ONE, DESTINATION), data(Address.ZERO, 5, 1)), "zero recipient");
    }

    @Test
    void quarantinesLogsOfAnotherContractRemovedLogsAndPendingLogs() {
        Log foreign = new Log(false, "0x3", "0x0", TRANSACTION_HASH, BLOCK_HASH, "0x2a", "0x" + "99".repeat(20),
                data(RECIPIENT, 1, 1), null, topics(BigInteger.ONE, DESTINATION));
        Log removed = new Log(true, "0x3", "0x0", TRANSACTION_HASH, BLOCK_HASH, "0x2a", GATEWAY.value(),
                data(RECIPIENT, 1, 1), null, topics(BigInteger.ONE, DESTINATION));
        Log pending = new Log(false, null, null, TRANSACTION_HASH, null, null, GATEWAY.value(),
                data(RECIPIENT, 1, 1), null, topics(BigInteger.ONE, DESTINATION));

        assertQuarantined(foreign, "not the Gateway");
        assertQuarantined(removed, "removed");
        assertQuarantined(pending, "pending");
    }

    private void assertQuarantined(Log log, String reason) {
        DecodedLog decoded = decoder.decode(log);

        assertThat(decoded).isInstanceOf(DecodedLog.Quarantined.class);
        QuarantinedLog quarantined = ((DecodedLog.Quarantined) decoded).log();
        assertThat(quarantined.reason()).contains(reason);
        assertThat(quarantined.sourceBank()).isEqualTo(SOURCE);
        assertThat(quarantined.rawData()).contains(log.getData());
    }

    private static Log log(List<String> topics, String data) {
        return new Log(false, "0x3", "0x0", TRANSACTION_HASH, BLOCK_HASH, "0x2a", GATEWAY.value(), data, null, topics);
    }

    private static List<String> topics(BigInteger nonce, BankId destination) {
        return List.of(
                TransferLogDecoder.TRANSFER_INITIATED_TOPIC,
                ProtocolDigests.transferId(CHAIN_ID, GATEWAY, nonce).value().value(),
                word(SENDER),
                destination.toBytes32().value());
    }

    private static String data(Address recipient, long amount, long nonce) {
        return "0x" + word(recipient).substring(2)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(amount), 64)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(nonce), 64);
    }

    private static String word(Address address) {
        return "0x" + "0".repeat(24) + address.value().substring(2);
    }
}
