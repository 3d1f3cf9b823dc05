package io.astraclear.ports.domain;

import java.util.Arrays;

/**
 * Exactly 32 bytes: hashes, ids and digests. Held as bytes; its text form is 0x-prefixed
 * lower-case hex ({@link #value()}), made once when first asked for. Ordered as unsigned bytes,
 * which is the order of the hex text.
 */
public final class Bytes32 implements Comparable<Bytes32> {
    /** 32 zero bytes. */
    public static final Bytes32 ZERO = new Bytes32(new byte[32]);

    private final byte[] bytes;
    private String hex;

    /** Parses 0x-prefixed (or bare) hex of exactly 32 bytes. */
    public Bytes32(String value) {
        this.bytes = Hex.decode(value, 32, "32-byte value");
    }

    public Bytes32(byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("32-byte value must be 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        this.bytes = bytes.clone();
    }

    public static Bytes32 of(String hex) {
        return new Bytes32(hex);
    }

    /** The 0x-prefixed lower-case hex form. */
    public String value() {
        String text = hex;
        if (text == null) {
            text = Hex.encode(bytes);
            hex = text;
        }
        return text;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, 32);
    }

    @Override
    public int compareTo(Bytes32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return value();
    }
}
