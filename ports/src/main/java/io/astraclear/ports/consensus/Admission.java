package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubRejection;

/**
 * What became of a transaction offered to the hub: admitted to the engine's pool (it will be in a
 * block, where it is judged again), or refused with the reason, changing nothing.
 */
public sealed interface Admission {
    Bytes32 transactionHash();

    record Admitted(Bytes32 transactionHash) implements Admission {}

    record Refused(Bytes32 transactionHash, HubRejection code, String reason) implements Admission {
        public Refused {
            if (code == null || reason == null) {
                throw new IllegalArgumentException("a refusal needs a code and a reason");
            }
        }
    }
}
