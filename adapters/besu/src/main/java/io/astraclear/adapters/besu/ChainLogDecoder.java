package io.astraclear.adapters.besu;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import java.util.List;
import java.util.stream.Stream;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes a log of the bank's chain by the contract that emitted it: the Gateway's through
 * {@link TransferLogDecoder}, the Executor's through {@link ExecutorLogDecoder}; a log of any other
 * contract is quarantined. Never throws.
 */
final class ChainLogDecoder {
    /** The first topics the log query asks for: the Gateway's {@code TransferInitiated} and the Executor's logs. */
    static final List<String> TOPICS = Stream.concat(Stream.of(TransferLogDecoder.TRANSFER_INITIATED_TOPIC), ExecutorLogDecoder.TOPICS.stream())
            .toList();

    private final BankId bank;
    private final Address gateway;
    private final Address executor;
    private final TransferLogDecoder transfers;
    private final ExecutorLogDecoder executorLogs;

    ChainLogDecoder(BankId bank, TransferLogDecoder transfers, ExecutorLogDecoder executorLogs) {
        this.bank = bank;
        this.gateway = transfers.gateway();
        this.executor = executorLogs.executor();
        this.transfers = transfers;
        this.executorLogs = executorLogs;
    }

    /** The contracts the log query asks for. */
    List<Address> contracts() {
        return List.of(gateway, executor);
    }

    DecodedLog decode(Log log) {
        if (RawLogs.emittedBy(log, gateway)) {
            return transfers.decode(log);
        }
        if (RawLogs.emittedBy(log, executor)) {
            return executorLogs.decode(log);
        }
        return RawLogs.quarantine(bank, log, "log emitted by " + log.getAddress() + ", neither the Gateway " + gateway
                + " nor the Executor " + executor);
    }
}
