package io.astraclear.ports.state;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.chain.Observation;
import java.util.List;

/**
 * An Executor log ({@link Observation.ExecutorLog}) attested by fewer than a threshold of
 * validators so far. Removed once applied at threshold, or when it no longer matters (its command
 * ended) or its voting timeout passed.
 *
 * @param contents the distinct observations attested under {@code key}, first seen first
 */
public record PendingObservation(Bytes32 key, List<Observation.ExecutorLog> contents, List<Attestation> attestations, List<Address> equivocators,
        long firstAttestedHeight) {
    public PendingObservation {
        if (key == null || firstAttestedHeight < 1) {
            throw new IllegalArgumentException("pending observation needs a key and the height of its first attestation");
        }
        contents = List.copyOf(contents);
        attestations = List.copyOf(attestations);
        equivocators = List.copyOf(equivocators);
        if (contents.isEmpty()) {
            throw new IllegalArgumentException("pending observation " + key + " needs a content");
        }
    }
}
