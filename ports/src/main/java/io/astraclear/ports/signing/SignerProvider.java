package io.astraclear.ports.signing;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of signer plugins: creates {@link Signer}s from key material and recovers the
 * signer of a peer's signature, which the node needs to count votes. Selected by {@link #id()}
 * in the node's configuration.
 */
public interface SignerProvider extends ExtensionPoint {
    /** Stable id used in configuration, e.g. {@code secp256k1-bouncycastle}. */
    String id();

    String version();

    /**
     * Loads the key described by {@code settings}.
     *
     * @throws IllegalArgumentException with a message that names what is wrong (never the key)
     */
    Signer create(SignerSettings settings);

    /**
     * The address whose key made {@code signature} over {@code digest} (with the Ethereum
     * signed-message prefix applied, as {@link Signer#sign} does); empty when the signature does
     * not recover to a point.
     */
    Optional<Address> recover(Bytes32 digest, Signature signature);
}
