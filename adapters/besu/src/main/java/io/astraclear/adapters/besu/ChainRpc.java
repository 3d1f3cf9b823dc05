package io.astraclear.adapters.besu;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The JSON-RPC calls the adapter makes, typed. Every call is asynchronous, bounded by the RPC
 * timeout, and fails with an {@link RpcFailure} for transport failures and error responses alike.
 */
final class ChainRpc implements AutoCloseable {
    /** A block as far as the adapter cares. */
    record BlockRef(long number, Bytes32 hash, Optional<BigInteger> baseFeePerGas) {}

    private final Web3j web3j;
    private final String endpoint;
    private final long timeoutMillis;

    ChainRpc(Web3j web3j, String endpoint, Duration timeout) {
        this.web3j = web3j;
        this.endpoint = endpoint;
        this.timeoutMillis = timeout.toMillis();
    }

    String endpoint() {
        return endpoint;
    }

    CompletableFuture<Long> chainId() {
        return send(web3j.ethChainId()).thenApply(r -> r.getChainId().longValueExact());
    }

    CompletableFuture<Long> blockNumber() {
        return send(web3j.ethBlockNumber()).thenApply(r -> r.getBlockNumber().longValueExact());
    }

    /** The canonical block at {@code number}, empty when the chain is not that high (anymore). */
    CompletableFuture<Optional<BlockRef>> block(long number) {
        return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
    }

    CompletableFuture<BlockRef> latestBlock() {
        return block(DefaultBlockParameterName.LATEST)
                .thenApply(block -> block.orElseThrow(() -> RpcFailure.response("eth_getBlockByNumber", 0, "no latest block", null).asUnchecked()));
    }

    private CompletableFuture<Optional<BlockRef>> block(DefaultBlockParameter which) {
        return send(web3j.ethGetBlockByNumber(which, false)).thenApply(r -> Optional.ofNullable(r.getBlock()).map(ChainRpc::blockRef));
    }

    private static BlockRef blockRef(EthBlock.Block block) {
        return new BlockRef(block.getNumber().longValueExact(), Bytes32.of(block.getHash()),
                block.getBaseFeePerGasRaw() == null ? Optional.empty() : Optional.of(block.getBaseFeePerGas()));
    }

    /**
     * The logs in blocks {@code [from, to]} emitted by any of {@code addresses} whose first topic is
     * any of {@code firstTopics}: one {@code eth_getLogs} with an address array and a topic-0 list.
     */
    CompletableFuture<List<Log>> logs(List<Address> addresses, List<String> firstTopics, long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses.stream().map(Address::value).toList())
                .addOptionalTopics(firstTopics.toArray(String[]::new));
        return send(web3j.ethGetLogs(filter)).thenApply(ChainRpc::logsOf);
    }

    @SuppressWarnings("rawtypes") // web3j's EthLog hands out raw LogResults
    private static List<Log> logsOf(EthLog response) {
        List<EthLog.LogResult> results = response.getLogs() == null ? List.of() : response.getLogs();
        return results.stream().map(result -> {
            if (result instanceof EthLog.LogObject log) {
                return (Log) log;
            }
            throw RpcFailure.response("eth_getLogs", 0, "expected log objects, got " + result.getClass().getSimpleName(), null).asUnchecked();
        }).toList();
    }

    /** {@code eth_call} of a view function; a revert fails with an RpcFailure whose {@code isRevert()} holds. */
    CompletableFuture<List<Type<?>>> call(Address contract, Function function, DefaultBlockParameter at) {
        String data = FunctionEncoder.encode(function);
        return send(web3j.ethCall(Transaction.createEthCallTransaction(null, contract.value(), data), at))
                .thenApply(response -> decodeCall(response, function));
    }

    /** Replays a transaction as {@code eth_call} from {@code from}, for the revert it causes (if any). */
    CompletableFuture<Optional<String>> replayForRevert(Address from, Address to, String data, DefaultBlockParameter at) {
        return send(web3j.ethCall(Transaction.createEthCallTransaction(from.value(), to.value(), data), at))
                .handle((response, failure) -> {
                    if (failure == null) {
                        return response.isReverted() ? Optional.ofNullable(response.getValue()) : Optional.<String>empty();
                    }
                    RpcFailure rpc = RpcFailure.of(failure).orElseThrow(() -> new java.util.concurrent.CompletionException(failure));
                    if (rpc.isRevert()) {
                        return rpc.revertData().or(() -> Optional.of(""));
                    }
                    throw rpc.asUnchecked();
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // web3j's decoder speaks raw Type
    private static List<Type<?>> decodeCall(EthCall response, Function function) {
        if (response.isReverted()) {
            throw RpcFailure.response("eth_call", 3, "execution reverted", response.getValue()).asUnchecked();
        }
        List<Type<?>> values = (List) FunctionReturnDecoder.decode(response.getValue(), function.getOutputParameters());
        if (values.size() != function.getOutputParameters().size()) {
            throw RpcFailure.response("eth_call", 0, function.getName() + " returned " + response.getValue()
                    + "; is the address a contract of the expected kind?", null).asUnchecked();
        }
        return values;
    }

    CompletableFuture<String> code(Address address, DefaultBlockParameter at) {
        return send(web3j.ethGetCode(address.value(), at)).thenApply(r -> r.getCode() == null ? "0x" : r.getCode());
    }

    CompletableFuture<BigInteger> estimateGas(Address from, Address to, String data) {
        return send(web3j.ethEstimateGas(Transaction.createEthCallTransaction(from.value(), to.value(), data)))
                .thenApply(r -> r.getAmountUsed());
    }

    CompletableFuture<BigInteger> gasPrice() {
        return send(web3j.ethGasPrice()).thenApply(r -> r.getGasPrice());
    }

    CompletableFuture<BigInteger> maxPriorityFeePerGas() {
        return send(web3j.ethMaxPriorityFeePerGas()).thenApply(r -> r.getMaxPriorityFeePerGas());
    }

    CompletableFuture<BigInteger> pendingNonce(Address account) {
        return send(web3j.ethGetTransactionCount(account.value(), DefaultBlockParameterName.PENDING)).thenApply(r -> r.getTransactionCount());
    }

    CompletableFuture<BigInteger> latestNonce(Address account) {
        return send(web3j.ethGetTransactionCount(account.value(), DefaultBlockParameterName.LATEST)).thenApply(r -> r.getTransactionCount());
    }

    /** Sends a signed transaction; the hash is returned as the node reports it. */
    CompletableFuture<String> sendRawTransaction(String signedHex) {
        return send(web3j.ethSendRawTransaction(signedHex)).thenApply(r -> r.getTransactionHash());
    }

    CompletableFuture<Optional<TransactionReceipt>> receipt(String transactionHash) {
        return send(web3j.ethGetTransactionReceipt(transactionHash)).thenApply(r -> r.getTransactionReceipt());
    }

    /** Whether the node knows the transaction at all (in its pool or mined). */
    CompletableFuture<Boolean> isKnown(String transactionHash) {
        return transaction(transactionHash).thenApply(Optional::isPresent);
    }

    /** The transaction as the node knows it (in its pool or mined), with its nonce, gas and fees. */
    CompletableFuture<Optional<org.web3j.protocol.core.methods.response.Transaction>> transaction(String transactionHash) {
        return send(web3j.ethGetTransactionByHash(transactionHash)).thenApply(r -> r.getTransaction());
    }

    private <R extends Response<?>> CompletableFuture<R> send(Request<?, R> request) {
        String method = request.getMethod();
        CompletableFuture<R> pending;
        try {
            pending = request.sendAsync();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(RpcFailure.transport(method, endpoint, e));
        }
        return pending.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).handle((response, failure) -> {
            if (failure != null) {
                throw RpcFailure.transport(method, endpoint, RpcFailure.unwrap(failure)).asUnchecked();
            }
            if (response.hasError()) {
                Response.Error error = response.getError();
                throw RpcFailure.response(method, error.getCode(), error.getMessage(), error.getData()).asUnchecked();
            }
            return response;
        });
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
