package io.astraclear.node.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.Attestation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attestations of one subject (a transfer, an Executor log): who attested which content, in
 * arrival order, and who equivocated. A validator's first content counts; the same content again
 * changes nothing; a different content makes it an equivocator, whose attestations about this
 * subject no longer count, now or later.
 */
final class Attestations {
    /** What recording one attestation did. */
    enum Outcome { NEW, REPEAT, EQUIVOCATION, IGNORED_EQUIVOCATOR }

    private final List<Attestation> attestations;
    private final Map<Address, Bytes32> digestBy = new HashMap<>();
    private final Set<Address> equivocators;

    Attestations(List<Attestation> attestations, List<Address> equivocators) {
        this.attestations = new ArrayList<>(attestations);
        this.equivocators = new LinkedHashSet<>(equivocators);
        for (Attestation attestation : attestations) {
            digestBy.put(attestation.validator(), attestation.digest());
        }
    }

    static Attestations none() {
        return new Attestations(List.of(), List.of());
    }

    /** The digest {@code validator} attested before, if it did and did not equivocate. */
    Bytes32 digestOf(Address validator) {
        return digestBy.get(validator);
    }

    Outcome record(Address validator, Bytes32 digest, long height) {
        if (equivocators.contains(validator)) {
            return Outcome.IGNORED_EQUIVOCATOR;
        }
        Bytes32 earlier = digestBy.get(validator);
        if (earlier == null) {
            digestBy.put(validator, digest);
            attestations.add(new Attestation(validator, digest, height));
            return Outcome.NEW;
        }
        if (earlier.equals(digest)) {
            return Outcome.REPEAT;
        }
        equivocators.add(validator);
        digestBy.remove(validator);
        attestations.removeIf(attestation -> attestation.validator().equals(validator));
        return Outcome.EQUIVOCATION;
    }

    /** The digest attested by at least {@code threshold} of {@code counted}, if any (at most one can be, for a threshold above half). */
    Bytes32 confirmedDigest(Set<Address> counted, int threshold) {
        Map<Bytes32, Integer> votes = new HashMap<>();
        for (Attestation attestation : attestations) {
            if (counted.contains(attestation.validator())) {
                int count = votes.merge(attestation.digest(), 1, Integer::sum);
                if (count >= threshold) {
                    return attestation.digest();
                }
            }
        }
        return null;
    }

    /** How many of {@code counted} attested anything counted. */
    int countedAmong(Set<Address> counted) {
        int count = 0;
        for (Attestation attestation : attestations) {
            if (counted.contains(attestation.validator())) {
                count++;
            }
        }
        return count;
    }

    List<Attestation> list() {
        return List.copyOf(attestations);
    }

    List<Address> equivocators() {
        return List.copyOf(equivocators);
    }
}
