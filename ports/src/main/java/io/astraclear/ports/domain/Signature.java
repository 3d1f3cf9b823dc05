package io.astraclear.ports.domain;

import java.math.BigInteger;

/**
 * A 65-byte secp256k1 signature {@code r || s || v} as Ethereum and the Executor expect it:
 * {@code v} is 27 or 28, {@code s} is in the lower half of the curve order (no malleable twin).
 */
public record Signature(String value) {
    /** secp256k1 group order n. */
    public static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    public static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

    public Signature {
        byte[] bytes = Hex.decode(value, 65, "signature");
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 32, 64));
        int v = bytes[64] & 0xff;
        if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0) {
            throw new IllegalArgumentException("signature r is out of range");
        }
        if (s.signum() == 0 || s.compareTo(HALF_CURVE_ORDER) > 0) {
            throw new IllegalArgumentException("signature s must be in the lower half of the curve order (low-s)");
        }
        if (v != 27 && v != 28) {
            throw new IllegalArgumentException("signature v must be 27 or 28, got " + v);
        }
        value = Hex.encode(bytes);
    }

    public static Signature of(String hex) {
        return new Signature(hex);
    }

    public static Signature fromBytes(byte[] sixtyFiveBytes) {
        return new Signature(Hex.encode(sixtyFiveBytes));
    }

    public byte[] toByteArray() {
        return Hex.decode(value, 65, "signature");
    }

    @Override
    public String toString() {
        return value;
    }
}
