package io.astraclear.node.hub;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.Attestation;
import io.astraclear.ports.state.BatchSignature;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.EquivocationEvidence;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.StatusChange;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The canonical encoding of the hub's genesis and of everything a block changes, and the app hash
 * built from it:
 * {@code appHash(h) = keccak256(appHash(h-1) || h || blockTime || keccak256(canonical(effects of h)))},
 * with {@code appHash(0) = keccak256(canonical(genesis))}. Equal app hashes at a height mean the
 * same genesis and the same changes in every block up to it, hence the same state. The changes are
 * the state images, the appended records and the transaction results; the block's events are
 * derived from them and not hashed again.
 */
final class StateEncoding {
    private StateEncoding() {}

    static Bytes32 genesisHash(HubGenesis genesis) {
        CanonicalWriter out = new CanonicalWriter().tag("astra-clear.hub-genesis.v1").string(genesis.chainId());
        list(out, genesis.banks(), StateEncoding::member);
        set(out, genesis.validators());
        var p = genesis.parameters();
        out.u64(p.votingTimeoutBlocks()).u64(p.nettingIntervalBlocks()).u64(p.retryMax()).u64(p.maxBatchSize()).u64(p.tokenDecimals());
        out.string(genesis.nettingStrategyId()).string(genesis.nettingStrategyVersion());
        return out.keccak();
    }

    /** The app hash after a block whose effects are {@code effects} (their head's own app hash is not read). */
    static Bytes32 appHash(Bytes32 previous, long height, Instant time, BlockEffects effects) {
        Bytes32 changes = effectsDigest(effects);
        return new CanonicalWriter().tag("astra-clear.app-hash.v1").bytes32(previous).u64(height).instant(time).bytes32(changes).keccak();
    }

    static Bytes32 effectsDigest(BlockEffects e) {
        CanonicalWriter out = new CanonicalWriter();
        counters(out, e.head());
        list(out, e.transfers(), StateEncoding::transfer);
        list(out, e.batches(), StateEncoding::batch);
        list(out, e.pendingObservations(), StateEncoding::pending);
        list(out, e.removedPendingObservations(), (w, key) -> w.bytes32(key));
        if (out.present(e.validatorSets().isPresent())) {
            validatorSets(out, e.validatorSets().get());
        }
        list(out, e.balances(), StateEncoding::obligation);
        list(out, e.journal(), StateEncoding::journal);
        list(out, e.nettingRounds(), StateEncoding::netting);
        list(out, e.settlements(), StateEncoding::settlement);
        list(out, e.evidence(), StateEncoding::evidence);
        list(out, e.transactions(), StateEncoding::transaction);
        // events are not hashed: they are derived, by the same code, from the changes hashed above
        return out.keccak();
    }

    private static void counters(CanonicalWriter out, HubHead head) {
        out.u64(head.height()).instant(head.time()).bytes32(head.genesisHash()).u64(head.nextTransferSequence()).u64(head.nextJournalSequence())
                .u64(head.nextRoundId()).u64(head.nextEventId()).u64(head.lastNettingHeight());
        out.count(head.nextBatchNumbers().size());
        head.nextBatchNumbers().forEach((bank, number) -> out.bank(bank).u64(number));
    }

    private static <T> void list(CanonicalWriter out, List<T> items, BiConsumer<CanonicalWriter, T> item) {
        out.count(items.size());
        for (T value : items) {
            item.accept(out, value);
        }
    }

    private static void member(CanonicalWriter out, HubMember m) {
        out.bank(m.id()).u64(m.chainId()).address(m.gateway()).address(m.executor());
        if (out.present(m.operator().isPresent())) {
            out.address(m.operator().get());
        }
    }

    private static void set(CanonicalWriter out, ValidatorSet set) {
        out.u64(set.nonce());
        list(out, set.validators(), CanonicalWriter::address);
    }

    static void observed(CanonicalWriter out, ObservedTransfer t) {
        out.bytes32(t.transferId().value()).bank(t.sourceBank()).u64(t.sourceChainId()).address(t.sourceGateway()).unsigned(t.nonce())
                .address(t.sender()).bank(t.destinationBank()).address(t.recipient()).amount(t.amount()).u64(t.blockNumber())
                .bytes32(t.blockHash()).bytes32(t.transactionHash()).u64(t.logIndex());
    }


    private static void attestation(CanonicalWriter out, Attestation a) {
        out.address(a.validator()).bytes32(a.digest()).u64(a.height());
    }

    private static void statusChange(CanonicalWriter out, StatusChange change) {
        out.string(change.status().name()).u64(change.height()).instant(change.time()).string(change.reason());
    }

    private static void transfer(CanonicalWriter out, HubTransfer t) {
        out.tag("transfer").u64(t.sequence()).bytes32(t.transferId().value());
        list(out, t.contents(), StateEncoding::observed);
        out.string(t.status().name());
        list(out, t.attestations(), StateEncoding::attestation);
        list(out, t.equivocators(), CanonicalWriter::address);
        out.u64(t.firstAttestedHeight()).instant(t.firstAttestedTime());
        if (out.present(t.confirmation().isPresent())) {
            var c = t.confirmation().get();
            // the command follows from the confirmed content (hashed above) and the genesis: its id stands for it
            out.u64(c.height()).bytes32(c.digest()).u64(c.journalSequence()).bytes32(c.command().commandId().value());
        }
        if (out.present(t.batch().isPresent())) {
            out.bank(t.batch().get().bank()).u64(t.batch().get().number());
        }
        list(out, t.failedMints(), CanonicalWriter::bytes32);
        if (out.present(t.mint().isPresent())) {
            out.bytes32(t.mint().get().transactionHash()).u64(t.mint().get().blockNumber()).u64(t.mint().get().height());
        }
        list(out, t.history(), StateEncoding::statusChange);
    }

    private static void batch(CanonicalWriter out, HubBatch b) {
        // the batch digest covers every command (id, recipient, amount), the chain and the Executor
        out.tag("batch").bank(b.id().bank()).u64(b.id().number()).u64(b.createdHeight()).bytes32(b.batch().digest()).count(b.batch().size());
        list(out, b.signatures(), StateEncoding::batchSignature);
        out.string(b.status().name());
        if (out.present(b.doneHeight().isPresent())) {
            out.u64(b.doneHeight().getAsLong());
        }
    }

    private static void batchSignature(CanonicalWriter out, BatchSignature s) {
        out.address(s.validator()).signature(s.signature()).u64(s.height());
    }

    private static void pending(CanonicalWriter out, PendingObservation p) {
        out.tag("pending").bytes32(p.key());
        list(out, p.contents(), StateEncoding::executorLog);
        list(out, p.attestations(), StateEncoding::attestation);
        list(out, p.equivocators(), CanonicalWriter::address);
        out.u64(p.firstAttestedHeight());
    }

    private static void executorLog(CanonicalWriter out, Observation.ExecutorLog log) {
        out.bytes32(log.digest()); // every field of the log, by ObservationDigests
    }

    private static void validatorSets(CanonicalWriter out, ValidatorSets sets) {
        out.tag("validator-sets");
        set(out, sets.active());
        if (out.present(sets.next().isPresent())) {
            set(out, sets.next().get());
        }
        list(out, sets.approvals(), (w, a) -> {
            w.u64(a.nonce());
            list(w, a.validators(), CanonicalWriter::address);
            w.address(a.approver()).u64(a.height());
        });
        list(out, sets.executorSets(), (w, e) -> {
            w.bank(e.bank());
            set(w, e.set());
        });
        list(out, sets.setSignatures(), (w, s) -> w.u64(s.nonce()).bank(s.bank()).address(s.validator()).signature(s.signature()));
    }

    private static void obligation(CanonicalWriter out, Obligation o) {
        out.bank(o.debtor()).bank(o.creditor()).amount(o.amount());
    }

    private static void snapshot(CanonicalWriter out, BalanceSnapshot snapshot) {
        list(out, snapshot.obligations(), StateEncoding::obligation);
    }

    private static void journal(CanonicalWriter out, JournalEntry j) {
        out.tag("journal").u64(j.sequence()).u64(j.height()).instant(j.time()).string(j.type().name()).bank(j.issuer()).bank(j.holder())
                .amount(j.amount()).string(j.reference());
    }

    private static void netting(CanonicalWriter out, NettingRecord n) {
        out.tag("netting").u64(n.roundId()).u64(n.height()).instant(n.time()).string(n.strategyId()).string(n.strategyVersion())
                .bytes32(n.inputDigest());
        snapshot(out, n.before());
        snapshot(out, n.after());
        out.string(n.trigger());
    }

    private static void settlement(CanonicalWriter out, SettlementRecord s) {
        out.tag("settlement").bank(s.debtor()).bank(s.creditor()).amount(s.amount()).string(s.reference()).address(s.confirmedBy())
                .u64(s.height()).instant(s.time()).u64(s.journalSequence());
    }

    private static void evidence(CanonicalWriter out, EquivocationEvidence e) {
        out.tag("evidence").u64(e.height()).address(e.validator()).bytes32(e.subject()).bytes32(e.firstDigest()).bytes32(e.secondDigest());
    }

    private static void transaction(CanonicalWriter out, TxRecord t) {
        out.tag("tx").u64(t.height()).u64(t.index()).bytes32(t.result().transactionHash());
        if (out.present(t.type().isPresent())) {
            out.u64(t.type().get().code());
        }
        if (out.present(t.sender().isPresent())) {
            out.address(t.sender().get());
        }
        if (out.present(t.result().rejection().isPresent())) {
            out.string(t.result().rejection().get().name());
        }
        out.string(t.result().log());
    }
}
