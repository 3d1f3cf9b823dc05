package io.astraclear.ports.domain;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A consortium bank's identifier: {@code [A-Z0-9_]{1,16}}, e.g. {@code BANK_A}. On chain it is a
 * {@code bytes32}: the ASCII bytes right-padded with zeros.
 */
public record BankId(String value) implements Comparable<BankId> {
    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9_]{1,16}");

    public BankId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "bank id must match [A-Z0-9_]{1,16}, e.g. BANK_A: " + (value == null ? "null" : Hex.abbreviate(value)));
        }
    }

    public static BankId of(String value) {
        return new BankId(value);
    }

    /** The {@code bytes32} form used on chain. */
    public Bytes32 toBytes32() {
        byte[] out = new byte[32];
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, out, 0, ascii.length);
        return new Bytes32(out);
    }

    /** Reads the on-chain {@code bytes32} form; rejects anything that is not a valid, zero-padded id. */
    public static BankId fromBytes32(Bytes32 word) {
        byte[] bytes = word.toByteArray();
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        for (int i = length; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                throw new IllegalArgumentException("bank id bytes32 is not zero-padded: " + word);
            }
        }
        return new BankId(new String(bytes, 0, length, StandardCharsets.US_ASCII));
    }

    /** The IOU token of this bank, {@code cred-BANK_A}: what this bank owes its holder. */
    public String credToken() {
        return "cred-" + value;
    }

    @Override
    public int compareTo(BankId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
