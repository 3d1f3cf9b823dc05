package io.astraclear.node.pipeline;

import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.RelayAttempt;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits confirmed commands with their signatures to the destination Executor. The chain
 * adapter retries transient failures up to {@code retry_max}; here every outcome is recorded:
 * executed (or already processed by another relayer) ⇒ EXECUTED; a revert or exhausted retries
 * ⇒ STUCK with the reason. Bounded: at most {@code maxInFlight} submissions at once and
 * {@code maxQueued} waiting; a full queue leaves the command PENDING in storage, where the
 * periodic resume picks it up again.
 *
 * <p>With several validators, {@link RelayPlan} decides when this node relays a command: at once
 * when it is the command's primary, otherwise only after its fallback delay (the adapter asks the
 * Executor first, so a command another relayer executed costs a read, not a transaction). The
 * signatures are assembled from the stored votes for the validator set the destination Executor
 * holds, so that a command confirmed before a validator-set change is re-signed for the new set;
 * an Executor that refuses the signers ({@code NotValidator}, {@code InsufficientSignatures}) leaves
 * the command pending while the node re-reads that Executor's set.
 *
 * <p>Batching: commands wait per destination for at most {@code batchWait}; up to {@code batchSize}
 * of them go in one {@code executeBatch} under batch signatures ({@link BatchSigning}), a lone
 * command goes alone with its votes (a batch of one costs more gas than {@code execute}). Every
 * entry of a mined batch is recorded as its own attempt and outcome, exactly as a single
 * submission; a batch that cannot be signed or reverts as a whole falls back to single submissions,
 * and so does an entry the Executor reported as failed ({@code CommandFailed}: left unprocessed).
 */
final class Relayer {
    private static final Logger LOG = LoggerFactory.getLogger(Relayer.class);
    /** An outcome without a transaction of ours (another relayer executed it first). */
    private static final Bytes32 NO_TRANSACTION = Bytes32.ZERO;

    private final PipelineContext pipeline;
    private final int maxInFlight;
    private final int maxQueued;
    private final long fallbackMillis;
    private final ExecutorSets executorSets;
    private final BatchSigning batchSigning;
    private final int batchSize;
    private final long batchWaitMillis;
    /** Commands waiting, per destination bank, oldest first. */
    private final Map<BankId, ArrayDeque<Waiting>> queues = new LinkedHashMap<>();
    private int queued;
    private int commandsInFlight;
    private long batchTimer = -1;
    private final Set<CommandId> known = new HashSet<>();
    /** When this node first saw each pending command, for its fallback delay. */
    private final Map<CommandId, Long> firstSeenMillis = new HashMap<>();
    private int inFlight;
    private boolean draining;
    private Runnable whenIdle = () -> {};
    private long submittedTransactions;

    /**
     * A command waiting to be submitted. {@code alone}: this node relays it as a fallback (another
     * relayer's turn came first), so it goes alone, where the adapter first asks the Executor
     * whether it is processed already; a batch would pay a transaction to learn that.
     */
    private record Waiting(CommandRecord command, long sinceMillis, boolean alone) {}

    /**
     * @param maxInFlight transactions (single commands or batches) submitted at once
     * @param maxQueued commands waiting to be submitted
     * @param batchSize at most this many commands per {@code executeBatch}; 1 relays each alone
     * @param batchWaitMillis how long a command waits at most for others to join its batch
     */
    Relayer(PipelineContext pipeline, int maxInFlight, int maxQueued, long fallbackMillis, ExecutorSets executorSets,
            BatchSigning batchSigning, int batchSize, long batchWaitMillis) {
        this.pipeline = pipeline;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.fallbackMillis = fallbackMillis;
        this.executorSets = executorSets;
        this.batchSigning = batchSigning;
        this.batchSize = batchSize;
        this.batchWaitMillis = batchWaitMillis;
    }

    /**
     * Queues a command unless it is already queued or in flight, or this node's turn to relay it
     * has not come yet; false when not queued (the periodic resume offers it again).
     */
    boolean submit(CommandRecord command) {
        CommandId commandId = command.command().commandId();
        if (draining || known.contains(commandId)) {
            return false;
        }
        long now = pipeline.clock().millis();
        long firstSeen = firstSeenMillis.computeIfAbsent(commandId, id -> now);
        long delay = RelayPlan.delayMillis(commandId, pipeline.consensus().validatorSet(), pipeline.signer().address(), fallbackMillis);
        if (now - firstSeen < delay) {
            return false;
        }
        if (!pipeline.chains().containsKey(command.command().destinationBank())) {
            // this node attests but has no connection to the destination chain: another node relays
            return false;
        }
        if (queued >= maxQueued) {
            LOG.warn("relay queue full ({}); {} stays pending for the next resume", maxQueued, command.command().commandId());
            return false;
        }
        known.add(command.command().commandId());
        queues.computeIfAbsent(command.command().destinationBank(), bank -> new ArrayDeque<>()).add(new Waiting(command, now, delay > 0));
        queued++;
        pump();
        return true;
    }

    /** Commands waiting or being submitted. */
    int queued() {
        return queued + commandsInFlight;
    }

    /** Commands this node's relayer executed (each one a mint this node paid gas for). */
    long executedHere() {
        return submittedTransactions;
    }

    /** Stops taking new commands; completes when the submissions in flight have ended and been recorded. */
    Future<Void> drain() {
        draining = true;
        if (batchTimer >= 0) {
            pipeline.context().owner().cancelTimer(batchTimer);
            batchTimer = -1;
        }
        queues.values().forEach(waiting -> waiting.forEach(w -> known.remove(w.command().command().commandId())));
        queues.clear();
        queued = 0;
        if (inFlight == 0) {
            return Future.succeededFuture();
        }
        io.vertx.core.Promise<Void> idle = io.vertx.core.Promise.promise();
        whenIdle = () -> idle.tryComplete();
        return idle.future();
    }

    /**
     * Submits what is due, per destination: a full batch at once, a partial one (or a lone command)
     * when its oldest command has waited {@code batchWait}; otherwise a timer comes back then.
     */
    private void pump() {
        long now = pipeline.clock().millis();
        long nextDue = Long.MAX_VALUE;
        for (ArrayDeque<Waiting> waiting : queues.values()) {
            while (inFlight < maxInFlight && !waiting.isEmpty()) {
                Waiting head = waiting.peekFirst();
                long due = head.sinceMillis() + batchWaitMillis;
                if (!head.alone() && waiting.size() < batchSize && due > now) {
                    nextDue = Math.min(nextDue, due);
                    break;
                }
                List<CommandRecord> batch = new ArrayList<>(Math.min(batchSize, waiting.size()));
                batch.add(waiting.pollFirst().command());
                while (!head.alone() && batch.size() < batchSize && !waiting.isEmpty() && !waiting.peekFirst().alone()) {
                    batch.add(waiting.pollFirst().command());
                }
                queued -= batch.size();
                submit(batch);
            }
        }
        if (nextDue != Long.MAX_VALUE && batchTimer < 0) {
            batchTimer = pipeline.context().owner().setTimer(Math.max(1, nextDue - now), id -> {
                batchTimer = -1;
                pump();
            });
        }
    }

    private void submit(List<CommandRecord> commands) {
        inFlight++;
        commandsInFlight += commands.size();
        Future<Void> relayed = commands.size() == 1 ? relay(commands.getFirst()) : relayBatch(commands);
        relayed.onComplete(done -> {
            inFlight--;
            commandsInFlight -= commands.size();
            commands.forEach(command -> known.remove(command.command().commandId()));
            if (done.failed()) {
                LOG.error("recording the relay of {} command(s) from {} failed; they stay pending: {}", commands.size(),
                        commands.getFirst().command().commandId(), done.cause().toString());
            }
            if (inFlight == 0 && queued == 0) {
                whenIdle.run();
            }
            pump();
        });
    }

    /**
     * One {@code executeBatch} for commands to one Executor, under batch signatures from a
     * threshold of its validators. Without enough of them, or when the batch as a whole reverts
     * for a reason other than its signers, each command is relayed alone with its votes; the
     * entries of a mined batch are recorded one by one, exactly as single submissions are.
     */
    private Future<Void> relayBatch(List<CommandRecord> records) {
        BankId destination = records.getFirst().command().destinationBank();
        ValidatorSet signers = executorSets.of(destination);
        MintBatch batch = MintBatch.of(records.stream().map(CommandRecord::command).toList());
        return batchSigning.collect(batch, signers).compose(signatures -> {
            if (signatures.size() < signers.threshold()) {
                LOG.debug("batch of {} for {}: {} of {} batch signatures; relaying its commands one by one", batch.size(), destination,
                        signatures.size(), signers.threshold());
                return relayEach(records);
            }
            return pipeline.on(pipeline.chain(destination).executeBatch(batch, signatures)).transform(submitted -> {
                if (submitted.failed()) {
                    if (submitted.cause() instanceof java.util.concurrent.RejectedExecutionException) {
                        return Future.failedFuture(submitted.cause()); // the adapter is full: not an attempt
                    }
                    // the batch may or may not have been mined: its commands stay pending; the next attempt finds out
                    LOG.warn("batch of {} for {} ended without an outcome; its commands stay pending: {}", batch.size(), destination,
                            submitted.cause().toString());
                    return Future.succeededFuture();
                }
                return batchOutcome(records, batch, submitted.result());
            });
        });
    }

    private Future<Void> batchOutcome(List<CommandRecord> records, MintBatch batch, BatchOutcome outcome) {
        int size = batch.size();
        return switch (outcome.transaction()) {
            case ExecutionOutcome.Executed executed -> Future.join(records.stream()
                    .map(record -> recordOutcome(record, outcome.entries().get(record.command().commandId()), size)).toList()).mapEmpty();
            case ExecutionOutcome.Reverted reverted when signersRefused(reverted.reason()) -> {
                LOG.info("executor of {} refused the batch's signers ({}); re-reading its validator set", batch.destinationBank(), reverted.reason());
                executorSets.refresh(batch.destinationBank());
                yield Future.succeededFuture();
            }
            case ExecutionOutcome.GaveUp gaveUp -> Future.join(records.stream().map(record -> recordOutcome(record, gaveUp, size)).toList()).mapEmpty();
            default -> {
                LOG.warn("batch of {} for {} ended as {}; relaying its commands one by one", batch.size(), batch.destinationBank(), outcome.transaction());
                yield relayEach(records);
            }
        };
    }

    /** Relays each command alone; completes when every one has ended. */
    private Future<Void> relayEach(List<CommandRecord> records) {
        return Future.join(records.stream().map(this::relay).toList()).mapEmpty();
    }

    private Future<Void> relay(CommandRecord record) {
        ValidatorSet signers = executorSets.of(record.command().destinationBank());
        return pipeline.on(pipeline.storage().votes(record.command().digest())).compose(votes -> {
            List<Signature> signatures = votes.stream()
                    .filter(vote -> signers.contains(vote.validator()))
                    .sorted(Comparator.comparing(Vote::validator))
                    .limit(signers.threshold())
                    .map(Vote::signature)
                    .toList();
            if (signatures.size() < signers.threshold()) {
                // confirmed under another set and not yet re-signed by enough of this one: wait for their votes
                LOG.debug("{}: {} of {} signatures of validator set {} so far", record.command().commandId(), signatures.size(),
                        signers.threshold(), signers.nonce());
                return Future.succeededFuture();
            }
            return relay(record, signatures);
        });
    }

    private Future<Void> relay(CommandRecord record, List<Signature> signatures) {
        return pipeline.on(pipeline.chain(record.command().destinationBank()).execute(record.command(), signatures))
                .recover(failure -> failure instanceof java.util.concurrent.RejectedExecutionException
                        // the adapter is full: not an attempt; the command stays pending and the next tick resubmits it
                        ? Future.failedFuture(failure)
                        : Future.succeededFuture(new ExecutionOutcome.GaveUp(String.valueOf(failure.getMessage()), 1)))
                .compose(outcome -> recordOutcome(record, outcome, 1));
    }

    /**
     * Records one submission's outcome for {@code record} as an attempt, then acts on it;
     * {@code batchSize}: the commands of the transaction it went in (1: alone).
     */
    private Future<Void> recordOutcome(CommandRecord record, ExecutionOutcome outcome, int batchSize) {
        String detail = describe(outcome) + (batchSize > 1 ? " in a batch of " + batchSize : "");
        RelayAttempt attempt = new RelayAttempt(record.attempts().size() + 1, pipeline.clock().instant(), outcomeName(outcome), detail);
        List<RelayAttempt> attempts = new ArrayList<>(record.attempts());
        attempts.add(attempt);
        CommandRecord attempted = new CommandRecord(record.transferId(), record.command(), record.signatures(), record.status(), attempts,
                record.execution(), record.failureReason());
        return pipeline.on(pipeline.storage().recordRelayAttempt(record.command().commandId(), attempt))
                .compose(ignored -> record(attempted, outcome, batchSize));
    }

    private Future<Void> record(CommandRecord record, ExecutionOutcome outcome, int batchSize) {
        String transferId = record.transferId().toString();
        return switch (outcome) {
            case ExecutionOutcome.Executed executed -> {
                submittedTransactions++;
                yield executed(record, new CommandRecord.Execution(executed.transactionHash(), executed.blockNumber(), executed.gasUsed()), batchSize);
            }
            case ExecutionOutcome.AlreadyProcessed already -> executed(record, new CommandRecord.Execution(NO_TRANSACTION, -1, 0), 0);
            case ExecutionOutcome.Reverted reverted when signersRefused(reverted.reason()) -> {
                // the Executor holds another validator set than this node assumed: re-read it, re-sign on a later tick
                LOG.info("{}: executor of {} refused the signers ({}); re-reading its validator set", record.command().commandId(),
                        record.command().destinationBank(), reverted.reason());
                executorSets.refresh(record.command().destinationBank());
                yield Future.succeededFuture();
            }
            case ExecutionOutcome.Reverted reverted when batchSize > 1 && reverted.reason().startsWith("CommandFailed(") -> {
                // the Executor left the entry unprocessed: its mint reverted in the token, or the batch ran short of gas for it.
                // Alone, with its votes, it either mints or reverts with the token's own reason; that outcome is final.
                LOG.info("{}: {} in a batch of {}; relaying it alone", record.command().commandId(), reverted.reason(), batchSize);
                yield relay(record);
            }
            case ExecutionOutcome.Reverted reverted -> stuck(transferId, record, "executor reverted: " + reverted.reason());
            case ExecutionOutcome.GaveUp gaveUp -> stuck(transferId, record, "relaying failed after " + gaveUp.attempts() + " attempts: " + gaveUp.lastError());
        };
    }

    private static boolean signersRefused(String reason) {
        return reason.startsWith("NotValidator(") || reason.startsWith("InsufficientSignatures(") || reason.startsWith("SignersNotAscending(");
    }

    /** {@code batchSize}: commands in the transaction that minted it; 0 when another relayer minted it. */
    private Future<Void> executed(CommandRecord record, CommandRecord.Execution execution, int batchSize) {
        firstSeenMillis.remove(record.command().commandId());
        return pipeline.on(pipeline.storage().markExecuted(record.command().commandId(), execution, pipeline.clock().instant()))
                .map(result -> {
                    pipeline.events().publish(NodeEvent.TRANSFER_EXECUTED, Map.of(
                            "transferId", record.transferId().toString(),
                            "commandId", record.command().commandId().toString(),
                            "destinationBank", record.command().destinationBank().value(),
                            "recipient", record.command().recipient().value(),
                            "amount", record.command().amount().toString(),
                            "transactionHash", execution.transactionHash().value(),
                            "blockNumber", Long.toString(execution.blockNumber()),
                            "batchSize", Integer.toString(batchSize)));
                    return null;
                });
    }

    private Future<Void> stuck(String transferId, CommandRecord record, String reason) {
        firstSeenMillis.remove(record.command().commandId());
        return pipeline.on(pipeline.storage().markStuck(record.transferId(), reason, pipeline.clock().instant()))
                .map(result -> {
                    pipeline.events().publish(NodeEvent.TRANSFER_STUCK, Map.of(
                            "transferId", transferId, "commandId", record.command().commandId().toString(), "reason", reason));
                    return null;
                });
    }

    private static String outcomeName(ExecutionOutcome outcome) {
        return switch (outcome) {
            case ExecutionOutcome.Executed e -> "EXECUTED";
            case ExecutionOutcome.AlreadyProcessed a -> "ALREADY_PROCESSED";
            case ExecutionOutcome.Reverted r -> "REVERTED";
            case ExecutionOutcome.GaveUp g -> "GAVE_UP";
        };
    }

    private static String describe(ExecutionOutcome outcome) {
        return switch (outcome) {
            case ExecutionOutcome.Executed e -> "tx " + e.transactionHash() + " block " + e.blockNumber() + " gas " + e.gasUsed() + " after " + e.attempts() + " attempt(s)";
            case ExecutionOutcome.AlreadyProcessed a -> "the Executor had already processed this command";
            case ExecutionOutcome.Reverted r -> r.reason();
            case ExecutionOutcome.GaveUp g -> g.lastError() + " after " + g.attempts() + " attempt(s)";
        };
    }
}
