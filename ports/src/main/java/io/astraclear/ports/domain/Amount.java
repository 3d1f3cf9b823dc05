package io.astraclear.ports.domain;

import java.math.BigInteger;

/** A token amount in base units: a uint256, {@code 0 <= value < 2^256}. Decimal strings in JSON. */
public record Amount(BigInteger value) implements Comparable<Amount> {
    public static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    public static final Amount ZERO = new Amount(BigInteger.ZERO);

    public Amount {
        if (value == null) {
            throw new IllegalArgumentException("amount is missing");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + value);
        }
        if (value.compareTo(MAX_UINT256) > 0) {
            throw new IllegalArgumentException("amount exceeds uint256: " + Hex.abbreviate(value.toString()));
        }
    }

    public static Amount of(long value) {
        return new Amount(BigInteger.valueOf(value));
    }

    /** Parses a decimal string of base units, e.g. {@code "100"}; no sign, no exponent, no fraction. */
    public static Amount parse(String decimal) {
        if (decimal == null || decimal.isEmpty() || decimal.length() > 78 || !decimal.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(
                    "amount must be a decimal string of base units (digits only, at most 78): "
                            + (decimal == null ? "null" : Hex.abbreviate(decimal)));
        }
        return new Amount(new BigInteger(decimal));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    public Amount plus(Amount other) {
        return new Amount(value.add(other.value));
    }

    /** @throws IllegalArgumentException when the result would be negative */
    public Amount minus(Amount other) {
        return new Amount(value.subtract(other.value));
    }

    public Amount min(Amount other) {
        return compareTo(other) <= 0 ? this : other;
    }

    @Override
    public int compareTo(Amount other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
