package io.astraclear.node.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.Keccak256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one byte form of hub state that the app hash is computed over: fixed-width big-endian
 * numbers, length-prefixed variable values, a presence byte before optional values, a count before
 * lists. Written only, never parsed: the bytes go straight into Keccak-256 through a small buffer,
 * so a large block is hashed without being gathered in memory first.
 */
final class CanonicalWriter {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Keccak256.Hasher hasher = Keccak256.hasher();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private long written;

    CanonicalWriter() {}

    private void room(int bytes) {
        if (used + bytes > BUFFER_BYTES) {
            hasher.update(buffer, 0, used);
            written += used;
            used = 0;
        }
    }

    private void put(byte[] bytes) {
        if (bytes.length > BUFFER_BYTES) {
            room(BUFFER_BYTES);
            hasher.update(bytes, 0, bytes.length);
            written += bytes.length;
            return;
        }
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    CanonicalWriter tag(String name) {
        return string(name);
    }

    CanonicalWriter u64(long value) {
        room(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[used++] = (byte) (value >>> shift);
        }
        return this;
    }

    CanonicalWriter bool(boolean value) {
        room(1);
        buffer[used++] = (byte) (value ? 1 : 0);
        return this;
    }

    CanonicalWriter instant(Instant time) {
        return u64(time.getEpochSecond()).u64(time.getNano());
    }

    CanonicalWriter raw(byte[] bytes) {
        u64(bytes.length);
        put(bytes);
        return this;
    }

    CanonicalWriter bytes(Bytes bytes) {
        return raw(bytes.unsafeArray());
    }

    CanonicalWriter bytes32(Bytes32 value) {
        room(32);
        value.copyTo(buffer, used);
        used += 32;
        return this;
    }

    CanonicalWriter address(Address address) {
        room(20);
        address.copyTo(buffer, used);
        used += 20;
        return this;
    }

    CanonicalWriter signature(Signature signature) {
        put(signature.toByteArray());
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

    /** Bytes written so far. */
    long size() {
        return written + used;
    }

    Bytes32 keccak() {
        hasher.update(buffer, 0, used);
        written += used;
        used = 0;
        return new Bytes32(hasher.digest());
    }
}
