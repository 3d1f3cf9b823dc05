package io.astraclear.ports.protocol;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), from
 * BouncyCastle. Kept behind this one method so that protocol code names no library type; tests
 * cross-check it against web3j's implementation.
 */
public final class Keccak256 {
    private Keccak256() {}

    public static byte[] hash(byte[] input) {
        return hash(input, 0, input.length);
    }

    public static byte[] hash(byte[] input, int offset, int length) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, offset, length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** A hash over input given in parts, for inputs too large to gather in one array first. */
    public static Hasher hasher() {
        return new Hasher();
    }

    /** Keccak-256 fed piece by piece; {@link #digest()} ends it. Not thread-safe. */
    public static final class Hasher {
        private final KeccakDigest digest = new KeccakDigest(256);

        private Hasher() {}

        public Hasher update(byte[] input, int offset, int length) {
            digest.update(input, offset, length);
            return this;
        }

        public byte[] digest() {
            byte[] out = new byte[32];
            digest.doFinal(out, 0);
            return out;
        }
    }
}
