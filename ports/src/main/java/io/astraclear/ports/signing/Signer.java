package io.astraclear.ports.signing;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;

/**
 * A validator's key. {@link #sign} signs a protocol digest as Ethereum expects: over
 * {@code keccak256("\x19Ethereum Signed Message:\n32" || digest)}, 65 bytes {@code r || s || v},
 * low-s, deterministic (RFC 6979). Implementations never reveal the key in {@code toString},
 * logs or exceptions. Thread-safe.
 */
public interface Signer {
    Address address();

    Signature sign(Bytes32 digest);
}
