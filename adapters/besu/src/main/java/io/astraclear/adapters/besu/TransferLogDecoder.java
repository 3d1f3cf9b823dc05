package io.astraclear.adapters.besu;

import io.astraclear.contracts.generated.Gateway;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.EventValues;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.Contract;
import org.web3j.utils.Numeric;

/**
 * Decodes {@code TransferInitiated} logs of one Gateway strictly: exact topic count and data
 * length, clean address padding, a {@code transferId} that matches the protocol's formula, and a
 * destination that is a known bank other than the source. Anything else is quarantined with the
 * reason; decoding never throws.
 */
final class TransferLogDecoder {
    static final Event TRANSFER_INITIATED = Gateway.TRANSFERINITIATED_EVENT;
    static final String TRANSFER_INITIATED_TOPIC = EventEncoder.encode(TRANSFER_INITIATED);
    private static final int TOPIC_COUNT = 4; // signature, transferId, sender, dstBank
    private static final int DATA_HEX_CHARS = 3 * 64; // recipient, amount, nonce
    private static final String ADDRESS_PADDING = "0".repeat(24);

    private final BankId sourceBank;
    private final long chainId;
    private final Address gateway;
    private final Set<BankId> knownBanks;

    TransferLogDecoder(BankId sourceBank, long chainId, Address gateway, Set<BankId> knownBanks) {
        this.sourceBank = sourceBank;
        this.chainId = chainId;
        this.gateway = gateway;
        this.knownBanks = Set.copyOf(knownBanks);
    }

    Address gateway() {
        return gateway;
    }

    DecodedLog decode(Log log) {
        try {
            return decodeChecked(log);
        } catch (RuntimeException e) {
            return quarantine(log, "undecodable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private DecodedLog decodeChecked(Log log) {
        Optional<String> unusable = RawLogs.unusable(log);
        if (unusable.isPresent()) {
            return quarantine(log, unusable.get());
        }
        if (!RawLogs.emittedBy(log, gateway)) {
            return quarantine(log, "log emitted by " + log.getAddress() + ", not the Gateway " + gateway);
        }
        List<String> topics = log.getTopics() == null ? List.of() : log.getTopics();
        if (topics.size() != TOPIC_COUNT || !TRANSFER_INITIATED_TOPIC.equalsIgnoreCase(topics.get(0))) {
            return quarantine(log, "not a TransferInitiated log: expected " + TOPIC_COUNT + " topics starting with "
                    + TRANSFER_INITIATED_TOPIC + ", got " + topics.size());
        }
        String data = Numeric.cleanHexPrefix(log.getData() == null ? "" : log.getData());
        if (data.length() != DATA_HEX_CHARS) {
            return quarantine(log, "TransferInitiated data must be 96 bytes, got " + data.length() / 2.0);
        }
        if (!Numeric.cleanHexPrefix(topics.get(2)).startsWith(ADDRESS_PADDING) || !data.startsWith(ADDRESS_PADDING)) {
            return quarantine(log, "address word with non-zero padding (sender or recipient)");
        }
        EventValues values = Contract.staticExtractEventParameters(TRANSFER_INITIATED, log);
        if (values == null) {
            return quarantine(log, "web3j could not match the log to TransferInitiated");
        }
        TransferId transferId = new TransferId(new Bytes32((byte[]) values.getIndexedValues().get(0).getValue()));
        Address sender = Address.of((String) values.getIndexedValues().get(1).getValue());
        Bytes32 destinationWord = new Bytes32((byte[]) values.getIndexedValues().get(2).getValue());
        Address recipient = Address.of((String) values.getNonIndexedValues().get(0).getValue());
        BigInteger amount = (BigInteger) values.getNonIndexedValues().get(1).getValue();
        BigInteger nonce = (BigInteger) values.getNonIndexedValues().get(2).getValue();

        if (nonce.signum() <= 0) {
            return quarantine(log, "nonce must be positive, got " + nonce);
        }
        TransferId expectedId = ProtocolDigests.transferId(chainId, gateway, nonce);
        if (!expectedId.equals(transferId)) {
            return quarantine(log, "transferId " + transferId + " is not keccak256(chainId, gateway, nonce " + nonce + ") = " + expectedId);
        }
        BankId destination;
        try {
            destination = BankId.fromBytes32(destinationWord);
        } catch (IllegalArgumentException e) {
            return quarantine(log, "destination bank " + destinationWord + " is not a bank id: " + e.getMessage());
        }
        if (destination.equals(sourceBank)) {
            return quarantine(log, "destination bank is the source bank " + sourceBank);
        }
        if (!knownBanks.contains(destination)) {
            return quarantine(log, "unknown destination bank " + destination);
        }
        if (recipient.equals(Address.ZERO) || amount.signum() == 0) {
            return quarantine(log, "zero recipient or zero amount");
        }
        return new DecodedLog.Transfer(new ObservedTransfer(
                transferId, sourceBank, chainId, gateway, nonce, sender, destination, recipient, new Amount(amount),
                log.getBlockNumber().longValueExact(), Bytes32.of(log.getBlockHash()), Bytes32.of(log.getTransactionHash()),
                log.getLogIndex().intValueExact()));
    }

    private DecodedLog quarantine(Log log, String reason) {
        return RawLogs.quarantine(sourceBank, log, reason);
    }
}
