package io.astraclear.adapters.besu;

import io.astraclear.contracts.ContractErrors;
import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@link ChainPort} over Ethereum JSON-RPC (Besu, or any EVM node): watches the bank's Gateway and
 * Executor, and relays to the Executor. Created by {@link BesuChains#connect}, which has checked the
 * chain id and the contracts first.
 */
final class BesuChainAdapter implements ChainPort {
    private static final Logger LOG = LoggerFactory.getLogger(BesuChainAdapter.class);

    private final ChainSettings settings;
    private final long chainId;
    private final Address token;
    private final ChainRpc rpc;
    private final ScheduledExecutorService scheduler;
    private final ExecutorLogDecoder executorLogs;
    private final ChainLogReader reader;
    private final Delays delays;
    private final Optional<CommandSubmitter> submitter;
    private final AtomicBoolean closed = new AtomicBoolean();

    BesuChainAdapter(ChainSettings settings, BesuChains.Verified verified, ChainRpc rpc, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.chainId = verified.chainId();
        this.token = verified.token();
        this.rpc = rpc;
        this.scheduler = scheduler;
        this.executorLogs = new ExecutorLogDecoder(settings.bank(), settings.executor());
        ChainLogDecoder decoder = new ChainLogDecoder(settings.bank(),
                new TransferLogDecoder(settings.bank(), chainId, settings.gateway(), settings.knownBanks()), executorLogs);
        this.reader = new ChainLogReader(rpc, settings.bank(), settings.finalityDepth(), decoder, settings.logPaging());
        this.delays = new Delays(scheduler, settings.baseBackoff(), settings.maxBackoff());
        this.submitter = settings.relayerPrivateKey().map(key -> new CommandSubmitter(
                rpc,
                new SubmissionLane(rpc, Credentials.create(key), chainId),
                new FeeOracle(rpc, verified.feeMode()),
                new ReceiptWatcher(rpc, delays, settings.receiptPollInterval(), settings.receiptTimeout()),
                delays,
                ContractErrors.bundled(),
                settings.executor(),
                settings.retryMax(),
                settings.maxCommandsInFlight()));
        LOG.info("{}: connected to chain {} at {} (gateway {}, executor {}, token {}, fees {}, finality depth {}, relayer {})",
                settings.bank(), chainId, settings.rpcUrl(), settings.gateway(), settings.executor(), token, verified.feeMode(),
                settings.finalityDepth(), settings.relayerAddress().map(Address::toString).orElse("none: watch only"));
    }

    @Override
    public BankId bank() {
        return settings.bank();
    }

    @Override
    public long chainId() {
        return chainId;
    }

    @Override
    public Address gateway() {
        return settings.gateway();
    }

    @Override
    public Address executor() {
        return settings.executor();
    }

    @Override
    public CompletionStage<ChainEvents> readEvents(Checkpoint after, int maxEvents) {
        return open().thenCompose(ignored -> reader.read(after, maxEvents));
    }

    @Override
    public CompletionStage<Checkpoint> genesisCheckpoint() {
        // the Executor may be older than the Gateway (a Gateway redeployed, or deployed later): its logs count from its first block
        return open().thenCompose(ignored -> settings.gatewayDeploymentBlock().isPresent()
                ? CompletableFuture.completedFuture(settings.gatewayDeploymentBlock().getAsLong())
                : ContractDeployment.find(rpc, settings.gateway()).thenCombine(ContractDeployment.find(rpc, settings.executor()), Math::min))
                .thenCompose(deployedAt -> {
                    long before = Math.max(0, deployedAt - 1);
                    return rpc.block(before).thenApply(block -> new Checkpoint(settings.bank(), before, block.orElseThrow(
                            () -> new IllegalStateException(settings.bank() + ": block " + before + " does not exist")).hash()));
                });
    }

    @Override
    public CompletionStage<ExecutionOutcome> execute(MintCommand command, List<Signature> signatures) {
        return forThisExecutor("command " + command.commandId(), command.destinationChainId(), command.destinationExecutor())
                .thenCompose(ignored -> relayer())
                .thenCompose(relayer -> relayer.submit(new CommandSubmitter.Submission(settings.bank() + " execute " + command.commandId(),
                        Optional.of(command.commandId()), ContractFunctions.execute(command, List.copyOf(signatures)))));
    }

    @Override
    public CompletionStage<BatchOutcome> executeBatch(MintBatch batch, List<Signature> signatures) {
        return forThisExecutor("batch of " + batch.size(), batch.destinationChainId(), batch.destinationExecutor())
                .thenCompose(ignored -> relayer()).thenCompose(relayer -> relayer.submit(new CommandSubmitter.Submission(
                        settings.bank() + " executeBatch of " + batch.size() + " from " + batch.commandIds().getFirst(), Optional.empty(),
                        ContractFunctions.executeBatch(batch, List.copyOf(signatures))))
                .thenCompose(outcome -> outcome instanceof ExecutionOutcome.Executed executed
                        ? relayer.receipt(executed.transactionHash()).thenApply(receipt ->
                                BatchReceipt.outcome(batch, executed, receipt, executorLogs, relayer.contractErrors()))
                        : CompletableFuture.completedFuture(BatchOutcome.whole(outcome))));
    }

    @Override
    public CompletionStage<ValidatorSet> validatorSet() {
        // both reads at one block, so that an update landing between them cannot mix two sets
        return open().thenCompose(ignored -> rpc.blockNumber()).thenCompose(head -> {
            DefaultBlockParameter at = DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(head));
            var validators = rpc.call(settings.executor(), ContractFunctions.getValidators(), at);
            var nextNonce = rpc.call(settings.executor(), ContractFunctions.validatorSetNonce(), at);
            return validators.thenCombine(nextNonce, (list, nonce) -> {
                @SuppressWarnings("unchecked")
                List<org.web3j.abi.datatypes.Address> addresses = ((DynamicArray<org.web3j.abi.datatypes.Address>) list.get(0)).getValue();
                // validatorSetNonce is the nonce the next update must carry; the deployment's set is 0
                long current = ((Uint256) nonce.get(0)).getValue().longValueExact() - 1;
                return new ValidatorSet(current, addresses.stream().map(address -> Address.of(address.getValue())).toList());
            });
        });
    }

    @Override
    public CompletionStage<ExecutionOutcome> updateValidators(long nonce, List<Address> newValidators, List<Signature> signatures) {
        if (nonce < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("validator-set nonce must be at least 1, got " + nonce));
        }
        return relayer().thenCompose(relayer -> relayer.submit(new CommandSubmitter.Submission(
                settings.bank() + " updateValidators nonce " + nonce, Optional.empty(),
                ContractFunctions.updateValidators(nonce, List.copyOf(newValidators), List.copyOf(signatures)))));
    }

    @Override
    public CompletionStage<Amount> tokenBalance(Address account) {
        return open().thenCompose(ignored -> rpc.call(token, ContractFunctions.balanceOf(account), DefaultBlockParameterName.LATEST))
                .thenApply(values -> new Amount(((Uint256) values.get(0)).getValue()));
    }

    @Override
    public CompletionStage<Long> headBlock() {
        return open().thenCompose(ignored -> rpc.blockNumber());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delays.close(); // submissions waiting to retry fail now instead of never
            rpc.close(); // cancels calls in flight (their stages fail), shuts down the HTTP client and, through web3j, the scheduler
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("{}: chain adapter closed", settings.bank());
        }
    }

    /** Fails (a program error, not an outcome) when {@code what} is for another chain or Executor. */
    private CompletableFuture<Void> forThisExecutor(String what, long destinationChainId, Address destinationExecutor) {
        if (destinationChainId != chainId || !destinationExecutor.equals(settings.executor())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(what + " is for executor " + destinationExecutor + " on chain "
                    + destinationChainId + ", this is " + settings.executor() + " on chain " + chainId + " (" + settings.bank() + ")"));
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> open() {
        return closed.get()
                ? CompletableFuture.failedFuture(new IllegalStateException("the chain adapter of " + settings.bank() + " is closed"))
                : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<CommandSubmitter> relayer() {
        return open().thenCompose(ignored -> submitter.map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
                new IllegalStateException(settings.bank() + " is watch-only: no relayer key configured"))));
    }
}
