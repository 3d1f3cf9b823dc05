package io.astraclear.node.hub;

import io.astraclear.ports.chain.ObservationDigests;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.state.Confirmation;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.Mint;
import io.astraclear.ports.state.StatusChange;
import io.astraclear.ports.state.TransferStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A transfer while the state machine works on it: the mutable twin of {@link HubTransfer}. */
final class TransferState {
    final long sequence;
    final TransferId id;
    /** Distinct contents by digest, first seen first. */
    final Map<Bytes32, ObservedTransfer> contents = new LinkedHashMap<>();
    final Attestations attestations;
    final long firstAttestedHeight;
    final Instant firstAttestedTime;
    TransferStatus status;
    Confirmation confirmation;
    BatchId batch;
    final List<Bytes32> failedMints;
    Mint mint;
    final List<StatusChange> history;

    private TransferState(long sequence, TransferId id, Attestations attestations, long firstAttestedHeight, Instant firstAttestedTime,
            TransferStatus status, Confirmation confirmation, BatchId batch, List<Bytes32> failedMints, Mint mint, List<StatusChange> history) {
        this.sequence = sequence;
        this.id = id;
        this.attestations = attestations;
        this.firstAttestedHeight = firstAttestedHeight;
        this.firstAttestedTime = firstAttestedTime;
        this.status = status;
        this.confirmation = confirmation;
        this.batch = batch;
        this.failedMints = new ArrayList<>(failedMints);
        this.mint = mint;
        this.history = new ArrayList<>(history);
    }

    /** A transfer attested for the first time, at {@code height}. */
    static TransferState observed(long sequence, ObservedTransfer content, Bytes32 digest, long height, Instant time) {
        TransferState state = new TransferState(sequence, content.transferId(), Attestations.none(), height, time, TransferStatus.OBSERVED,
                null, null, List.of(), null, List.of(new StatusChange(TransferStatus.OBSERVED, height, time, "")));
        state.contents.put(digest, content);
        return state;
    }

    static TransferState of(HubTransfer image) {
        TransferState state = new TransferState(image.sequence(), image.transferId(),
                new Attestations(image.attestations(), image.equivocators()), image.firstAttestedHeight(), image.firstAttestedTime(),
                image.status(), image.confirmation().orElse(null), image.batch().orElse(null), image.failedMints(), image.mint().orElse(null),
                image.history());
        for (ObservedTransfer content : image.contents()) {
            state.contents.put(ObservationDigests.transferObservation(content), content);
        }
        return state;
    }

    HubTransfer image() {
        return new HubTransfer(sequence, id, List.copyOf(contents.values()), status, attestations.list(), attestations.equivocators(),
                firstAttestedHeight, firstAttestedTime, Optional.ofNullable(confirmation), Optional.ofNullable(batch), failedMints,
                Optional.ofNullable(mint), history);
    }

    /** The content the hub stands by: the confirmed one, else the first attested. */
    ObservedTransfer observed() {
        if (confirmation != null) {
            return contents.get(confirmation.digest());
        }
        return contents.values().iterator().next();
    }

    /** Attestations still count: never confirmed (OBSERVED, or STUCK short of threshold). */
    boolean awaitingConfirmation() {
        return confirmation == null && (status == TransferStatus.OBSERVED || status == TransferStatus.STUCK);
    }

    boolean live() {
        return status == TransferStatus.OBSERVED || status == TransferStatus.CONFIRMED;
    }

    void moveTo(TransferStatus newStatus, long height, Instant time, String reason) {
        status = newStatus;
        history.add(new StatusChange(newStatus, height, time, reason));
    }
}
