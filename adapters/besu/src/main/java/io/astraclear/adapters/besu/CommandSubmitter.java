package io.astraclear.adapters.besu;

import io.astraclear.contracts.ContractError;
import io.astraclear.contracts.ContractErrors;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Submits Executor transactions to completion. One attempt: look for an earlier attempt's
 * transaction (mined, or still pending: then wait for it rather than send another); ask the
 * Executor whether the command is processed already (a cheap {@code eth_call}); estimate the gas,
 * which also reveals a revert without sending anything; price, sign and send through the lane;
 * poll the receipt. Reverts are final outcomes with their decoded reason; everything else is
 * transient and retried with exponential back-off, up to {@code retryMax} retries.
 */
final class CommandSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandSubmitter.class);
    /** Head-room over {@code eth_estimateGas}: state can move between estimate and inclusion. */
    private static final int GAS_MARGIN_PERCENT = 25;
    private static final String ALREADY_PROCESSED = "CommandAlreadyProcessed";
    /** Replacements of stranded transactions within one wait; beyond, the command's retry takes over. */
    private static final int MAX_REPLACEMENTS = 3;

    private final ChainRpc rpc;
    private final SubmissionLane lane;
    private final FeeOracle fees;
    private final ReceiptWatcher receipts;
    private final Delays delays;
    private final ContractErrors contractErrors;
    private final Address executor;
    private final int retryMax;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** What to submit: a label for logs, the command id when the Executor tracks it, and the call. */
    record Submission(String label, Optional<CommandId> commandId, Function function) {}

    CommandSubmitter(ChainRpc rpc, SubmissionLane lane, FeeOracle fees, ReceiptWatcher receipts, Delays delays,
            ContractErrors contractErrors, Address executor, int retryMax, int maxInFlight) {
        this.rpc = rpc;
        this.lane = lane;
        this.fees = fees;
        this.receipts = receipts;
        this.delays = delays;
        this.contractErrors = contractErrors;
        this.executor = executor;
        this.retryMax = retryMax;
        this.maxInFlight = maxInFlight;
    }

    CompletableFuture<ExecutionOutcome> submit(Submission submission) {
        String data = FunctionEncoder.encode(submission.function());
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new RejectedExecutionException(
                    "relayer " + lane.relayerAddress() + " has " + maxInFlight + " submissions in flight already; retry later"));
        }
        List<String> sentHashes = new CopyOnWriteArrayList<>();
        return attempt(submission, data, sentHashes, 1).whenComplete((outcome, failure) -> inFlight.decrementAndGet());
    }

    /** The receipt of a transaction this submitter saw mined (polled like any receipt). */
    CompletableFuture<TransactionReceipt> receipt(Bytes32 transactionHash) {
        return receipts.await(transactionHash.value());
    }

    /** Decodes an Executor revert the way the submitter does; for logs that carry one. */
    ContractErrors contractErrors() {
        return contractErrors;
    }

    private CompletableFuture<ExecutionOutcome> attempt(Submission submission, String data, List<String> sentHashes, int attempt) {
        return once(submission, data, sentHashes, attempt).handle((outcome, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(outcome);
            }
            Throwable cause = RpcFailure.unwrap(failure);
            if (!(cause instanceof RpcFailure) && !(cause instanceof ReceiptWatcher.NotMined)) {
                return CompletableFuture.<ExecutionOutcome>failedFuture(cause); // a bug or a closed adapter, not the chain
            }
            if (cause instanceof ReceiptWatcher.NotMined || cause instanceof RpcFailure rpcFailure && rpcFailure.isTransient()) {
                lane.requestResync();
            }
            String error = cause.getMessage();
            if (attempt > retryMax) {
                LOG.warn("{}: giving up after {} attempts: {}", submission.label(), attempt, error);
                return CompletableFuture.<ExecutionOutcome>completedFuture(new ExecutionOutcome.GaveUp(error, attempt));
            }
            var wait = delays.backoff(attempt);
            LOG.warn("{}: attempt {} of {} failed, retrying in {} ms: {}", submission.label(), attempt, retryMax + 1, wait.toMillis(), error);
            return delays.after(wait).thenCompose(elapsed -> attempt(submission, data, sentHashes, attempt + 1));
        }).thenCompose(next -> next);
    }

    private CompletableFuture<ExecutionOutcome> once(Submission submission, String data, List<String> sentHashes, int attempt) {
        return earlierOutcome(List.copyOf(sentHashes), data, sentHashes, attempt).thenCompose(earlier -> earlier.isPresent()
                ? CompletableFuture.completedFuture(earlier.get())
                : fresh(submission, data, sentHashes, attempt));
    }

    /** An earlier attempt's transaction that was mined, or is still pending (then it is waited for), newest first. */
    private CompletableFuture<Optional<ExecutionOutcome>> earlierOutcome(List<String> hashes, String data, List<String> sentHashes,
            int attempt) {
        if (hashes.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String newest = hashes.get(hashes.size() - 1);
        List<String> older = hashes.subList(0, hashes.size() - 1);
        return rpc.receipt(newest).thenCompose(receipt -> {
            if (receipt.isPresent()) {
                return outcomeOf(receipt.get(), data, attempt).thenApply(Optional::of);
            }
            return rpc.isKnown(newest).thenCompose(known -> known
                    ? awaitMined(newest, data, sentHashes, 0).thenCompose(mined -> outcomeOf(mined, data, attempt)).thenApply(Optional::of)
                    : earlierOutcome(older, data, sentHashes, attempt));
        });
    }

    private CompletableFuture<ExecutionOutcome> fresh(Submission submission, String data, List<String> sentHashes, int attempt) {
        return alreadyProcessed(submission).thenCompose(processed -> {
            if (processed) {
                return CompletableFuture.completedFuture(new ExecutionOutcome.AlreadyProcessed(attempt));
            }
            return rpc.estimateGas(lane.relayerAddress(), executor, data).handle((estimate, failure) -> {
                if (failure != null) {
                    Optional<RpcFailure> revert = RpcFailure.of(failure).filter(RpcFailure::isRevert);
                    if (revert.isPresent()) {
                        return CompletableFuture.completedFuture(outcomeOfRevert(revert.get().revertData(), attempt));
                    }
                    return CompletableFuture.<ExecutionOutcome>failedFuture(RpcFailure.unwrap(failure));
                }
                return fees.quote()
                        .thenCompose(price -> lane.send(executor, data, withMargin(estimate), price, sentHashes::add))
                        .thenCompose(sent -> {
                            sentHashes.add(sent.transactionHash());
                            LOG.debug("{}: sent {} with nonce {}", submission.label(), sent.transactionHash(), sent.nonce());
                            return awaitMined(sent.transactionHash(), data, sentHashes, 0);
                        })
                        .thenCompose(receipt -> outcomeOf(receipt, data, attempt));
            }).thenCompose(next -> next);
        });
    }

    /**
     * The receipt of {@code transactionHash}, or of a replacement: a transaction the node holds but
     * will not mine ({@link ReceiptWatcher.Stranded}, seen on anvil under bursts) is replaced at its
     * nonce with the same call and bumped fees, which unblocks the relayer's later nonces too.
     */
    private CompletableFuture<TransactionReceipt> awaitMined(String transactionHash, String data, List<String> sentHashes, int replaced) {
        return receipts.await(transactionHash).exceptionallyCompose(failure -> {
            Throwable cause = RpcFailure.unwrap(failure);
            if (!(cause instanceof ReceiptWatcher.Stranded stranded) || replaced >= MAX_REPLACEMENTS) {
                return CompletableFuture.failedFuture(cause);
            }
            org.web3j.protocol.core.methods.response.Transaction original = stranded.transaction();
            LOG.warn("relayer {}: {}; replacing it", lane.relayerAddress(), cause.getMessage());
            return fees.quote()
                    .thenCompose(quote -> lane.resend(original.getNonce().longValueExact(), executor, data, original.getGas(),
                            bumped(quote, original), sentHashes::add))
                    .thenCompose(sent -> {
                        sentHashes.add(sent.transactionHash());
                        return awaitMined(sent.transactionHash(), data, sentHashes, replaced + 1);
                    });
        });
    }

    /** At least the current quote and 12.5% above what the replaced transaction offered (nodes ask for +10% to replace). */
    private static FeeOracle.Fees bumped(FeeOracle.Fees quote, org.web3j.protocol.core.methods.response.Transaction original) {
        return switch (quote) {
            case FeeOracle.Fees.Legacy legacy -> new FeeOracle.Fees.Legacy(bump(legacy.gasPrice().max(quantity(original.getGasPriceRaw()))));
            case FeeOracle.Fees.Dynamic dynamic -> {
                BigInteger priority = bump(dynamic.maxPriorityFeePerGas().max(quantity(original.getMaxPriorityFeePerGasRaw())));
                BigInteger max = bump(dynamic.maxFeePerGas().max(quantity(original.getMaxFeePerGasRaw())));
                yield new FeeOracle.Fees.Dynamic(priority, max.max(priority));
            }
        };
    }

    private static BigInteger bump(BigInteger price) {
        return price.add(price.shiftRight(3)).add(BigInteger.ONE);
    }

    private static BigInteger quantity(String raw) {
        return raw == null ? BigInteger.ZERO : org.web3j.utils.Numeric.decodeQuantity(raw);
    }

    private CompletableFuture<Boolean> alreadyProcessed(Submission submission) {
        if (submission.commandId().isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        return rpc.call(executor, ContractFunctions.processedCommands(submission.commandId().get()), DefaultBlockParameterName.LATEST)
                .thenApply(values -> ((Bool) values.get(0)).getValue());
    }

    private CompletableFuture<ExecutionOutcome> outcomeOf(TransactionReceipt receipt, String data, int attempt) {
        if (receipt.isStatusOK()) {
            return CompletableFuture.completedFuture(new ExecutionOutcome.Executed(Bytes32.of(receipt.getTransactionHash()),
                    receipt.getBlockNumber().longValueExact(), receipt.getGasUsed().longValueExact(), attempt));
        }
        String reported = receipt.getRevertReason();
        if (reported != null && reported.startsWith("0x") && reported.length() >= 10) { // Besu with --revert-reason-enabled
            return CompletableFuture.completedFuture(outcomeOfRevert(Optional.of(reported), attempt));
        }
        // replay at the end of its block: a racing relayer's execution is visible there as CommandAlreadyProcessed
        return rpc.replayForRevert(lane.relayerAddress(), executor, data, DefaultBlockParameter.valueOf(receipt.getBlockNumber()))
                .thenApply(revertData -> {
                    if (revertData.isEmpty()) {
                        throw RpcFailure.response("eth_getTransactionReceipt", 0, "transaction " + receipt.getTransactionHash()
                                + " failed on chain but does not revert on replay (out of gas?)", null).asUnchecked();
                    }
                    return outcomeOfRevert(revertData.filter(d -> !d.isEmpty()), attempt);
                });
    }

    /** {@code CommandAlreadyProcessed} means another relayer was first: done. Any other revert is final. */
    private ExecutionOutcome outcomeOfRevert(Optional<String> revertData, int attempt) {
        Optional<ContractError> error = revertData.flatMap(contractErrors::decode);
        if (error.map(ContractError::name).filter(ALREADY_PROCESSED::equals).isPresent()) {
            return new ExecutionOutcome.AlreadyProcessed(attempt);
        }
        String reason = error.map(ContractError::toString).orElseGet(() -> revertData
                .map(data -> "undecoded revert data " + data)
                .orElse("execution reverted without revert data"));
        return new ExecutionOutcome.Reverted(reason, attempt);
    }

    private static BigInteger withMargin(BigInteger estimate) {
        return estimate.multiply(BigInteger.valueOf(100 + GAS_MARGIN_PERCENT)).add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
    }
}
