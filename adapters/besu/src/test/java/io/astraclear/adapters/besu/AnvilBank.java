package io.astraclear.adapters.besu;

import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.BankDeployer;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * BANK_A deployed on an anvil chain, as the adapter's integration tests need it: a payer with
 * tokens who initiates transfers to BANK_B (known to the adapter) or BANK_C (registered on the
 * Gateway but unknown to the adapter), four validators that sign mint commands, a relayer account.
 * Blocking calls: test code only.
 */
final class AnvilBank implements AutoCloseable {
    static final BankId BANK_A = BankId.of("BANK_A");
    static final BankId BANK_B = BankId.of("BANK_B");
    static final BankId BANK_C = BankId.of("BANK_C");
    static final int OWNER = 0;
    static final int PAYER = 1;
    static final int RECIPIENT = 2;
    static final int RELAYER = 9;
    static final TestValidators VALIDATORS = TestValidators.create("besu-adapter", 4);
    static final BigInteger PAYER_DEPOSIT = BigInteger.TEN.pow(15);
    static final Duration WAIT = Duration.ofSeconds(60);
    /** A payer's initiateTransfer costs about 45,000 gas; this leaves room. */
    private static final BigInteger TRANSFER_GAS_LIMIT = BigInteger.valueOf(150_000);
    private static final BigInteger PAYER_GAS_PRICE = BigInteger.valueOf(5_000_000_000L);
    private static final int SEND_BATCH = 200;
    private static final int MAX_READS_TO_HEAD = 100_000;

    private AnvilNode node;
    private final HttpService http;
    private final Web3j web3j;
    private final BankContracts contracts;
    private final long deploymentBlock;

    private AnvilBank(AnvilNode node) throws Exception {
        this.node = node;
        this.http = new HttpService(node.rpcUrl());
        this.web3j = Web3j.build(http);
        ChainAccount owner = ChainAccount.connect(web3j, node.credentials(OWNER), node.chainId());
        BankDeployer deployer = new BankDeployer(owner);
        long before = headBlock();
        this.contracts = deployer.deploy(BANK_A, "BANK_A deposit token", "BKA", TestBanks.TOKEN_DECIMALS, VALIDATORS.addresses());
        this.deploymentBlock = firstBlockWithCode(contracts.gateway(), before + 1, headBlock());
        deployer.registerBanks(contracts, List.of(BANK_A, BANK_B, BANK_C));
        deployer.fundAccounts(contracts, Map.of(node.account(PAYER).address(), new Amount(PAYER_DEPOSIT)));
    }

    static AnvilBank start(AnvilNode.Builder builder) throws Exception {
        AnvilNode node = builder.start();
        try {
            return new AnvilBank(node);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    AnvilNode node() {
        return node;
    }

    /** Replaces the node, e.g. after a restart from a state dump on the same port. */
    void replaceNode(AnvilNode restarted) {
        this.node = restarted;
    }

    Web3j web3j() {
        return web3j;
    }

    BankContracts contracts() {
        return contracts;
    }

    /** The block the Gateway was deployed in, found here by scanning eth_getCode, independently of the adapter. */
    long deploymentBlock() {
        return deploymentBlock;
    }

    private long firstBlockWithCode(Address contract, long from, long to) throws IOException {
        for (long block = from; block <= to; block++) {
            String code = web3j.ethGetCode(contract.value(), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send().getCode();
            if (code != null && code.length() > 2) {
                return block;
            }
        }
        throw new IllegalStateException(contract + " has no code in blocks " + from + ".." + to);
    }

    long chainId() {
        return node.chainId();
    }

    Address account(int index) {
        return node.account(index).address();
    }

    /** Settings for BANK_A's adapter with short polls and back-off for tests; adjust before build(). */
    ChainSettings.Builder settings() {
        return ChainSettings.builder()
                .bank(BANK_A)
                .rpcUrl(node.rpcUrl())
                .expectedChainId(node.chainId())
                .gateway(contracts.gateway())
                .executor(contracts.executor())
                .knownBanks(Set.of(BANK_A, BANK_B))
                .relayerPrivateKey(node.account(RELAYER).privateKey())
                .receiptPollInterval(Duration.ofMillis(20))
                .baseBackoff(Duration.ofMillis(100))
                .rpcTimeout(Duration.ofSeconds(5));
    }

    static ChainPort connect(ChainSettings settings) throws Exception {
        return await(BesuChains.connect(settings));
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // --- the source side: customers paying from BANK_A -------------------------------------------------------------

    /**
     * The payer initiates {@code count} transfers of {@code amount} to {@code destination}, {@code perBlock} per block
     * (automine off, then {@code evm_mine}), and returns the block numbers they landed in, in order.
     */
    List<Long> initiateTransfers(int count, BankId destination, long amount, int perBlock) throws Exception {
        Credentials payer = node.credentials(PAYER);
        long nonce = web3j.ethGetTransactionCount(payer.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
        String data = FunctionEncoder.encode(new Function(Gateway.FUNC_INITIATETRANSFER, List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(destination.toBytes32().toByteArray()),
                new org.web3j.abi.datatypes.Address(account(RECIPIENT).value()),
                new Uint256(BigInteger.valueOf(amount))), List.of()));
        List<Long> blocks = new ArrayList<>();
        rpc("evm_setAutomine", false);
        try {
            for (int sent = 0; sent < count; ) {
                int inBlock = Math.min(perBlock, count - sent);
                List<CompletableFuture<EthSendTransaction>> pending = new ArrayList<>();
                for (int i = 0; i < inBlock; i++) {
                    RawTransaction transaction = RawTransaction.createTransaction(BigInteger.valueOf(nonce++), PAYER_GAS_PRICE,
                            TRANSFER_GAS_LIMIT, contracts.gateway().value(), data);
                    String signed = Numeric.toHexString(TransactionEncoder.signMessage(transaction, node.chainId(), payer));
                    pending.add(web3j.ethSendRawTransaction(signed).sendAsync());
                    if (pending.size() == SEND_BATCH) {
                        requireAccepted(pending);
                    }
                }
                requireAccepted(pending);
                rpc("evm_mine");
                long block = headBlock();
                for (int i = 0; i < inBlock; i++) {
                    blocks.add(block);
                }
                sent += inBlock;
            }
        } finally {
            rpc("evm_setAutomine", true);
        }
        long mined = web3j.ethGetTransactionCount(payer.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        if (mined != nonce) {
            throw new IllegalStateException("not every initiateTransfer was mined: payer nonce " + mined + ", expected " + nonce);
        }
        return blocks;
    }

    /** The payer sends {@code count} transfers and does not wait: with interval mining they sit in the pool a while. */
    List<String> submitTransfersWithoutWaiting(int count, BankId destination, long amount) throws Exception {
        Credentials payer = node.credentials(PAYER);
        long nonce = web3j.ethGetTransactionCount(payer.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
        String data = FunctionEncoder.encode(new Function(Gateway.FUNC_INITIATETRANSFER, List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(destination.toBytes32().toByteArray()),
                new org.web3j.abi.datatypes.Address(account(RECIPIENT).value()),
                new Uint256(BigInteger.valueOf(amount))), List.of()));
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawTransaction transaction = RawTransaction.createTransaction(BigInteger.valueOf(nonce++), PAYER_GAS_PRICE,
                    TRANSFER_GAS_LIMIT, contracts.gateway().value(), data);
            EthSendTransaction sent = web3j.ethSendRawTransaction(
                    Numeric.toHexString(TransactionEncoder.signMessage(transaction, node.chainId(), payer))).send();
            if (sent.hasError()) {
                throw new IllegalStateException("anvil refused a transfer: " + sent.getError().getMessage());
            }
            hashes.add(sent.getTransactionHash());
        }
        return hashes;
    }

    private static void requireAccepted(List<CompletableFuture<EthSendTransaction>> pending) throws Exception {
        for (CompletableFuture<EthSendTransaction> sent : pending) {
            EthSendTransaction answer = sent.get(30, TimeUnit.SECONDS);
            if (answer.hasError()) {
                throw new IllegalStateException("anvil refused a transfer: " + answer.getError().getMessage());
            }
        }
        pending.clear();
    }

    /** Sends {@code data} to {@code to} from dev account {@code index} (automine on) and returns the receipt's block. */
    long transact(int index, Address to, String data) throws Exception {
        Credentials sender = node.credentials(index);
        BigInteger nonce = web3j.ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        RawTransaction transaction = RawTransaction.createTransaction(nonce, PAYER_GAS_PRICE, TRANSFER_GAS_LIMIT, to.value(), data);
        EthSendTransaction sent = web3j.ethSendRawTransaction(
                Numeric.toHexString(TransactionEncoder.signMessage(transaction, node.chainId(), sender))).send();
        if (sent.hasError()) {
            throw new IllegalStateException("anvil refused the transaction: " + sent.getError().getMessage());
        }
        // automine mines the transaction as it is accepted, but anvil may answer the send a moment before the receipt is queryable
        java.util.Optional<org.web3j.protocol.core.methods.response.TransactionReceipt> mined = java.util.Optional.empty();
        for (long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10); mined.isEmpty() && System.nanoTime() < deadline; ) {
            mined = web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt();
            if (mined.isEmpty()) {
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        var receipt = mined.orElseThrow(() -> new IllegalStateException("automine is off? no receipt within 10 s for " + sent.getTransactionHash()));
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("transaction " + sent.getTransactionHash() + " failed");
        }
        return receipt.getBlockNumber().longValueExact();
    }

    // --- the destination side: commands the validators signed for BANK_A's Executor -----------------------------

    /** A command from BANK_B to BANK_A for the recipient account, with an id no other test uses. */
    MintCommand mintCommand(String label, long amount) {
        return new MintCommand(TestBanks.commandId(label), BANK_B, BANK_A, account(RECIPIENT), Amount.of(amount), node.chainId(),
                contracts.executor());
    }

    /** A threshold of validators' signatures, ascending by signer. */
    static List<Signature> signatures(MintCommand command) {
        return VALIDATORS.signThreshold(ProtocolDigests.mintDigest(command)).stream().map(Signature::fromBytes).toList();
    }

    // --- chain helpers -------------------------------------------------------------------------------------------

    long headBlock() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    Bytes32 blockHash(long number) throws IOException {
        return Bytes32.of(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send()
                .getBlock().getHash());
    }

    /** The checkpoint at the current head: what a watcher that has read everything so far would hold. */
    Checkpoint checkpointAtHead() throws IOException {
        long head = headBlock();
        return new Checkpoint(BANK_A, head, blockHash(head));
    }

    Checkpoint checkpointAtHeadUnchecked() {
        try {
            return checkpointAtHead();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void mineEmptyBlocks(int count) throws IOException {
        rpc("anvil_mine", "0x" + Integer.toHexString(count));
    }

    /** A raw JSON-RPC call for anvil's own methods (evm_*, anvil_*); fails on an error response. */
    VoidResponse rpc(String method, Object... params) throws IOException {
        VoidResponse response = new Request<>(method, List.of(params), http, VoidResponse.class).send();
        if (response.hasError()) {
            throw new IOException(method + " failed: " + response.getError().getMessage());
        }
        return response;
    }

    /** {@code evm_snapshot}: an id to {@code evm_revert} to. */
    String snapshot() throws IOException {
        TextResponse response = new Request<>("evm_snapshot", List.of(), http, TextResponse.class).send();
        if (response.hasError()) {
            throw new IOException("evm_snapshot failed: " + response.getError().getMessage());
        }
        return response.getResult();
    }

    /** A JSON-RPC answer whose result is a string. */
    public static final class TextResponse extends org.web3j.protocol.core.Response<String> {}

    /**
     * Reads from {@code after} until the head each read reports (an adapter with finality depth 0), {@code maxEvents}
     * per read, and returns every read. A read may end without progress when its page budget went on shrinking pages;
     * like a watcher behind the head, this reads again at once.
     */
    static List<ChainEvents> readToHead(ChainPort chain, Checkpoint after, int maxEvents) throws Exception {
        List<ChainEvents> reads = new ArrayList<>();
        Checkpoint checkpoint = after;
        for (int read = 0; read < MAX_READS_TO_HEAD; read++) {
            ChainEvents events = await(chain.readEvents(checkpoint, maxEvents));
            if (events.reorg().isPresent()) {
                throw new AssertionError("unexpected reorganisation: " + events.reorg().get());
            }
            reads.add(events);
            checkpoint = events.next();
            if (checkpoint.blockNumber() >= events.headBlock()) {
                return reads;
            }
        }
        throw new AssertionError(MAX_READS_TO_HEAD + " reads from " + after + " did not reach the head; last checkpoint " + checkpoint);
    }

    @Override
    public void close() {
        try {
            web3j.shutdown();
        } finally {
            node.close();
        }
    }
}
