package io.astraclear.ports.domain;

import java.util.Arrays;

/** Exactly 32 bytes: hashes, ids and digests. Held as 0x-prefixed lower-case hex. */
public record Bytes32(String value) implements Comparable<Bytes32> {
    /** 32 zero bytes. */
    public static final Bytes32 ZERO = new Bytes32(new byte[32]);

    public Bytes32 {
        value = Hex.encode(Hex.decode(value, 32, "32-byte value"));
    }

    public Bytes32(byte[] bytes) {
        this(Hex.encode(requireLength(bytes)));
    }

    public static Bytes32 of(String hex) {
        return new Bytes32(hex);
    }

    private static byte[] requireLength(byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("32-byte value must be 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return Arrays.copyOf(bytes, 32);
    }

    public byte[] toByteArray() {
        return Hex.decode(value, 32, "32-byte value");
    }

    @Override
    public int compareTo(Bytes32 other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
