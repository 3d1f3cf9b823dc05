package io.astraclear.ports.state;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;

/**
 * A validator attested two different observations about one subject (a transfer id, an Executor
 * log): recorded at {@code height}; none of its attestations about that subject count.
 */
public record EquivocationEvidence(long height, Address validator, Bytes32 subject, Bytes32 firstDigest, Bytes32 secondDigest) {
    public EquivocationEvidence {
        if (height < 1 || validator == null || subject == null || firstDigest == null || secondDigest == null) {
            throw new IllegalArgumentException("equivocation evidence has a missing field");
        }
    }
}
