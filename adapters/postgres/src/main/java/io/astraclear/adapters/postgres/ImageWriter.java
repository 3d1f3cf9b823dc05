package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Writes the primitives of the stored image format (read back by {@link ImageReader}): unsigned
 * LEB128 variable-length integers for every count, height and number (any {@code long} round-trips;
 * small ones take one byte), raw bytes for hashes (32) and addresses (20), length-prefixed bytes
 * for the rest.
 */
final class ImageWriter {
    private byte[] bytes;
    private int length;

    ImageWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    ImageWriter code(int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("a code is one byte, got " + value);
        }
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    ImageWriter bool(boolean value) {
        return code(value ? 1 : 0);
    }

    /** Any long: negative ones take ten bytes. */
    ImageWriter number(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[length++] = (byte) rest;
        return this;
    }

    ImageWriter count(Collection<?> items) {
        return number(items.size());
    }

    ImageWriter raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        return this;
    }

    ImageWriter bytes(byte[] value) {
        return number(value.length).raw(value);
    }

    ImageWriter bytes32(Bytes32 value) {
        return raw(value.toByteArray());
    }

    ImageWriter address(Address value) {
        return raw(value.toByteArray());
    }

    ImageWriter bank(BankId bank) {
        return bytes(bank.value().getBytes(StandardCharsets.US_ASCII));
    }

    /** Two's complement, as {@link BigInteger#toByteArray()}: any integer, amounts up to 2^256 - 1 in 33 bytes. */
    ImageWriter integer(BigInteger value) {
        return bytes(value.toByteArray());
    }

    ImageWriter amount(Amount amount) {
        return integer(amount.value());
    }

    /** Seconds and nanoseconds: every instant, exactly. */
    ImageWriter instant(Instant instant) {
        return number(instant.getEpochSecond()).number(instant.getNano());
    }

    ImageWriter text(String text) {
        return bytes(ExactText.encode(text));
    }

    <T> ImageWriter list(Collection<T> items, Consumer<T> element) {
        count(items);
        items.forEach(element);
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
