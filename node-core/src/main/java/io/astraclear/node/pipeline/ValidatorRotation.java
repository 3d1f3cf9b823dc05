package io.astraclear.node.pipeline;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.consensus.Topic;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validator-set rotation, from the active set's agreement to the hub's switch.
 *
 * <ol>
 *   <li><b>Approve.</b> Each current validator's operator approves the new set with its nonce
 *       ({@code POST /api/v1/validator-sets}): the node signs the update's digest
 *       ({@link ProtocolDigests#validatorSetDigest}) for every bank's Executor and sends the approval
 *       to its peers. A validator approves at most one set per nonce.</li>
 *   <li><b>Agree.</b> With approvals from {@code threshold(n)} validators of the active set, the new
 *       set is agreed: it becomes the <em>next</em> set, whose members' votes are accepted (and so
 *       stored, for re-signing) though only the active set's are counted.</li>
 *   <li><b>Submit.</b> The update, with a threshold of those signatures, goes to every Executor
 *       ({@code ChainPort.updateValidators}); one validator submits at once
 *       ({@code validators[nonce mod n]}), the others only if the Executor still holds the old set
 *       after their fallback delay. The Executor's nonce makes a second submission harmless.</li>
 *   <li><b>Switch.</b> The agreed point is the chains themselves: once every Executor holds the new
 *       set (this node reads it), the node counts votes with the new set. Every node reads the same
 *       chains, so they all switch, each as soon as it has seen the last Executor change.</li>
 * </ol>
 *
 * Commands confirmed by the old set are not stranded: the relayer assembles each command's
 * signatures from its stored votes for the set its destination Executor holds
 * ({@link ExecutorSets}), so a command confirmed with old-set signatures is re-signed with the new
 * set's votes (the validators of both sets vote on every transfer, and new validators vote on
 * what they observe), and an Executor that refuses the signers makes the node re-read its set.
 * At start the node reads every Executor's set: the chains, not the configuration, say which set is
 * in force, so a node restarted after a rotation counts with the right set.
 */
public final class ValidatorRotation {
    private static final Logger LOG = LoggerFactory.getLogger(ValidatorRotation.class);

    private final PipelineContext pipeline;
    private final ExecutorSets executorSets;
    /** Approvals by nonce, then by proposed set, then by validator: its signature per bank. */
    private final Map<Long, Map<List<Address>, Map<Address, Map<BankId, Signature>>>> approvals = new TreeMap<>();
    /** The set this node approved per nonce. */
    private final Map<Long, List<Address>> approvedHere = new HashMap<>();
    private Optional<Long> agreedAtMillis = Optional.empty();
    private final Set<BankId> submitting = new HashSet<>();
    private boolean reading;
    private long ticks;

    ValidatorRotation(PipelineContext pipeline, ExecutorSets executorSets) {
        this.pipeline = pipeline;
        this.executorSets = executorSets;
    }

    /** Reads every Executor's set (the chains say which set is in force) and takes peers' approvals. */
    Future<Void> start() {
        pipeline.consensus().onMessage(Topic.VALIDATOR_SETS, message -> onPipeline(() -> receive(message)));
        pipeline.consensus().onQuery(Topic.VALIDATOR_SETS, key -> onPipeline(() -> Future.succeededFuture(answer(Long.parseLong(key)))));
        return readExecutors().recover(failure -> {
            LOG.warn("could not read the Executors' validator sets at start ({}); counting with the configured set until they answer", failure.toString());
            return Future.succeededFuture(Map.of());
        }).map(sets -> {
            ValidatorSet configured = pipeline.consensus().validatorSet();
            ValidatorSet lowest = sets.values().stream().min(java.util.Comparator.comparingLong(ValidatorSet::nonce)).orElse(configured);
            ValidatorSet highest = sets.values().stream().max(java.util.Comparator.comparingLong(ValidatorSet::nonce)).orElse(configured);
            if (!lowest.validators().equals(configured.validators()) && !highest.validators().equals(configured.validators())) {
                LOG.warn("the Executors hold validator set {} {}, the configuration lists {}; the chains are followed",
                        lowest.nonce(), lowest.validators(), configured.validators());
            }
            Optional<ValidatorSet> next = highest.nonce() > lowest.nonce() ? Optional.of(highest) : Optional.empty();
            next.ifPresent(set -> LOG.info("a validator-set update to nonce {} is under way: some Executors hold it already", set.nonce()));
            pipeline.consensus().validatorSets(lowest, next);
            next.ifPresent(set -> agreedAtMillis = Optional.of(pipeline.clock().millis()));
            askPeers();
            return null;
        });
    }

    private Future<Map<BankId, ValidatorSet>> readExecutors() {
        List<Future<ValidatorSet>> reads = new ArrayList<>();
        List<BankId> banks = new ArrayList<>(pipeline.chains().keySet());
        for (BankId bank : banks) {
            reads.add(executorSets.refresh(bank));
        }
        return Future.all(reads).map(all -> {
            Map<BankId, ValidatorSet> sets = new LinkedHashMap<>();
            for (int index = 0; index < banks.size(); index++) {
                sets.put(banks.get(index), reads.get(index).result());
            }
            return sets;
        });
    }

    /** An operator approves {@code validators} as the set with {@code nonce}: this node signs the update for every Executor. */
    public Future<JsonObject> approve(long nonce, List<Address> validators) {
        return onPipeline(() -> {
            ValidatorSet proposed = new ValidatorSet(nonce, validators); // sorts, refuses empty and zero
            ValidatorSet active = pipeline.consensus().validatorSet();
            if (!active.contains(pipeline.signer().address())) {
                return Future.failedFuture(new IllegalArgumentException("this node's validator " + pipeline.signer().address()
                        + " is not in the active set; only the active set approves its successor"));
            }
            if (nonce != active.nonce() + 1) {
                return Future.failedFuture(new IllegalArgumentException("the next validator set carries nonce " + (active.nonce() + 1) + ", not " + nonce));
            }
            if (proposed.validators().size() > 64) {
                return Future.failedFuture(new IllegalArgumentException("an Executor takes at most 64 validators"));
            }
            List<Address> earlier = approvedHere.get(nonce);
            if (earlier != null && !earlier.equals(proposed.validators())) {
                return Future.failedFuture(new IllegalArgumentException("this node approved another set for nonce " + nonce + " already: " + earlier));
            }
            Map<BankId, Signature> signatures = new TreeMap<>();
            for (NodeConfig.Bank bank : pipeline.config().banks()) {
                signatures.put(bank.id(), pipeline.signer().sign(digest(bank, nonce, proposed.validators())));
            }
            approvedHere.put(nonce, proposed.validators());
            record(nonce, proposed.validators(), pipeline.signer().address(), signatures);
            pipeline.events().publish(NodeEvent.VALIDATORS_APPROVED, Map.of("nonce", Long.toString(nonce),
                    "validators", proposed.validators().toString(), "validator", pipeline.signer().address().value()));
            pipeline.consensus().broadcast(Topic.VALIDATOR_SETS, message(nonce, proposed.validators()));
            checkAgreement(nonce, proposed.validators());
            return Future.succeededFuture(status());
        });
    }

    private static Bytes32 digest(NodeConfig.Bank bank, long nonce, List<Address> validators) {
        return ProtocolDigests.validatorSetDigest(bank.chainId(), bank.executor(), nonce, validators);
    }

    /** A peer's approvals: each signature must recover to its validator, a member of the active set, over this node's Executors. */
    private Future<JsonObject> receive(JsonObject message) {
        long nonce;
        ValidatorSet proposed;
        JsonArray list;
        try {
            nonce = ((Number) message.getValue("nonce")).longValue();
            proposed = new ValidatorSet(nonce, message.getJsonArray("validators").stream().map(v -> Address.of((String) v)).toList());
            list = message.getJsonArray("approvals");
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("validator-set message: nonce, validators and approvals are required");
        }
        ValidatorSet active = pipeline.consensus().validatorSet();
        if (nonce <= active.nonce()) {
            return Future.succeededFuture(new JsonObject().put("nonce", nonce).put("status", "IN_FORCE_OR_OLDER"));
        }
        int accepted = 0;
        for (int index = 0; index < list.size() && index < 128; index++) {
            JsonObject approval;
            Address validator;
            JsonObject perBank;
            try {
                approval = list.getJsonObject(index);
                validator = Address.of(approval.getString("validator"));
                perBank = approval.getJsonObject("signatures");
            } catch (NullPointerException | ClassCastException e) {
                throw new IllegalArgumentException("validator-set message: approvals[" + index + "] needs a validator and signatures per bank");
            }
            Map<BankId, Signature> signatures = new TreeMap<>();
            Optional<String> problem = active.contains(validator) ? Optional.empty() : Optional.of(validator + " is not in the active set");
            for (NodeConfig.Bank bank : pipeline.config().banks()) {
                if (problem.isPresent()) {
                    break;
                }
                String hex = perBank == null ? null : perBank.getString(bank.id().value());
                if (hex == null) {
                    problem = Optional.of("no signature for " + bank.id());
                    break;
                }
                Signature signature = Signature.of(hex);
                if (!pipeline.signatures().recover(digest(bank, nonce, proposed.validators()), signature).map(validator::equals).orElse(false)) {
                    problem = Optional.of("the signature for " + bank.id() + " does not recover to " + validator);
                    break;
                }
                signatures.put(bank.id(), signature);
            }
            if (problem.isPresent()) {
                LOG.warn("ignoring an approval of validator set {}: {}", nonce, problem.get());
                continue;
            }
            record(nonce, proposed.validators(), validator, signatures);
            accepted++;
        }
        checkAgreement(nonce, proposed.validators());
        return Future.succeededFuture(new JsonObject().put("nonce", nonce).put("approvalsAccepted", accepted));
    }

    private void record(long nonce, List<Address> validators, Address validator, Map<BankId, Signature> signatures) {
        approvals.computeIfAbsent(nonce, n -> new LinkedHashMap<>()).computeIfAbsent(validators, v -> new TreeMap<>()).put(validator, signatures);
    }

    private void checkAgreement(long nonce, List<Address> validators) {
        ValidatorSet active = pipeline.consensus().validatorSet();
        if (nonce != active.nonce() + 1 || pipeline.consensus().nextValidatorSet().isPresent()) {
            return;
        }
        long approving = approvals.getOrDefault(nonce, Map.of()).getOrDefault(validators, Map.of()).keySet().stream().filter(active::contains).count();
        if (approving < active.threshold()) {
            return;
        }
        ValidatorSet next = new ValidatorSet(nonce, validators);
        pipeline.consensus().validatorSets(active, Optional.of(next));
        agreedAtMillis = Optional.of(pipeline.clock().millis());
        LOG.info("validator set {} agreed by {} of {}: {}", nonce, approving, active.validators().size(), validators);
        pipeline.events().publish(NodeEvent.VALIDATORS_AGREED, Map.of("nonce", Long.toString(nonce), "validators", validators.toString(),
                "approvals", Long.toString(approving)));
        pipeline.consensus().broadcast(Topic.VALIDATOR_SETS, message(nonce, validators)); // so that nobody misses the threshold
    }

    /** Every tick: submits the agreed update where it is this node's turn, follows the Executors, switches when all hold it. */
    void tick() {
        ticks++;
        Optional<ValidatorSet> next = pipeline.consensus().nextValidatorSet();
        if (next.isEmpty()) {
            if (ticks % pipeline.config().consensus().nettingProposalTimeoutTicks() == 0) {
                askPeers();
            }
            return;
        }
        if (reading) {
            return;
        }
        reading = true;
        readExecutors().onComplete(read -> {
            reading = false;
            if (read.failed()) {
                return;
            }
            List<BankId> lagging = read.result().entrySet().stream().filter(e -> e.getValue().nonce() < next.get().nonce()).map(Map.Entry::getKey).toList();
            if (lagging.isEmpty()) {
                switchTo(next.get());
                return;
            }
            lagging.forEach(bank -> submitIfMyTurn(bank, next.get()));
        });
    }

    private void submitIfMyTurn(BankId bank, ValidatorSet next) {
        ValidatorSet active = pipeline.consensus().validatorSet();
        int size = active.validators().size();
        int me = active.validators().indexOf(pipeline.signer().address());
        int rank = me < 0 ? size : Math.floorMod(me - (int) Math.floorMod(next.nonce(), (long) size), size);
        long fallbackMillis = pipeline.config().protocol().blockTime().toMillis() * pipeline.config().consensus().relayFallbackTicks();
        if (pipeline.clock().millis() - agreedAtMillis.orElse(0L) < rank * fallbackMillis || submitting.contains(bank)) {
            return;
        }
        Map<Address, Map<BankId, Signature>> byValidator = approvals.getOrDefault(next.nonce(), Map.of()).getOrDefault(next.validators(), Map.of());
        List<Signature> signatures = byValidator.entrySet().stream()
                .filter(entry -> active.contains(entry.getKey()) && entry.getValue().containsKey(bank))
                .sorted(Map.Entry.comparingByKey())
                .limit(active.threshold())
                .map(entry -> entry.getValue().get(bank))
                .toList();
        if (signatures.size() < active.threshold()) {
            return; // agreed elsewhere (learned from the chains), approvals not here yet: others submit
        }
        submitting.add(bank);
        LOG.info("submitting validator set {} to the Executor of {}", next.nonce(), bank);
        pipeline.on(pipeline.chain(bank).updateValidators(next.nonce(), next.validators(), signatures)).onComplete(done -> {
            submitting.remove(bank);
            if (done.failed()) {
                LOG.warn("submitting validator set {} to {} failed: {}", next.nonce(), bank, done.cause().toString());
                return;
            }
            switch (done.result()) {
                case ExecutionOutcome.Executed executed -> executorSets.learned(bank, next);
                case ExecutionOutcome.Reverted reverted when reverted.reason().startsWith("StaleValidatorSetNonce(") -> executorSets.refresh(bank);
                default -> LOG.warn("validator set {} at {}: {}", next.nonce(), bank, done.result());
            }
        });
    }

    private void switchTo(ValidatorSet next) {
        ValidatorSet previous = pipeline.consensus().validatorSet();
        pipeline.consensus().validatorSets(next, Optional.empty());
        agreedAtMillis = Optional.empty();
        approvals.keySet().removeIf(nonce -> nonce <= next.nonce());
        LOG.info("validator set {} in force on every Executor: counting with {} validators, threshold {}", next.nonce(),
                next.validators().size(), next.threshold());
        pipeline.events().publish(NodeEvent.VALIDATORS_ROTATED, Map.of("nonce", Long.toString(next.nonce()),
                "validators", next.validators().toString(), "threshold", Integer.toString(next.threshold()),
                "previousValidators", previous.validators().toString()));
    }

    /** What this node holds for {@code nonce}: the set with the most approvals, and those approvals. */
    private Optional<JsonObject> answer(long nonce) {
        Map<List<Address>, Map<Address, Map<BankId, Signature>>> sets = approvals.get(nonce);
        if (sets == null || sets.isEmpty()) {
            return Optional.empty();
        }
        List<Address> leading = sets.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        return Optional.of(message(nonce, leading));
    }

    private JsonObject message(long nonce, List<Address> validators) {
        JsonArray list = new JsonArray();
        approvals.getOrDefault(nonce, Map.of()).getOrDefault(validators, Map.of()).forEach((validator, signatures) -> {
            JsonObject perBank = new JsonObject();
            signatures.forEach((bank, signature) -> perBank.put(bank.value(), signature.value()));
            list.add(new JsonObject().put("validator", validator.value()).put("signatures", perBank));
        });
        return new JsonObject()
                .put("nonce", nonce)
                .put("validators", new JsonArray(validators.stream().map(address -> (Object) address.value()).toList()))
                .put("approvals", list);
    }

    /** Approvals of the next nonce this node may have missed. */
    private void askPeers() {
        long nonce = pipeline.consensus().validatorSet().nonce() + 1;
        pipeline.consensus().query(Topic.VALIDATOR_SETS, Long.toString(nonce)).onSuccess(answers -> pipeline.context().runOnContext(ignored -> {
            for (JsonObject answer : answers) {
                try {
                    receive(answer);
                } catch (RuntimeException e) {
                    LOG.debug("a peer's approvals for validator set {} are unusable: {}", nonce, e.getMessage());
                }
            }
        }));
    }

    /** For operators: the active and next sets, what each Executor holds, the approvals so far. */
    public JsonObject status() {
        ValidatorSet active = pipeline.consensus().validatorSet();
        JsonObject executors = new JsonObject();
        executorSets.known().forEach((bank, set) -> executors.put(bank.value(), set.nonce()));
        JsonArray pending = new JsonArray();
        approvals.forEach((nonce, sets) -> sets.forEach((validators, byValidator) -> pending.add(new JsonObject()
                .put("nonce", nonce)
                .put("validators", new JsonArray(validators.stream().map(address -> (Object) address.value()).toList()))
                .put("approvedBy", new JsonArray(byValidator.keySet().stream().map(address -> (Object) address.value()).toList())))));
        return new JsonObject()
                .put("active", setJson(active))
                .put("next", pipeline.consensus().nextValidatorSet().map(ValidatorRotation::setJson).orElse(null))
                .put("executorNonces", executors)
                .put("approvals", pending);
    }

    private static JsonObject setJson(ValidatorSet set) {
        return new JsonObject()
                .put("nonce", set.nonce())
                .put("count", set.validators().size())
                .put("validators", new JsonArray(set.validators().stream().map(address -> (Object) address.value()).toList()))
                .put("threshold", set.threshold());
    }

    private <T> Future<T> onPipeline(java.util.function.Supplier<Future<T>> work) {
        return Future.future(promise -> pipeline.context().runOnContext(ignored -> {
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        }));
    }
}
