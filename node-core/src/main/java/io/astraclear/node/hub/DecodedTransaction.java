package io.astraclear.node.hub;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.SignedTransaction;
import java.util.List;
import java.util.Optional;

/**
 * One transaction after the work that depends on its bytes and the genesis alone — decoding, the
 * signature, every observation's digest and the checks of observations against the genesis — done
 * once, on any thread ({@link HubStateMachine#precheck}). Either the signed transaction with those
 * results, or why its bytes are refused.
 *
 * @param observationDigests for an Attest, each observation's digest in order; empty otherwise
 * @param invalid a refusal that no state can change (an observation that cannot be true of the bank it names)
 */
public record DecodedTransaction(Bytes32 hash, Optional<SignedTransaction> transaction, boolean signatureValid, List<Bytes32> observationDigests,
        Optional<Refusal> invalid) {
    static DecodedTransaction malformed(Bytes32 hash, Refusal refusal) {
        return new DecodedTransaction(hash, Optional.empty(), false, List.of(), Optional.of(refusal));
    }
}
