package io.astraclear.ports.domain;

import java.util.Arrays;

/**
 * A 20-byte Ethereum address. Held as bytes; its text form is 0x-prefixed lower-case hex
 * ({@link #value()}), made once when first asked for. Ordered numerically (unsigned bytes), as the
 * Executor requires signers to be strictly ascending.
 */
public final class Address implements Comparable<Address> {
    public static final Address ZERO = new Address(new byte[20], true);

    private final byte[] bytes;
    private String hex;

    /** Parses 0x-prefixed (or bare) hex of exactly 20 bytes. */
    public Address(String value) {
        this.bytes = Hex.decode(value, 20, "address");
    }

    private Address(byte[] bytes, boolean owned) {
        this.bytes = owned ? bytes : bytes.clone();
    }

    public static Address of(String hex) {
        return new Address(hex);
    }

    public static Address fromBytes(byte[] twentyBytes) {
        if (twentyBytes == null || twentyBytes.length != 20) {
            throw new IllegalArgumentException("address must be 20 bytes, got " + (twentyBytes == null ? "null" : twentyBytes.length));
        }
        return new Address(twentyBytes, false);
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

    /** Copies the 20 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, 20);
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Address that && Arrays.equals(bytes, that.bytes);
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
