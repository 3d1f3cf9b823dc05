package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;

/**
 * A validator's vote: its signature over a mint command's digest. Keyed by (digest, validator);
 * two digests from one validator for one commandId are equivocation.
 */
public record Vote(MintCommand command, Bytes32 digest, Address validator, Signature signature) {
    public Vote {
        if (command == null || digest == null || validator == null || signature == null) {
            throw new IllegalArgumentException("vote has a missing field");
        }
        if (!digest.equals(command.digest())) {
            throw new IllegalArgumentException("vote digest does not match its command");
        }
    }

    public CommandId commandId() {
        return command.commandId();
    }
}
