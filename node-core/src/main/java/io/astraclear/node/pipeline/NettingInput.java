package io.astraclear.node.pipeline;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.RejectionCode;
import io.astraclear.ports.storage.StatusChange;
import io.astraclear.ports.storage.TransferRecord;
import io.astraclear.ports.storage.TransferStatus;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an agreed netting round reads and writes on this node. A round's cut-off names, per source
 * bank, the Gateway nonce up to which it covers transfers; since nonces count 1, 2, 3, … per
 * Gateway, this node can list the covered transfers by their transferIds. Its input is the ledger
 * without the ISSUEs of transfers past the cut-off: every node that has confirmed all covered
 * transfers computes the same input, whatever else it has confirmed since.
 *
 * <p>Reading the balances and the transfers past the cut-off happens while confirmations are held
 * back ({@link VoteCounter#hold}), so that both describe the same ledger; a settlement confirmed
 * meanwhile (it does not go through the pipeline) is caught by reading the balances twice.
 */
final class NettingInput {
    private static final int ATTEMPTS = 3;
    /** Transfers probed per bank per call of {@link #advance}: bounds the work of one tick after a restart. */
    private static final int PROBES_PER_ADVANCE = 2_000;

    private final PipelineContext pipeline;
    private final VoteCounter votes;
    /** Per source bank, the highest nonce such that this node has confirmed every transfer up to it. */
    private final SortedMap<BankId, Long> confirmedPrefix = new TreeMap<>();

    NettingInput(PipelineContext pipeline, VoteCounter votes) {
        this.pipeline = pipeline;
        this.votes = votes;
        pipeline.config().banks().forEach(bank -> confirmedPrefix.put(bank.id(), 0L));
    }

    SortedMap<BankId, Long> confirmedPrefix() {
        return new TreeMap<>(confirmedPrefix);
    }

    /** Whether this node has confirmed every transfer a round with {@code cutoff} covers. */
    boolean covers(Map<BankId, Long> cutoff) {
        return cutoff.keySet().equals(confirmedPrefix.keySet())
                && cutoff.entrySet().stream().allMatch(entry -> confirmedPrefix.get(entry.getKey()) >= entry.getValue());
    }

    /** Moves every bank's confirmed prefix forward as far as this node has confirmed (bounded per call). */
    Future<SortedMap<BankId, Long>> advance() {
        Future<Void> chain = Future.succeededFuture();
        for (BankId bank : confirmedPrefix.keySet()) {
            chain = chain.compose(ignored -> advance(bank, PROBES_PER_ADVANCE));
        }
        return chain.map(ignored -> confirmedPrefix());
    }

    private Future<Void> advance(BankId bank, int probesLeft) {
        if (probesLeft == 0) {
            return Future.succeededFuture();
        }
        long next = confirmedPrefix.get(bank) + 1;
        return transfer(bank, next).compose(found -> {
            if (found.isPresent() && isConfirmed(found.get())) {
                confirmedPrefix.put(bank, Math.max(confirmedPrefix.get(bank), next));
                return advance(bank, probesLeft - 1);
            }
            return Future.succeededFuture();
        });
    }

    /**
     * The round input for {@code cutoff}: the balances minus the ISSUEs of confirmed transfers past
     * it. Requires {@link #covers}; fails if a settlement kept racing the reads.
     */
    Future<BalanceSnapshot> inputAt(SortedMap<BankId, Long> cutoff) {
        return inputAt(cutoff, 1);
    }

    private Future<BalanceSnapshot> inputAt(SortedMap<BankId, Long> cutoff, int attempt) {
        return held(() -> pipeline.on(pipeline.storage().balances()).compose(before -> beyond(cutoff)
                        .compose(past -> pipeline.on(pipeline.storage().balances()).map(again -> again.equals(before)
                                ? Optional.of(without(before, past))
                                : Optional.<BalanceSnapshot>empty()))))
                .compose(read -> {
                    if (read.isPresent()) {
                        return Future.succeededFuture(read.get());
                    }
                    if (attempt >= ATTEMPTS) {
                        return Future.failedFuture(new IllegalStateException("the balances kept changing outside the pipeline (settlements) while reading the round input"));
                    }
                    return inputAt(cutoff, attempt + 1);
                });
    }

    /** The ISSUEs of confirmed transfers past the cut-off, summed per pair. */
    private Future<Map<RoundProposal.Pair, BigInteger>> beyond(SortedMap<BankId, Long> cutoff) {
        Map<RoundProposal.Pair, BigInteger> past = new TreeMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<BankId, Long> bank : cutoff.entrySet()) {
            chain = chain.compose(ignored -> collectBeyond(bank.getKey(), bank.getValue() + 1, past));
        }
        return chain.map(ignored -> past);
    }

    /** Walks the observed transfers of {@code bank} from {@code nonce} up; they are a contiguous run, stored in chain order. */
    private Future<Void> collectBeyond(BankId bank, long nonce, Map<RoundProposal.Pair, BigInteger> past) {
        return transfer(bank, nonce).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            TransferRecord record = found.get();
            if (isConfirmed(record)) {
                past.merge(new RoundProposal.Pair(record.observed().sourceBank(), record.observed().destinationBank()),
                        record.observed().amount().value(), BigInteger::add);
            }
            return collectBeyond(bank, nonce + 1, past);
        });
    }

    private static BalanceSnapshot without(BalanceSnapshot balances, Map<RoundProposal.Pair, BigInteger> past) {
        Map<RoundProposal.Pair, BigInteger> amounts = new TreeMap<>();
        balances.obligations().forEach(o -> amounts.put(new RoundProposal.Pair(o.debtor(), o.creditor()), o.amount().value()));
        past.forEach((pair, amount) -> amounts.merge(pair, amount.negate(), BigInteger::add));
        List<Obligation> input = new ArrayList<>();
        amounts.forEach((pair, amount) -> {
            if (amount.signum() < 0) {
                // more issued past the cut-off than the pair holds: a netting or settlement burned what the cut-off does not cover
                throw new IllegalStateException("the ledger holds less " + pair.debtor() + "->" + pair.creditor()
                        + " than the transfers past the cut-off issued; the round's cut-off is below an earlier round's");
            }
            if (amount.signum() > 0) {
                input.add(new Obligation(pair.debtor(), pair.creditor(), new Amount(amount)));
            }
        });
        return new BalanceSnapshot(input);
    }

    /**
     * Applies an agreed round's burns to the balances as they are now (they may hold transfers past
     * its cut-off): one storage transaction, while confirmations are held back.
     */
    Future<NettingRound> apply(RoundProposal proposal, String actor) {
        return apply(proposal, actor, 1);
    }

    private Future<NettingRound> apply(RoundProposal proposal, String actor, int attempt) {
        return held(() -> pipeline.on(pipeline.storage().balances()).compose(now -> {
            Optional<BalanceSnapshot> after = proposal.appliedTo(now);
            if (after.isEmpty()) {
                return Future.failedFuture(new NettingService.NettingRejectedException(RejectionCode.NETTING_INVARIANT,
                        "round " + proposal.round() + " burns more than this node's ledger holds on a pair (a settlement only this node confirmed?)"));
            }
            NettingRound round = new NettingRound(0, pipeline.clock().instant(), proposal.strategyId(), proposal.strategyVersion(),
                    proposal.digest(), now, after.get(), actor);
            return pipeline.on(pipeline.storage().applyNetting(round));
        })).compose(result -> switch (result) {
            case WriteResult.Applied<NettingRound> applied -> Future.succeededFuture(applied.value());
            case WriteResult.Rejected<NettingRound> rejected when RejectionCode.STALE_SNAPSHOT.equals(rejected.code()) && attempt < ATTEMPTS ->
                    apply(proposal, actor, attempt + 1);
            case WriteResult.Rejected<NettingRound> rejected -> Future.failedFuture(new NettingService.NettingRejectedException(rejected.code(), rejected.message()));
        });
    }

    private <T> Future<T> held(java.util.function.Supplier<Future<T>> work) {
        return votes.hold().compose(ignored -> work.get()).andThen(done -> votes.release());
    }

    private Future<Optional<TransferRecord>> transfer(BankId bank, long nonce) {
        NodeConfig.Bank source = pipeline.config().bank(bank).orElseThrow();
        TransferId transferId = ProtocolDigests.transferId(source.chainId(), source.gateway(), BigInteger.valueOf(nonce));
        return pipeline.on(pipeline.storage().transfer(transferId));
    }

    /** Confirmed at some point: its ISSUE is in the ledger (a transfer STUCK after confirmation keeps it). */
    static boolean isConfirmed(TransferRecord record) {
        return record.status() == TransferStatus.CONFIRMED || record.status() == TransferStatus.EXECUTED
                || record.history().stream().map(StatusChange::status).anyMatch(TransferStatus.CONFIRMED::equals);
    }
}
