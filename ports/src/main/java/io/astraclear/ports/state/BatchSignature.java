package io.astraclear.ports.state;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Signature;

/** A validator's signature over a batch's digest, as its {@code SignBatch} brought it (verified to recover to it). */
public record BatchSignature(Address validator, Signature signature, long height) {
    public BatchSignature {
        if (validator == null || signature == null || height < 1) {
            throw new IllegalArgumentException("batch signature needs a validator, a signature and a height");
        }
    }
}
