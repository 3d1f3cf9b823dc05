package io.astraclear.plugins.signer.ecdsa;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import java.math.BigInteger;
import org.bouncycastle.util.BigIntegers;

/** A validator key in memory. Immutable and thread-safe; never shows the key. */
final class EcdsaSigner implements Signer {
    private final BigInteger privateKey;
    private final Address address;

    EcdsaSigner(BigInteger privateKey) {
        if (!Secp256k1.isValidPrivateKey(privateKey)) {
            throw new IllegalArgumentException("private key is not a valid secp256k1 scalar (must be in [1, n−1])");
        }
        this.privateKey = privateKey;
        this.address = Secp256k1.address(Secp256k1.publicKey(privateKey));
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public Signature sign(Bytes32 digest) {
        byte[] hash = ProtocolDigests.ethSignedMessageHash(digest).toByteArray();
        Secp256k1.RecoverableSignature signature = Secp256k1.sign(privateKey, hash);
        byte[] encoded = new byte[65];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, signature.r()), 0, encoded, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, signature.s()), 0, encoded, 32, 32);
        encoded[64] = (byte) (27 + signature.recoveryId());
        return Signature.fromBytes(encoded);
    }

    @Override
    public String toString() {
        return "EcdsaSigner[secp256k1, address=" + address + "]";
    }
}
