package io.astraclear.node.hub.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import java.math.BigInteger;

/**
 * The wire form of each domain value, both ways: fixed-size byte strings, minimal big-endian
 * uint256, unsigned integers that must fit Java's signed ones, bank ids. Decoding names the field
 * it refuses; encoding refuses only what decoding would refuse, so that everything encoded decodes.
 */
final class WireValues {
    static final int ADDRESS_BYTES = 20;
    static final int HASH_BYTES = 32;
    static final int SIGNATURE_BYTES = 65;
    static final int UINT256_MAX_BYTES = 32;

    private WireValues() {}

    // -- encoding. The arrays are fresh copies (toByteArray), so wrapping them without a copy is safe.

    static ByteString address(Address address) {
        return UnsafeByteOperations.unsafeWrap(address.toByteArray());
    }

    static ByteString hash(Bytes32 value) {
        return UnsafeByteOperations.unsafeWrap(value.toByteArray());
    }

    static ByteString signature(Signature signature) {
        return UnsafeByteOperations.unsafeWrap(signature.toByteArray());
    }

    static ByteString uint256(Amount amount) {
        return uint256(amount.value());
    }

    /** Big-endian without a leading zero byte; zero is empty. */
    static ByteString uint256(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        if (value.signum() == 0) {
            return ByteString.EMPTY;
        }
        byte[] twosComplement = value.toByteArray();
        int signByte = twosComplement[0] == 0 ? 1 : 0;
        return UnsafeByteOperations.unsafeWrap(twosComplement, signByte, twosComplement.length - signByte);
    }

    // -- decoding

    static Address address(ByteString bytes, String field) throws MalformedTransactionException {
        return Address.fromBytes(exactly(bytes, ADDRESS_BYTES, field));
    }

    static Bytes32 hash(ByteString bytes, String field) throws MalformedTransactionException {
        return new Bytes32(exactly(bytes, HASH_BYTES, field));
    }

    static Signature signature(ByteString bytes, String field) throws MalformedTransactionException {
        byte[] raw = exactly(bytes, SIGNATURE_BYTES, field);
        try {
            return Signature.fromBytes(raw);
        } catch (IllegalArgumentException e) {
            throw new MalformedTransactionException(field, e.getMessage());
        }
    }

    static Amount amount(ByteString bytes, String field) throws MalformedTransactionException {
        return new Amount(uint256(bytes, field));
    }

    static BigInteger uint256(ByteString bytes, String field) throws MalformedTransactionException {
        int length = bytes.size();
        if (length == 0) {
            return BigInteger.ZERO;
        }
        if (length > UINT256_MAX_BYTES) {
            throw new MalformedTransactionException(field, "a uint256 is at most " + UINT256_MAX_BYTES + " bytes, got " + length);
        }
        if (bytes.byteAt(0) == 0) {
            throw new MalformedTransactionException(field, "a uint256 is written without leading zero bytes (zero as no bytes at all)");
        }
        return new BigInteger(1, bytes.toByteArray());
    }

    /** A uint64 field that must fit a Java long (every such value of the protocol does). */
    static long uint64(long value, String field) throws MalformedTransactionException {
        if (value < 0) {
            throw new MalformedTransactionException(field, Long.toUnsignedString(value) + " is above " + Long.MAX_VALUE);
        }
        return value;
    }

    /** A uint32 field that must fit a Java int. */
    static int uint32(int value, String field) throws MalformedTransactionException {
        if (value < 0) {
            throw new MalformedTransactionException(field, Integer.toUnsignedString(value) + " is above " + Integer.MAX_VALUE);
        }
        return value;
    }

    static BankId bankId(String value, String field) throws MalformedTransactionException {
        try {
            return new BankId(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedTransactionException(field, e.getMessage());
        }
    }

    private static byte[] exactly(ByteString bytes, int length, String field) throws MalformedTransactionException {
        if (bytes.size() != length) {
            throw new MalformedTransactionException(field, "must be " + length + " bytes, got " + bytes.size());
        }
        return bytes.toByteArray();
    }
}
