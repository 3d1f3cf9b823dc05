package io.astraclear.node.hub;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.PendingObservation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Executor log short of threshold: the mutable twin of {@link PendingObservation}. */
final class PendingState {
    final Bytes32 key;
    final Map<Bytes32, Observation.ExecutorLog> contents = new LinkedHashMap<>();
    final Attestations attestations;
    final long firstAttestedHeight;

    private PendingState(Bytes32 key, Attestations attestations, long firstAttestedHeight) {
        this.key = key;
        this.attestations = attestations;
        this.firstAttestedHeight = firstAttestedHeight;
    }

    static PendingState first(Observation.ExecutorLog log, long height) {
        return new PendingState(log.key(), Attestations.none(), height);
    }

    static PendingState of(PendingObservation image) {
        PendingState state = new PendingState(image.key(), new Attestations(image.attestations(), image.equivocators()), image.firstAttestedHeight());
        for (Observation.ExecutorLog content : image.contents()) {
            state.contents.put(content.digest(), content);
        }
        return state;
    }

    PendingObservation image() {
        return new PendingObservation(key, List.copyOf(contents.values()), attestations.list(), attestations.equivocators(), firstAttestedHeight);
    }
}
