package io.astraclear.node.e2e;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * One bank's chain as a test reads and pokes it, independently of the node: the token's balances and
 * supply, the Executor's logs, receipts and blocks, and the bank owner's re-wiring of its token.
 * Blocking web3j calls, for test threads only.
 */
final class BankChain implements AutoCloseable {
    /** The Executor's per-entry logs, as the contract emits them. */
    enum LogKind { EXECUTED, SKIPPED, FAILED }

    /** One {@code CommandExecuted}, {@code CommandSkipped} or {@code CommandFailed} of the Executor. */
    record ExecutorLog(LogKind kind, CommandId commandId, Optional<Address> recipient, BigInteger amount, int skipReason, Bytes32 transactionHash,
            long blockNumber, int logIndex) {}

    private static final String EXECUTED_TOPIC = EventEncoder.encode(Executor.COMMANDEXECUTED_EVENT);
    private static final String SKIPPED_TOPIC = EventEncoder.encode(Executor.COMMANDSKIPPED_EVENT);
    private static final String FAILED_TOPIC = EventEncoder.encode(Executor.COMMANDFAILED_EVENT);

    final BankContracts contracts;
    final String rpcUrl;
    private final Web3j web3j;
    private final ChainAccount owner;

    private BankChain(BankContracts contracts, String rpcUrl, Web3j web3j, ChainAccount owner) {
        this.contracts = contracts;
        this.rpcUrl = rpcUrl;
        this.web3j = web3j;
        this.owner = owner;
    }

    /** {@code owner}: the account that deployed the bank's contracts (it may re-wire the token). */
    static BankChain connect(AnvilNode anvil, BankContracts contracts, Credentials owner) {
        Web3j web3j = JsonRpcHttp.connect(anvil.rpcUrl());
        return new BankChain(contracts, anvil.rpcUrl(), web3j, ChainAccount.connect(web3j, owner, contracts.chainId()));
    }

    BankId bank() {
        return contracts.bankId();
    }

    /** An account of this chain that sends through its own nonce counter. */
    ChainAccount account(Credentials credentials) {
        return ChainAccount.connect(web3j, credentials, contracts.chainId());
    }

    BigInteger balanceOf(Address account) throws Exception {
        return owner.bankToken(contracts.token()).balanceOf(account.value()).send();
    }

    BigInteger totalSupply() throws Exception {
        return owner.bankToken(contracts.token()).totalSupply().send();
    }

    /** The bank points its token's executor at {@code executor}, as a bank re-wiring its contracts would. */
    void setTokenExecutor(Address executor) throws Exception {
        TransactionReceipt receipt = owner.bankToken(contracts.token()).setExecutor(executor.value()).send();
        if (!receipt.isStatusOK()) {
            throw new AssertionError("setExecutor on " + bank() + " failed: " + receipt);
        }
    }

    long headBlock() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    Optional<TransactionReceipt> receipt(Bytes32 transactionHash) throws IOException {
        return web3j.ethGetTransactionReceipt(transactionHash.value()).send().getTransactionReceipt();
    }

    /** The Executor's entry logs from the first block on, in chain order. */
    List<ExecutorLog> executorLogs() throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST, contracts.executor().value());
        EthLog answer = web3j.ethGetLogs(filter).send();
        if (answer.hasError()) {
            throw new IOException("eth_getLogs on " + bank() + " failed: " + answer.getError().getMessage());
        }
        List<ExecutorLog> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            decode((Log) result.get()).ifPresent(logs::add);
        }
        logs.sort(Comparator.comparingLong(ExecutorLog::blockNumber).thenComparingInt(ExecutorLog::logIndex));
        return logs;
    }

    static Optional<ExecutorLog> decode(Log log) {
        if (log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        String topic = log.getTopics().get(0);
        Bytes32 transaction = Bytes32.of(log.getTransactionHash());
        long block = log.getBlockNumber().longValueExact();
        int index = log.getLogIndex().intValueExact();
        if (topic.equals(EXECUTED_TOPIC)) {
            Executor.CommandExecutedEventResponse executed = Executor.getCommandExecutedEventFromLog(log);
            return Optional.of(new ExecutorLog(LogKind.EXECUTED, new CommandId(new Bytes32(executed.commandId)), Optional.of(Address.of(executed.recipient)),
                    executed.amount, -1, transaction, block, index));
        }
        if (topic.equals(SKIPPED_TOPIC)) {
            Executor.CommandSkippedEventResponse skipped = Executor.getCommandSkippedEventFromLog(log);
            return Optional.of(new ExecutorLog(LogKind.SKIPPED, new CommandId(new Bytes32(skipped.commandId)), Optional.empty(), BigInteger.ZERO,
                    skipped.reason.intValueExact(), transaction, block, index));
        }
        if (topic.equals(FAILED_TOPIC)) {
            Executor.CommandFailedEventResponse failed = Executor.getCommandFailedEventFromLog(log);
            return Optional.of(new ExecutorLog(LogKind.FAILED, new CommandId(new Bytes32(failed.commandId)), Optional.empty(), BigInteger.ZERO, -1,
                    transaction, block, index));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
