package io.astraclear.ports.state;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;

/**
 * A transfer reached threshold at {@code height}: the observation with {@code digest} was attested
 * identically by enough active validators, the ISSUE with journal sequence {@code journalSequence}
 * was written, and {@code command} is the mint it calls for.
 */
public record Confirmation(long height, Bytes32 digest, MintCommand command, long journalSequence) {
    public Confirmation {
        if (height < 1 || digest == null || command == null || journalSequence < 1) {
            throw new IllegalArgumentException("confirmation needs a height, a digest, a command and a journal sequence");
        }
    }
}
