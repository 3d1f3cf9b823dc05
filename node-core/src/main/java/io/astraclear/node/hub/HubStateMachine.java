package io.astraclear.node.hub;

import io.astraclear.node.hub.codec.HubCodec;
import io.astraclear.node.hub.codec.MalformedTransactionException;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.consensus.BlockOutcome;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.SignedTransaction;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hub: a deterministic state machine over ordered, signed hub transactions. {@link #check}
 * admits or refuses a transaction; {@link #prepare} and {@link #apply} apply a block — every
 * transaction judged again, then the end-of-block steps — and give its effects and app hash. It
 * reads no clock (block time comes with the block), no chain, network, file or random source, and
 * builds no result from a hash map's order. Not thread-safe: one caller at a time.
 *
 * <p>A failure while applying is a broken program, never a business outcome: the state machine is
 * then unusable (every later call fails) and its node must stop without committing; on restart it
 * resumes from the last committed block.
 */
public final class HubStateMachine {
    private final HubState state;
    private final SignatureRecovery recovery;
    private final TransactionRules rules;
    private final EndOfBlock endOfBlock;
    /**
     * Transactions decoded and verified at admission, by hash, so that their block does not decode
     * and recover their signatures again. Decoding and verifying depend on the bytes alone, so a hit
     * gives what recomputing would. Bounded: the oldest go first.
     */
    private final Map<Bytes32, DecodedTransaction> admitted = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1_024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, DecodedTransaction> eldest) {
            return size() > ADMITTED_KEPT;
        }
    });
    private static final int ADMITTED_KEPT = 4_096;
    private String broken;

    private HubStateMachine(HubState state, NettingStrategy netting, SignatureRecovery recovery) {
        this.state = state;
        this.recovery = recovery;
        this.rules = new TransactionRules(state, recovery);
        this.endOfBlock = new EndOfBlock(state, new NettingStep(state, netting));
    }

    /**
     * The hub from its genesis, or from what storage holds of it. Fails when the stored state grew
     * from another genesis, or when the netting plugin is not the one the genesis names.
     */
    public static HubStateMachine start(HubGenesis genesis, Optional<LiveState> stored, NettingStrategy netting, SignatureRecovery recovery) {
        if (!netting.id().equals(genesis.nettingStrategyId()) || !netting.version().equals(genesis.nettingStrategyVersion())) {
            throw new IllegalStateException("the hub genesis names netting strategy '" + genesis.nettingStrategyId() + "' "
                    + genesis.nettingStrategyVersion() + ", but this node loaded '" + netting.id() + "' " + netting.version()
                    + ": every validator must run the genesis's netting plugin version");
        }
        HubState state = stored.map(live -> HubState.restore(genesis, live)).orElseGet(() -> HubState.genesis(genesis));
        return new HubStateMachine(state, netting, recovery);
    }

    public HubGenesis genesis() {
        return state.genesis;
    }

    /** The state after the last applied block (height 0: the genesis). */
    public HubHead head() {
        return state.head();
    }

    public Bytes32 genesisHash() {
        return state.genesisHash;
    }

    public ValidatorSets validatorSets() {
        return state.validatorSets();
    }

    /** Admission: decodes, verifies the signature, and judges the transaction against the state as it is now. Changes nothing. */
    public Admission check(Bytes transaction) {
        return check(precheck(transaction));
    }

    /**
     * The part of admission that depends on the bytes and the genesis alone: decoding, the
     * signature, observation digests and genesis checks. Thread-safe and free of the state, so a
     * caller may run it on any thread, many at once, before {@link #check(DecodedTransaction)}.
     */
    public DecodedTransaction precheck(Bytes transaction) {
        return decode(transaction);
    }

    /** Admission of a prechecked transaction: judged against the state as it is now. Changes nothing. */
    public Admission check(DecodedTransaction decoded) {
        ensureUsable();
        Optional<Refusal> refusal = refusalOf(decoded, state.height + 1);
        if (refusal.isEmpty()) {
            admitted.put(decoded.hash(), decoded);
        }
        return refusal.<Admission>map(r -> new Admission.Refused(decoded.hash(), r.code(), r.reason()))
                .orElseGet(() -> new Admission.Admitted(decoded.hash()));
    }

    /** Decodes a block and checks its signatures; says which ended transfers its attestations name. */
    public PreparedBlock prepare(HubBlock block) {
        return prepare(block, Map.of());
    }

    /** The transactions of {@code block} that were not prechecked at admission (their work is still to do). */
    public List<Bytes> notPrechecked(HubBlock block) {
        return block.transactions().stream().filter(transaction -> !admitted.containsKey(HubDigests.transactionHash(transaction))).toList();
    }

    /** As {@link #prepare(HubBlock)}, with transactions the caller prechecked itself (by hash). */
    public PreparedBlock prepare(HubBlock block, Map<Bytes32, DecodedTransaction> prechecked) {
        ensureUsable();
        if (block.height() != state.height + 1) {
            throw new IllegalStateException("the hub is at height " + state.height + "; it cannot apply block " + block.height());
        }
        List<DecodedTransaction> decoded = new ArrayList<>(block.transactions().size());
        Set<TransferId> toLoad = new LinkedHashSet<>();
        for (Bytes transaction : block.transactions()) {
            Bytes32 hash = HubDigests.transactionHash(transaction);
            DecodedTransaction known = admitted.remove(hash);
            DecodedTransaction one = known != null ? known : prechecked.containsKey(hash) ? prechecked.get(hash) : decode(transaction);
            decoded.add(one);
            if (one.transaction().isPresent() && one.transaction().get().transaction() instanceof HubTransaction.Attest attest) {
                for (Observation observation : attest.observations()) {
                    if (observation instanceof Observation.TransferInitiated initiated && !state.transfers.containsKey(initiated.transfer().transferId())) {
                        toLoad.add(initiated.transfer().transferId());
                    }
                }
            }
        }
        return new PreparedBlock(block, decoded, toLoad);
    }

    /**
     * Applies a prepared block: {@code loaded} are the stored images of the transfers it asked for
     * (those storage does not know are new). Returns the outcome and the effects; the state moves to
     * the block's height. Nothing is durable until the caller commits the effects.
     */
    public AppliedBlock apply(PreparedBlock prepared, Collection<HubTransfer> loaded) {
        ensureUsable();
        HubBlock block = prepared.block();
        if (block.height() != state.height + 1) {
            throw new IllegalStateException("the hub is at height " + state.height + "; it cannot apply block " + block.height());
        }
        try {
            return applyBlock(prepared, loaded);
        } catch (RuntimeException | Error e) {
            broken = "applying block " + block.height() + " failed: " + e;
            throw new IllegalStateException("the hub state machine failed while applying block " + block.height()
                    + "; nothing of it is committed, and this node must stop (a restart resumes from the last committed block)", e);
        }
    }

    private AppliedBlock applyBlock(PreparedBlock prepared, Collection<HubTransfer> loaded) {
        HubBlock block = prepared.block();
        for (HubTransfer image : loaded) {
            if (!prepared.transfersToLoad().contains(image.transferId())) {
                throw new IllegalStateException("storage gave transfer " + image.transferId() + ", which block " + block.height() + " did not ask for");
            }
            if (!state.transfers.containsKey(image.transferId())) {
                state.track(TransferState.of(image));
            }
        }
        BlockRun run = new BlockRun(state, block.height(), block.time());
        if (block.height() == 1) {
            run.validatorSetsChanged(); // storage keeps the sets from the first block on
        }
        List<TxResult> results = new ArrayList<>(prepared.transactions().size());
        for (int index = 0; index < prepared.transactions().size(); index++) {
            DecodedTransaction decoded = prepared.transactions().get(index);
            TxResult result = applyTransaction(decoded, run);
            results.add(result);
            Optional<SignedTransaction> tx = decoded.transaction();
            run.transaction(new TxRecord(block.height(), index, tx.map(SignedTransaction::type), tx.map(SignedTransaction::sender), result));
            if (!result.accepted()) {
                rejectedEvent(decoded, result, run);
            }
        }
        endOfBlock.run(run);

        state.height = block.height();
        state.time = block.time();
        BlockEffects unhashed = run.effects(state.head());
        Bytes32 appHash = StateEncoding.appHash(state.appHash, block.height(), block.time(), unhashed);
        state.appHash = appHash;
        HubHead head = state.head();
        BlockEffects effects = new BlockEffects(head, unhashed.transfers(), unhashed.batches(), unhashed.pendingObservations(),
                unhashed.removedPendingObservations(), unhashed.validatorSets(), unhashed.balances(), unhashed.journal(), unhashed.nettingRounds(),
                unhashed.settlements(), unhashed.evidence(), unhashed.transactions(), unhashed.events());
        state.transfers.values().removeIf(transfer -> !transfer.live());
        return new AppliedBlock(new BlockOutcome(block.height(), appHash, results), effects);
    }

    private TxResult applyTransaction(DecodedTransaction decoded, BlockRun run) {
        Optional<Refusal> refusal = refusalOf(decoded, run.height);
        if (refusal.isPresent()) {
            return TxResult.rejected(decoded.hash(), refusal.get().code(), refusal.get().reason());
        }
        return TxResult.applied(decoded.hash(), rules.apply(decoded, run));
    }

    private Optional<Refusal> refusalOf(DecodedTransaction decoded, long blockHeight) {
        if (decoded.transaction().isEmpty()) {
            return decoded.invalid();
        }
        SignedTransaction tx = decoded.transaction().get();
        if (!decoded.signatureValid()) {
            return Optional.of(new Refusal(HubRejection.BAD_SIGNATURE, "the signature does not recover to the sender " + tx.sender()
                    + " for this hub (chain id '" + state.genesis.chainId() + "')"));
        }
        return rules.validate(decoded, blockHeight);
    }

    private DecodedTransaction decode(Bytes transaction) {
        Bytes32 hash = HubDigests.transactionHash(transaction);
        if (transaction.length() > HubCodec.MAX_TRANSACTION_BYTES) {
            return DecodedTransaction.malformed(hash, new Refusal(HubRejection.MALFORMED,
                    "the transaction is " + transaction.length() + " bytes, at most " + HubCodec.MAX_TRANSACTION_BYTES));
        }
        SignedTransaction tx;
        try {
            tx = HubCodec.decode(transaction);
        } catch (MalformedTransactionException e) {
            return DecodedTransaction.malformed(hash, new Refusal(HubRejection.MALFORMED, e.getMessage()));
        }
        boolean signed = HubCodec.signedBySender(tx, state.chainIdHash, recovery::recover);
        if (tx.transaction() instanceof HubTransaction.Attest attest) {
            List<Bytes32> digests = new ArrayList<>(attest.observations().size());
            Optional<Refusal> invalid = Optional.empty();
            for (int i = 0; i < attest.observations().size(); i++) {
                Observation observation = attest.observations().get(i);
                if (invalid.isEmpty()) {
                    invalid = rules.problemWith(observation).map(problem -> new Refusal(HubRejection.INVALID_OBSERVATION, problem));
                    if (invalid.isPresent()) {
                        invalid = Optional.of(new Refusal(HubRejection.INVALID_OBSERVATION, "observation " + i + ": " + invalid.get().reason()));
                    }
                }
                digests.add(observation.digest());
            }
            return new DecodedTransaction(hash, Optional.of(tx), signed, digests, invalid);
        }
        return new DecodedTransaction(hash, Optional.of(tx), signed, List.of(), Optional.empty());
    }

    private void rejectedEvent(DecodedTransaction decoded, TxResult result, BlockRun run) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("transactionHash", decoded.hash().value());
        decoded.transaction().ifPresent(tx -> {
            data.put("type", tx.type().name());
            data.put("sender", tx.sender().value());
        });
        data.put("code", result.rejection().orElseThrow().name());
        data.put("reason", result.log().length() > 1_000 ? result.log().substring(0, 1_000) + "…" : result.log());
        List<BankId> banks = decoded.transaction()
                .filter(tx -> tx.transaction() instanceof HubTransaction.ConfirmSettlement)
                .map(tx -> (HubTransaction.ConfirmSettlement) tx.transaction())
                .map(settle -> List.of(settle.debtor(), settle.creditor()))
                .orElse(List.of());
        run.event(HubEventType.TRANSACTION_REJECTED, data, banks);
    }

    private void ensureUsable() {
        if (broken != null) {
            throw new IllegalStateException("the hub state machine is stopped: " + broken);
        }
    }
}
