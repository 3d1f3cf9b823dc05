package io.astraclear.ports.domain;

/** A 20-byte Ethereum address, held as 0x-prefixed lower-case hex. */
public record Address(String value) implements Comparable<Address> {
    public static final Address ZERO = new Address("0x0000000000000000000000000000000000000000");

    public Address {
        value = Hex.encode(Hex.decode(value, 20, "address"));
    }

    public static Address of(String hex) {
        return new Address(hex);
    }

    public static Address fromBytes(byte[] twentyBytes) {
        if (twentyBytes.length != 20) {
            throw new IllegalArgumentException("address must be 20 bytes, got " + twentyBytes.length);
        }
        return new Address(Hex.encode(twentyBytes));
    }

    public byte[] toByteArray() {
        return Hex.decode(value, 20, "address");
    }

    /** Numeric order of the address, as the Executor requires signers to be strictly ascending. */
    @Override
    public int compareTo(Address other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
