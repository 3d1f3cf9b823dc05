package io.astraclear.ports.domain;

import java.util.Arrays;

/**
 * An immutable byte string compared by content: a hub transaction as it travels and as it is
 * signed, a payload, a revert's data. {@link #toString()} is abbreviated hex.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /** Takes {@code bytes} without copying: the caller hands them over and never changes them again. */
    public static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    public static Bytes fromHex(String hex) {
        return new Bytes(Hex.decode(hex, -1, "bytes"));
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes themselves, for reading only (hashing, encoding); never change them. */
    public byte[] unsafeArray() {
        return bytes;
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Hex.abbreviate(toHex()) + " (" + bytes.length + " bytes)";
    }
}
