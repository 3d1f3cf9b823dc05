package io.astraclear.ports.state;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;

/** A validator attested the observation with {@code digest} in the block at {@code height}. */
public record Attestation(Address validator, Bytes32 digest, long height) {
    public Attestation {
        if (validator == null || digest == null || height < 1) {
            throw new IllegalArgumentException("attestation needs a validator, a digest and a height >= 1");
        }
    }
}
