package io.astraclear.contracts.devnet;

import io.astraclear.contracts.ContractErrors;
import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.ports.domain.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.RevertReasonExtractor;

/**
 * One signing account on one EVM chain, set up the way a devnet needs it: nonces counted locally
 * (several transactions per block), receipts polled every 50 ms instead of web3j's default 15 s,
 * gas priced by the node. Every contract wrapper it loads sends through the same nonce counter.
 *
 * <p>Blocking calls: never use it on an event loop.
 */
public final class ChainAccount {
    public static final Duration DEFAULT_RECEIPT_POLL_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_RECEIPT_TIMEOUT = Duration.ofSeconds(60);
    /** Enough for any of our deployments (the Executor needs about 1.2 million) and well under a block. */
    public static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(6_000_000);

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final FastRawTransactionManager transactionManager;
    private final PollingTransactionReceiptProcessor receiptProcessor;
    private final ContractGasProvider gasProvider;

    private ChainAccount(Web3j web3j, Credentials credentials, long chainId, BigInteger gasLimit,
            Duration receiptPollInterval, Duration receiptTimeout) {
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        if (chainId < 1) {
            throw new IllegalArgumentException("chain id must be positive, got " + chainId);
        }
        long pollMillis = receiptPollInterval.toMillis();
        if (pollMillis < 1 || receiptTimeout.toMillis() < pollMillis) {
            throw new IllegalArgumentException("receipt poll interval must be at least 1 ms and at most the receipt timeout");
        }
        this.chainId = chainId;
        int attempts = Math.toIntExact(Math.max(1, receiptTimeout.toMillis() / pollMillis));
        this.receiptProcessor = new PollingTransactionReceiptProcessor(web3j, pollMillis, attempts);
        this.transactionManager = new FastRawTransactionManager(web3j, credentials, chainId, receiptProcessor);
        this.gasProvider = new NodeGasPriceProvider(web3j, gasLimit);
    }

    /** Asks the node for its chain id (signatures are EIP-155 bound to it). */
    public static ChainAccount connect(Web3j web3j, Credentials credentials) throws IOException {
        EthChainId answer = web3j.ethChainId().send();
        if (answer.hasError()) {
            throw new IOException("eth_chainId failed: " + answer.getError().getMessage());
        }
        return connect(web3j, credentials, answer.getChainId().longValueExact());
    }

    public static ChainAccount connect(Web3j web3j, Credentials credentials, long chainId) {
        return connect(web3j, credentials, chainId, DEFAULT_GAS_LIMIT, DEFAULT_RECEIPT_POLL_INTERVAL, DEFAULT_RECEIPT_TIMEOUT);
    }

    public static ChainAccount connect(Web3j web3j, Credentials credentials, long chainId, BigInteger gasLimit,
            Duration receiptPollInterval, Duration receiptTimeout) {
        return new ChainAccount(web3j, credentials, chainId, gasLimit, receiptPollInterval, receiptTimeout);
    }

    public Web3j web3j() {
        return web3j;
    }

    public Credentials credentials() {
        return credentials;
    }

    public Address address() {
        return Address.of(credentials.getAddress());
    }

    public long chainId() {
        return chainId;
    }

    public TransactionManager transactionManager() {
        return transactionManager;
    }

    public ContractGasProvider gasProvider() {
        return gasProvider;
    }

    public BankToken bankToken(Address token) {
        return BankToken.load(token.value(), web3j, transactionManager, gasProvider);
    }

    public Gateway gateway(Address gateway) {
        return Gateway.load(gateway.value(), web3j, transactionManager, gasProvider);
    }

    public Executor executor(Address executor) {
        return Executor.load(executor.value(), web3j, transactionManager, gasProvider);
    }

    /** Signs and sends a call without waiting for it to be mined; returns the transaction hash. */
    public String submit(Address to, Function function) throws IOException {
        return submit(to.value(), FunctionEncoder.encode(function), BigInteger.ZERO);
    }

    /** Sends a contract creation ({@code BINARY + encoded constructor}) without waiting; returns its hash. */
    public String submitDeployment(String bytecodeAndConstructor) throws IOException {
        return submit(null, bytecodeAndConstructor, BigInteger.ZERO);
    }

    private String submit(String to, String data, BigInteger weiValue) throws IOException {
        EthSendTransaction sent = transactionManager.sendTransaction(
                gasProvider.getGasPrice(), gasProvider.getGasLimit(), to, data, weiValue);
        if (sent.hasError()) {
            // the local nonce counter already moved past the rejected transaction: re-read it from the node
            transactionManager.resetNonce();
            throw new IOException("the node rejected a transaction from " + credentials.getAddress() + ": "
                    + sent.getError().getMessage());
        }
        return sent.getTransactionHash();
    }

    /**
     * Waits for the receipt and requires success.
     *
     * @throws TransactionException when it reverted (with the revert data, decoded in the message) or
     *     no receipt arrived within the receipt timeout
     */
    public TransactionReceipt awaitSuccess(String transactionHash) throws IOException, TransactionException {
        TransactionReceipt receipt = receiptProcessor.waitForTransactionReceipt(transactionHash);
        if (!receipt.isStatusOK()) {
            String input = web3j.ethGetTransactionByHash(transactionHash).send().getTransaction()
                    .orElseThrow(() -> new IOException("mined transaction " + transactionHash + " is unknown to the node"))
                    .getInput();
            String revertData = RevertReasonExtractor.retrieveRevertReasonEncodedData(receipt, input, web3j, BigInteger.ZERO);
            throw new TransactionException("transaction " + transactionHash + " reverted: "
                    + ContractErrors.bundled().describe(revertData), receipt, revertData);
        }
        return receipt;
    }

    /** Submits all in order (consecutive nonces, so they can share a block), then waits for every receipt. */
    public List<TransactionReceipt> sendAll(Address to, List<Function> functions) throws IOException, TransactionException {
        List<String> hashes = new ArrayList<>(functions.size());
        for (Function function : functions) {
            hashes.add(submit(to, function));
        }
        List<TransactionReceipt> receipts = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            receipts.add(awaitSuccess(hash));
        }
        return receipts;
    }

    public TransactionReceipt send(Address to, Function function) throws IOException, TransactionException {
        return awaitSuccess(submit(to, function));
    }

    public TransactionReceipt sendEther(Address to, BigInteger wei) throws IOException, TransactionException {
        return awaitSuccess(submit(to.value(), "0x", wei));
    }

    @Override
    public String toString() {
        return "ChainAccount[" + credentials.getAddress() + " on chain " + chainId + "]";
    }
}
