package io.astraclear.node.hub;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.SignedTransaction;
import java.util.Optional;

/**
 * One transaction of a block after decoding: its hash, and either the signed transaction (with
 * whether its signature recovers to its sender) or why its bytes are refused.
 */
record DecodedTransaction(Bytes32 hash, Optional<SignedTransaction> transaction, boolean signatureValid, Optional<Refusal> malformed) {
    static DecodedTransaction malformed(Bytes32 hash, Refusal refusal) {
        return new DecodedTransaction(hash, Optional.empty(), false, Optional.of(refusal));
    }

    static DecodedTransaction decoded(Bytes32 hash, SignedTransaction transaction, boolean signatureValid) {
        return new DecodedTransaction(hash, Optional.of(transaction), signatureValid, Optional.empty());
    }
}
