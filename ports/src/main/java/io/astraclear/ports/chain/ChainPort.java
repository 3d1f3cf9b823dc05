package io.astraclear.ports.chain;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One bank's chain: its Gateway and Executor to watch, and its Executor to submit to. Every call is
 * non-blocking, has a timeout, and never blocks the caller's thread.
 */
public interface ChainPort extends AutoCloseable {
    BankId bank();

    long chainId();

    Address gateway();

    Address executor();

    /**
     * The final logs after {@code after} (exclusive) of this bank's Gateway and Executor, read
     * together: the Gateway's {@code TransferInitiated} events and the Executor's
     * {@code CommandExecuted}, {@code CommandSkipped}, {@code CommandFailed} and
     * {@code ValidatorSetUpdated}, each kind in chain order; logs that do not decode are quarantined,
     * never dropped. The adapter pages its log queries adaptively. A read ends on a block boundary,
     * the same for both contracts, so that resuming from its {@code next} checkpoint neither skips nor
     * repeats a log: it delivers at most {@code maxEvents} (transfers, Executor logs and quarantined logs
     * together) unless a single block holds more, which is delivered whole. Fails (an
     * {@link java.io.IOException}) when the node cannot be read; the caller simply reads again from the
     * same checkpoint later.
     */
    CompletionStage<ChainEvents> readEvents(Checkpoint after, int maxEvents);

    /**
     * The checkpoint to start from on a chain never watched before: before the first block of the
     * bank's contracts (the earlier of the Gateway's and the Executor's deployment).
     */
    CompletionStage<Checkpoint> genesisCheckpoint();

    /**
     * Submits {@code command} with the validators' signatures (sorted by signer ascending) to this
     * chain's Executor, retrying transient failures up to {@code retry_max}, and tracks the receipt.
     * Every chain outcome is an {@link ExecutionOutcome}; the stage fails only for a program error (a
     * command for another chain or Executor, a chain without relayer key, a closed port) or with a
     * {@link java.util.concurrent.RejectedExecutionException} when the port's bound of submissions in
     * flight is reached (try again later).
     */
    CompletionStage<ExecutionOutcome> execute(MintCommand command, List<Signature> signatures);

    /**
     * Submits {@code batch} to this chain's Executor ({@code executeBatch}) with the validators'
     * signatures over {@link MintBatch#digest()} (sorted by signer ascending), retrying transient
     * failures like {@link #execute}, and reports each command's outcome from the receipt's events.
     * Fails only as {@link #execute} does.
     */
    CompletionStage<BatchOutcome> executeBatch(MintBatch batch, List<Signature> signatures);

    /**
     * The Executor's validator set as the chain holds it now: its validators and the nonce of the
     * update that installed them (0 for the deployment's set). The chain is the authority on which
     * set a command's signatures must come from.
     */
    CompletionStage<ValidatorSet> validatorSet();

    /** Submits a validator-set update signed by the current set. */
    CompletionStage<ExecutionOutcome> updateValidators(long nonce, List<Address> newValidators, List<Signature> signatures);

    /** The BankToken balance of {@code account}. */
    CompletionStage<Amount> tokenBalance(Address account);

    /** The latest block number, for readiness and lag. */
    CompletionStage<Long> headBlock();

    @Override
    void close();
}
