package io.astraclear.node.pipeline;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.storage.TransferRecord;
import io.astraclear.ports.storage.TransferStatus;
import io.astraclear.ports.storage.VoteOutcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clearing flow of ARCHITECTURE.md on one event loop: watch every Gateway → sign the mint
 * command (this node's vote) → count votes → CONFIRMED with the ledger ISSUE → relay to the
 * destination Executor → EXECUTED. Every tick ({@code block_time}) it expires votes short of
 * threshold after {@code voting_timeout} (STUCK), re-attests observed transfers and resumes
 * pending commands — which is also how a restart continues from stored state. Netting runs every
 * {@code netting_interval}.
 */
public final class ClearingPipeline extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ClearingPipeline.class);
    private static final int RESUME_BATCH = io.astraclear.ports.storage.Page.MAX_LIMIT;

    private final Dependencies dependencies;
    private PipelineContext pipeline;
    private Attestor attestor;
    private VoteCounter votes;
    private Relayer relayer;
    private NettingService netting;
    private Optional<NettingAgreement> agreement = Optional.empty();
    private ValidatorRotation rotation;
    private ExecutorSets executorSets;
    private final List<ChainWatcher> watchers = new ArrayList<>();
    private long tickTimer = -1;
    private long nettingTimer = -1;
    private boolean sweeping;
    private long ticks;
    private boolean catchingUp;

    /** The ports and settings the pipeline runs on. */
    public record Dependencies(
            NodeConfig config,
            io.astraclear.ports.storage.StoragePort storage,
            Map<BankId, ChainPort> chains,
            io.astraclear.node.consensus.Consortium consensus,
            io.astraclear.ports.signing.Signer signer,
            io.astraclear.ports.signing.SignerProvider signatures,
            io.astraclear.ports.netting.NettingStrategy nettingStrategy,
            EventJournal events,
            java.time.Clock clock,
            Duration pollInterval) {}

    public ClearingPipeline(Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public Future<?> start() throws Exception {
        Dependencies d = dependencies;
        pipeline = new PipelineContext(context, d.config(), d.storage(), d.chains(), d.consensus(), d.signer(), d.signatures(), d.events(), d.clock());
        attestor = new Attestor(pipeline);
        executorSets = new ExecutorSets(pipeline);
        rotation = new ValidatorRotation(pipeline, executorSets);
        long fallbackMillis = d.config().protocol().blockTime().toMillis() * d.config().consensus().relayFallbackTicks();
        // a submission waits about a block for its receipt: in-flight submissions bound the mints per block
        BatchSigning batchSigning = new BatchSigning(pipeline);
        batchSigning.start();
        NodeConfig.Relayer relaying = d.config().relayer();
        relayer = new Relayer(pipeline, 256, 10_000, fallbackMillis, executorSets, batchSigning, relaying.batchSize(),
                relaying.batchWait().toMillis());
        votes = new VoteCounter(pipeline, relayer::submit);
        agreement = d.consensus().networked()
                ? Optional.of(new NettingAgreement(pipeline, d.nettingStrategy(), new NettingInput(pipeline, votes)))
                : Optional.empty();
        netting = new NettingService(pipeline, d.nettingStrategy(), agreement);
        d.consensus().onPeerVote(vote -> Future.<VoteOutcome>future(promise -> context.runOnContext(ignored -> votes.accept(vote, "peer")
                .onFailure(failure -> LOG.debug("peer vote not counted: {}", failure.getMessage()))
                .onComplete(promise))).toCompletionStage());
        for (ChainPort chain : d.chains().values()) {
            int finalityDepth = d.config().bank(chain.bank()).map(NodeConfig.Bank::finalityDepth).orElse(0);
            watchers.add(new ChainWatcher(pipeline, chain, finalityDepth, d.pollInterval().toMillis(), this::attest));
        }
        return rotation.start()
                .compose(ignored -> resumeStuck())
                .compose(ignored -> agreement.map(NettingAgreement::start).orElse(Future.succeededFuture()))
                .compose(ignored -> sweep())
                .compose(ignored -> Future.all(watchers.stream().map(ChainWatcher::start).toList()))
                .map(ignored -> {
                    long tickMillis = d.config().protocol().blockTime().toMillis();
                    tickTimer = vertx.setPeriodic(tickMillis, id -> sweep());
                    nettingTimer = vertx.setPeriodic(d.config().protocol().nettingInterval().toMillis(), id -> netting.scheduled());
                    LOG.info("pipeline started: {} chains, validator {}, threshold {} of {}, netting '{}' every {}",
                            d.chains().size(), d.signer().address(), d.consensus().validatorSet().threshold(),
                            d.consensus().validatorSet().validators().size(), d.nettingStrategy().id(), d.config().protocol().nettingInterval());
                    return null;
                });
    }

    /** Drains: stop reading chains, let stored reads and submissions in flight finish. */
    @Override
    public Future<?> stop() {
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(nettingTimer);
        return Future.all(watchers.stream().map(ChainWatcher::stop).toList())
                .compose(ignored -> relayer.drain())
                .onComplete(done -> LOG.info("pipeline stopped"));
    }

    public NettingService netting() {
        return netting;
    }

    public ValidatorRotation rotation() {
        return rotation;
    }

    /** The address this node signs votes with. */
    public io.astraclear.ports.domain.Address validator() {
        return dependencies.signer().address();
    }

    public PipelineStatus status() {
        List<PipelineStatus.Chain> chains = new ArrayList<>();
        for (ChainWatcher watcher : watchers) {
            chains.add(watcher.status());
        }
        return new PipelineStatus(chains, votes.awaiting(), relayer.queued(), votes.rejectedVotes());
    }

    /** Commands this node's relayer executed itself (the others were executed by other validators' relayers). */
    public long executedByThisRelayer() {
        return relayer.executedHere();
    }

    /**
     * Feeds transfers into the pipeline exactly as a watcher does after a read: stored as observed
     * with the checkpoint, then attested. For benchmarks and tools that inject events without chain I/O.
     */
    public Future<List<ObservedTransfer>> observe(List<ObservedTransfer> transfers, io.astraclear.ports.chain.Checkpoint checkpoint) {
        io.vertx.core.Promise<List<ObservedTransfer>> done = io.vertx.core.Promise.promise();
        context.runOnContext(ignored -> pipeline.on(pipeline.storage().recordObserved(transfers, List.of(), checkpoint))
                .compose(fresh -> Future.all(fresh.stream().map(this::attest).toList()).map(fresh))
                .onComplete(done));
        return done.future();
    }

    /** A transfer this node has just observed: sign, publish, count. */
    private Future<Void> attest(ObservedTransfer transfer) {
        pipeline.events().publish(NodeEvent.TRANSFER_OBSERVED, Map.of(
                "transferId", transfer.transferId().toString(),
                "sourceBank", transfer.sourceBank().value(),
                "destinationBank", transfer.destinationBank().value(),
                "amount", transfer.amount().toString(),
                "sourceTransactionHash", transfer.transactionHash().value(),
                "blockNumber", Long.toString(transfer.blockNumber())));
        return vote(transfer);
    }

    private Future<Void> vote(ObservedTransfer transfer) {
        Optional<MintCommand> command = attestor.commandFor(transfer);
        if (command.isEmpty()) {
            return pipeline.on(pipeline.storage().markStuck(transfer.transferId(),
                            "destination bank " + transfer.destinationBank() + " is not configured on this node", pipeline.clock().instant()))
                    .mapEmpty();
        }
        votes.awaitVotes(command.get().commandId(), transfer.transferId());
        // signing is the pipeline's heaviest CPU work: on worker threads it uses every core, not just this event loop's
        return vertx.executeBlocking(() -> attestor.sign(command.get()), false)
                .compose(vote -> pipeline.on(pipeline.consensus().publish(vote))
                        .otherwise(failure -> {
                            LOG.warn("publishing vote for {} failed; peers will ask on catch-up: {}", transfer.transferId(), failure.toString());
                            return null;
                        })
                        .compose(ignored -> votes.acceptOwn(vote)))
                .mapEmpty();
    }

    /**
     * The tick: STUCK for observed transfers past the voting timeout, a fresh vote for the others
     * (idempotent; catches up after a restart or a lost write), pending commands back to the
     * relayer, and every {@code catch_up_interval} ticks the peers are asked for the votes of
     * transfers still short of threshold.
     */
    private Future<Void> sweep() {
        if (sweeping) {
            return Future.succeededFuture();
        }
        sweeping = true;
        ticks++;
        return pipeline.on(pipeline.storage().transfersInStatus(TransferStatus.OBSERVED, RESUME_BATCH))
                .compose(observed -> Future.all(observed.stream().map(this::expireOrVote).toList()))
                .compose(ignored -> pipeline.on(pipeline.storage().pendingCommands(RESUME_BATCH)))
                .map(pending -> {
                    pending.forEach(relayer::submit);
                    if (ticks % pipeline.config().consensus().catchUpIntervalTicks() == 0) {
                        catchUp();
                    }
                    agreement.ifPresent(NettingAgreement::tick);
                    rotation.tick();
                    return (Void) null;
                })
                .onFailure(failure -> LOG.warn("tick failed: {}", failure.toString()))
                .onComplete(done -> sweeping = false);
    }

    /** A transfer this node has not voted on since it started gets its vote now; one past the voting timeout becomes STUCK and keeps waiting. */
    private Future<Void> expireOrVote(TransferRecord record) {
        CommandId commandId = record.observed().commandId();
        if (!votes.isAwaiting(commandId)) {
            return vote(record.observed());
        }
        // the timeout runs from when this node could first vote: a node that was down gets its full voting time after it returns
        long since = Math.max(record.history().get(0).at().toEpochMilli(), votes.awaitingSinceMillis(commandId));
        if (pipeline.clock().millis() - since < pipeline.config().protocol().votingTimeout().toMillis()) {
            return Future.succeededFuture();
        }
        String reason = "short of threshold " + pipeline.consensus().validatorSet().threshold()
                + " after the voting timeout of " + pipeline.config().protocol().votingTimeoutTicks() + " ticks";
        return pipeline.on(pipeline.storage().markStuck(record.observed().transferId(), reason, pipeline.clock().instant()))
                .map(result -> {
                    pipeline.events().publish(NodeEvent.TRANSFER_STUCK, Map.of(
                            "transferId", record.observed().transferId().toString(), "reason", reason));
                    return null;
                });
    }

    /** At start: transfers STUCK short of threshold wait for votes again (this node's vote goes out again too). */
    private Future<Void> resumeStuck() {
        return pipeline.on(pipeline.storage().transfersInStatus(TransferStatus.STUCK, RESUME_BATCH))
                .compose(stuck -> Future.all(stuck.stream()
                        .map(record -> pipeline.on(pipeline.storage().command(record.observed().commandId()))
                                .compose(command -> command.isPresent() ? Future.succeededFuture() : vote(record.observed())))
                        .toList()))
                .mapEmpty();
    }

    /** Asks the peers for the votes of transfers that wait for them (one request at a time per node). */
    private void catchUp() {
        if (catchingUp || !pipeline.consensus().networked()) {
            return;
        }
        long tick = pipeline.config().protocol().blockTime().toMillis();
        List<CommandId> due = votes.dueForCatchUp(tick, tick * pipeline.config().consensus().catchUpIntervalTicks(),
                io.astraclear.node.consensus.ConsensusJson.MAX_COMMAND_IDS_PER_LOOKUP);
        if (due.isEmpty()) {
            return;
        }
        catchingUp = true;
        pipeline.on(pipeline.consensus().requestVotes(due))
                .onSuccess(received -> LOG.debug("catch-up: {} votes from peers for {} transfers", received, due.size()))
                .onComplete(done -> catchingUp = false);
    }
}
