package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads what {@link ImageWriter} wrote. Bytes that do not parse (cut short, a count larger than
 * what is left) fail with {@link IllegalStateException}: the database holds something this code
 * did not write.
 */
final class ImageReader {
    private final byte[] bytes;
    private int position;

    ImageReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Fails unless every byte was read: trailing bytes mean the format is not the one expected. */
    void end() {
        if (position != bytes.length) {
            throw corrupt((bytes.length - position) + " bytes left over");
        }
    }

    int code() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    boolean bool() {
        int value = code();
        if (value > 1) {
            throw corrupt("a flag of " + value);
        }
        return value == 1;
    }

    long number() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1);
            byte next = bytes[position++];
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
        throw corrupt("a number longer than ten bytes");
    }

    int smallNumber() {
        long value = number();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw corrupt("a count or index of " + value);
        }
        return (int) value;
    }

    /** A count of elements of at least {@code minimumBytes} each: never more than the bytes left can hold. */
    int count(int minimumBytes) {
        int count = smallNumber();
        if ((long) count * Math.max(1, minimumBytes) > bytes.length - position) {
            throw corrupt("a count of " + count + " with " + (bytes.length - position) + " bytes left");
        }
        return count;
    }

    byte[] raw(int length) {
        require(length);
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    byte[] bytes() {
        return raw(count(1));
    }

    Bytes32 bytes32() {
        return new Bytes32(raw(32));
    }

    Address address() {
        return Address.fromBytes(raw(20));
    }

    BankId bank() {
        int length = count(1);
        require(length);
        String value = new String(bytes, position, length, StandardCharsets.US_ASCII);
        position += length;
        return new BankId(value);
    }

    BigInteger integer() {
        byte[] value = bytes();
        if (value.length == 0) {
            throw corrupt("an integer without bytes");
        }
        return new BigInteger(value);
    }

    Amount amount() {
        return new Amount(integer());
    }

    Instant instant() {
        long seconds = number();
        long nanos = number();
        if (nanos < 0 || nanos > 999_999_999) {
            throw corrupt("nanoseconds of " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    String text() {
        int length = count(1);
        require(length);
        String value = ExactText.decode(bytes, position, length);
        position += length;
        return value;
    }

    <T> List<T> list(int minimumBytesEach, Supplier<T> element) {
        int count = count(minimumBytesEach);
        List<T> items = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            items.add(element.get());
        }
        return items;
    }

    private void require(int length) {
        if (length < 0 || length > bytes.length - position) {
            throw corrupt("cut short");
        }
    }

    private static IllegalStateException corrupt(String what) {
        return new IllegalStateException("a stored image is corrupt (" + what + "): the database holds bytes this code did not write");
    }
}
