package io.astraclear.node.services;

import io.astraclear.node.engine.CommitListener;
import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.state.BatchSignature;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits what the hub has signed to the destination chains: every open batch that holds a
 * threshold of signatures from its Executor's set goes to {@code executeBatch} (signers ascending),
 * and every agreed validator-set update that holds a threshold of the current set's signatures goes
 * to {@code updateValidators}. The relayer records nothing on the hub: the watchers attest the
 * Executor's logs, which is how a batch ends. Validators take turns: for batch number {@code k} the
 * validator at {@code k mod n} (ascending) relays at once, the one after it after one fallback
 * delay, and so on. A batch this node submitted is not submitted again until {@code resubmitAfter}
 * has passed with the batch still open, and never once the hub shows it done.
 */
public final class Relayer implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(Relayer.class);

    /**
     * @param fallback how long each later rank waits before relaying a batch nobody has relayed
     * @param resubmitAfter how long a batch this node submitted stays alone before it is submitted again
     * @param maxInFlight submissions at once, over all chains
     */
    public record Settings(Duration fallback, Duration resubmitAfter, int maxInFlight) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(4), Duration.ofSeconds(30), 64);
    }

    private final Context context;
    private final Map<BankId, ChainPort> chains;
    private final Address self;
    private final Settings settings;
    private final Clock clock;
    private final OpenBatches batches = new OpenBatches();
    /** When each submission (a batch, a set update) had its threshold of signatures here: the fallback ranks count from it. */
    private final Map<String, Long> readySince = new HashMap<>();
    private final Map<String, Attempt> attempts = new HashMap<>();
    private int inFlight;
    private long timer = -1;
    private long transactions;
    private boolean stopped;

    private record Attempt(long atMillis, boolean inFlight) {}

    public Relayer(Context context, Map<BankId, ChainPort> chains, Address self, Settings settings, Clock clock) {
        this.context = context;
        this.chains = Map.copyOf(chains);
        this.self = self;
        this.settings = settings;
        this.clock = clock;
    }

    public void start(Collection<HubBatch> open, ValidatorSets sets) {
        context.runOnContext(ignored -> {
            batches.start(open, sets);
            long tick = Math.max(100, Math.min(1_000, settings.fallback().toMillis() / 2));
            timer = context.owner().setPeriodic(tick, id -> sweep());
            sweep();
        });
    }

    /** Stops submitting; submissions in flight end on their own. */
    public void stop() {
        context.runOnContext(ignored -> {
            stopped = true;
            context.owner().cancelTimer(timer);
        });
    }

    /** Destination-chain transactions this node's relayer has submitted that were mined. */
    public long transactions() {
        return transactions;
    }

    @Override
    public void committed(BlockEffects block) {
        context.runOnContext(ignored -> {
            batches.apply(block).forEach(this::consider);
            block.batches().stream().filter(batch -> batch.status() == HubBatch.Status.DONE).forEach(batch -> {
                readySince.remove(batch.id().toString());
                attempts.remove(batch.id().toString());
            });
            if (block.validatorSets().isPresent()) {
                considerSetUpdates();
            }
        });
    }

    private void sweep() {
        batches.all().forEach(this::consider);
        considerSetUpdates();
    }

    private void consider(HubBatch batch) {
        if (stopped || !chains.containsKey(batch.id().bank())) {
            return; // a node without that chain's connection leaves it to the others
        }
        ValidatorSet signers = batches.sets().executorSet(batch.id().bank());
        List<Signature> signatures = batch.signatures().stream()
                .filter(signature -> signers.contains(signature.validator()))
                .sorted(Comparator.comparing(BatchSignature::validator))
                .limit(signers.threshold())
                .map(BatchSignature::signature)
                .toList();
        if (signatures.size() < signers.threshold()) {
            return;
        }
        String key = batch.id().toString();
        long now = clock.millis();
        long ready = readySince.computeIfAbsent(key, id -> now);
        if (now - ready < rank(batch.id().number(), signers) * settings.fallback().toMillis() || !due(key, now)) {
            return;
        }
        submit(key, batch.id() + " (" + batch.batch().size() + " mints)",
                () -> Future.fromCompletionStage(chains.get(batch.id().bank()).executeBatch(batch.batch(), signatures), context)
                        .map(outcome -> describe(batch, outcome)));
    }

    /** Agreed set updates that hold a threshold of the current Executor set's signatures go to every chain that still needs them. */
    private void considerSetUpdates() {
        ValidatorSets sets = batches.sets();
        if (stopped || sets.next().isEmpty()) {
            return;
        }
        ValidatorSet next = sets.next().get();
        for (Map.Entry<BankId, ChainPort> chain : chains.entrySet()) {
            ValidatorSet current = sets.executorSet(chain.getKey());
            if (current.nonce() >= next.nonce()) {
                continue;
            }
            List<ValidatorSets.SetSignature> counted = sets.setSignatures().stream()
                    .filter(s -> s.nonce() == next.nonce() && s.bank().equals(chain.getKey()) && current.contains(s.validator()))
                    .sorted(Comparator.comparing(ValidatorSets.SetSignature::validator))
                    .limit(current.threshold())
                    .toList();
            if (counted.size() < current.threshold()) {
                continue;
            }
            String key = "validators " + chain.getKey() + " " + next.nonce();
            long now = clock.millis();
            long ready = readySince.computeIfAbsent(key, id -> now);
            if (now - ready >= rank(next.nonce(), current) * settings.fallback().toMillis() && due(key, now)) {
                submit(key, chain.getKey() + "'s validator set update to nonce " + next.nonce(),
                        () -> Future.fromCompletionStage(chain.getValue().updateValidators(next.nonce(), next.validators(),
                                counted.stream().map(ValidatorSets.SetSignature::signature).toList()), context).map(Relayer::describe));
            }
        }
    }

    private boolean due(String key, long now) {
        Attempt attempt = attempts.get(key);
        return inFlight < settings.maxInFlight()
                && (attempt == null || (!attempt.inFlight() && now - attempt.atMillis() >= settings.resubmitAfter().toMillis()));
    }

    private void submit(String key, String what, java.util.function.Supplier<Future<String>> submission) {
        inFlight++;
        attempts.put(key, new Attempt(clock.millis(), true));
        Future<String> outcome;
        try {
            outcome = submission.get();
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(done -> {
            inFlight--;
            attempts.put(key, new Attempt(clock.millis(), false));
            if (done.succeeded()) {
                LOG.info("relayed {}: {}", what, done.result());
            } else {
                LOG.warn("relaying {} failed; trying again in {} ms: {}", what, settings.resubmitAfter().toMillis(), done.cause().toString());
            }
        });
    }

    private String describe(HubBatch batch, BatchOutcome outcome) {
        if (outcome.transaction() instanceof ExecutionOutcome.Executed) {
            transactions++;
        }
        long minted = outcome.entries().values().stream().filter(entry -> entry instanceof ExecutionOutcome.Executed).count();
        return describe(outcome.transaction()) + (outcome.entries().isEmpty() ? "" : ", " + minted + " of " + batch.batch().size() + " minted here");
    }

    private static String describe(ExecutionOutcome outcome) {
        return switch (outcome) {
            case ExecutionOutcome.Executed e -> "tx " + e.transactionHash() + " in block " + e.blockNumber() + " (gas " + e.gasUsed() + ")";
            case ExecutionOutcome.AlreadyProcessed a -> "already processed by another relayer";
            case ExecutionOutcome.Reverted r -> "reverted: " + r.reason();
            case ExecutionOutcome.GaveUp g -> "gave up after " + g.attempts() + " attempts: " + g.lastError();
        };
    }

    /** This node's turn for item {@code number}: 0 at once, {@code n} (outside the set) last. */
    private long rank(long number, ValidatorSet signers) {
        int size = signers.validators().size();
        int me = signers.validators().indexOf(self);
        if (me < 0) {
            return size;
        }
        return Math.floorMod(me - Math.floorMod(number, size), size);
    }
}
