package io.astraclear.node.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.Keccak256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one byte form of hub state that the app hash is computed over: fixed-width big-endian
 * numbers, length-prefixed variable values, a presence byte before optional values, a count before
 * lists. Written only, never parsed: nothing reads these bytes back, they are hashed.
 */
final class CanonicalWriter {
    private final ByteArrayOutputStream out;

    CanonicalWriter(int expectedBytes) {
        out = new ByteArrayOutputStream(expectedBytes);
    }

    CanonicalWriter tag(String name) {
        return string(name);
    }

    CanonicalWriter u64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    CanonicalWriter bool(boolean value) {
        out.write(value ? 1 : 0);
        return this;
    }

    CanonicalWriter instant(Instant time) {
        return u64(time.getEpochSecond()).u64(time.getNano());
    }

    CanonicalWriter raw(byte[] bytes) {
        u64(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    CanonicalWriter bytes(Bytes bytes) {
        return raw(bytes.unsafeArray());
    }

    CanonicalWriter bytes32(Bytes32 value) {
        out.writeBytes(value.toByteArray());
        return this;
    }

    CanonicalWriter address(Address address) {
        out.writeBytes(address.toByteArray());
        return this;
    }

    CanonicalWriter signature(Signature signature) {
        out.writeBytes(signature.toByteArray());
        return this;
    }

    CanonicalWriter bank(BankId bank) {
        return string(bank.value());
    }

    CanonicalWriter amount(Amount amount) {
        return unsigned(amount.value());
    }

    CanonicalWriter unsigned(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("canonical numbers are unsigned: " + value);
        }
        return raw(value.toByteArray());
    }

    CanonicalWriter string(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A presence byte; the caller writes the value after it when {@code present}. */
    boolean present(boolean present) {
        bool(present);
        return present;
    }

    CanonicalWriter count(int size) {
        return u64(size);
    }

    int size() {
        return out.size();
    }

    Bytes32 keccak() {
        return new Bytes32(Keccak256.hash(out.toByteArray()));
    }
}
