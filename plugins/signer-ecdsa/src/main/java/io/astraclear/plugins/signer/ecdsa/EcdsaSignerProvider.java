package io.astraclear.plugins.signer.ecdsa;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerProvider;
import io.astraclear.ports.signing.SignerSettings;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * secp256k1 signer on BouncyCastle: RFC 6979 nonces, low-s, recovery id from the signing itself.
 * Keys come from Ethereum V3 keystores (scrypt or pbkdf2, aes-128-ctr) or, in dev mode only, a raw
 * hex key. Works on every JVM; no native code.
 */
@Extension
public final class EcdsaSignerProvider implements SignerProvider {
    public static final String ID = "secp256k1-bouncycastle";
    /** Version of the signing behaviour, not of the jar. */
    static final String VERSION = "1.0.0";

    private final KeyLoader keyLoader;

    public EcdsaSignerProvider() {
        this(new KeyLoader(System::getenv));
    }

    EcdsaSignerProvider(KeyLoader keyLoader) {
        this.keyLoader = keyLoader;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Signer create(SignerSettings settings) {
        return new EcdsaSigner(keyLoader.load(settings));
    }

    @Override
    public Optional<Address> recover(Bytes32 digest, Signature signature) {
        byte[] bytes = signature.toByteArray();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        int recoveryId = (bytes[64] & 0xff) - 27;
        byte[] hash = ProtocolDigests.ethSignedMessageHash(digest).toByteArray();
        return Secp256k1.recover(hash, r, s, recoveryId).map(Secp256k1::address);
    }

    @Override
    public String toString() {
        return "EcdsaSignerProvider[" + ID + " " + VERSION + "]";
    }
}
