package io.astraclear.ports.protocol;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.Bytes32;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * The few ABI encodings the protocol digests need: static words for {@code abi.encode}, raw bytes
 * for {@code encodePacked}. A builder: append words, then {@link #keccak()}.
 */
public final class Abi {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(160);

    public Abi uint256(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        byte[] raw = value.toByteArray();
        byte[] word = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, word, 32 - length, length);
        out.writeBytes(word);
        return this;
    }

    public Abi uint256(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        byte[] word = new byte[32];
        for (int i = 0; i < 8; i++) {
            word[31 - i] = (byte) (value >>> (8 * i));
        }
        out.writeBytes(word);
        return this;
    }

    public Abi uint256(Amount amount) {
        return uint256(amount.value());
    }

    /** An address as a 32-byte word (abi.encode). */
    public Abi addressWord(Address address) {
        out.writeBytes(new byte[12]);
        out.writeBytes(address.toByteArray());
        return this;
    }

    /** An address as its 20 bytes (abi.encodePacked). */
    public Abi addressPacked(Address address) {
        out.writeBytes(address.toByteArray());
        return this;
    }

    public Abi bytes32(Bytes32 word) {
        out.writeBytes(word.toByteArray());
        return this;
    }

    public Bytes32 keccak() {
        return new Bytes32(Keccak256.hash(out.toByteArray()));
    }
}
