package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.Keccak256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** 32-byte words for the node's own digests (ledger state, netting rounds), hashed with keccak256 like the protocol's. */
final class Words {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    Words word(BigInteger value) {
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

    Words word(long value) {
        return word(BigInteger.valueOf(value));
    }

    Words word(Bytes32 value) {
        out.writeBytes(value.toByteArray());
        return this;
    }

    /** A text as the keccak256 of its UTF-8 bytes (a fixed-size stand-in for a string). */
    Words text(String value) {
        return word(new Bytes32(Keccak256.hash(value.getBytes(StandardCharsets.UTF_8))));
    }

    Bytes32 keccak() {
        return new Bytes32(Keccak256.hash(out.toByteArray()));
    }
}
