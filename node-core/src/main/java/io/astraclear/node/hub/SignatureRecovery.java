package io.astraclear.node.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import java.util.Optional;

/**
 * Who signed: the address whose key made {@code signature} over {@code digest} as an Ethereum
 * signed message, or empty when the signature does not recover to a point. Pure; the signer
 * plugin's {@code SignerProvider::recover} is one.
 */
@FunctionalInterface
public interface SignatureRecovery {
    Optional<Address> recover(Bytes32 digest, Signature signature);
}
