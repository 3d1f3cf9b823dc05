package io.astraclear.contracts.testing;

import io.astraclear.contracts.devnet.DevValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signatures over protocol digests, made with web3j ({@code Sign.signPrefixedMessage}), an
 * implementation independent of the node's signer plugin, plus the forgeries the Executor must
 * reject. Signatures are 65 bytes {@code r || s || v}, {@code v} 27 or 28.
 */
public final class TestSignatures {
    /** secp256k1 group order n. */
    public static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();
    /** secp256k1 field prime p. */
    private static final BigInteger FIELD_PRIME = Sign.CURVE_PARAMS.getCurve().getField().getCharacteristic();

    private TestSignatures() {}

    /** What a validator does: sign {@code keccak256("\x19Ethereum Signed Message:\n32" || digest)}; web3j makes s low. */
    public static byte[] sign(Bytes32 digest, ECKeyPair key) {
        return DevValidators.sign(digest, key);
    }

    /**
     * A second valid low-s signature by the same key over the same digest: RFC 6979 nonces derived
     * with HMAC-SHA512 instead of web3j's HMAC-SHA256, so r differs, deterministically.
     */
    public static byte[] signWithOtherNonce(Bytes32 digest, ECKeyPair key) {
        byte[] messageHash = ProtocolDigests.ethSignedMessageHash(digest).toByteArray();
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA512Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.getPrivateKey(), curveDomain()));
        BigInteger[] rs = signer.generateSignature(messageHash);
        ECDSASignature signature = new ECDSASignature(rs[0], rs[1]).toCanonicalised();
        for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
            BigInteger recovered = Sign.recoverFromSignature(recoveryId, signature, messageHash);
            if (key.getPublicKey().equals(recovered)) {
                return concat(signature.r, signature.s, 27 + recoveryId);
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signer's key");
    }

    /** The malleable twin {@code (r, n - s, v flipped)}: recovers to the same signer, with s in the upper half. */
    public static byte[] highSTwin(byte[] signature) {
        BigInteger s = s(signature);
        int v = signature[64] & 0xff;
        return concat(r(signature), CURVE_ORDER.subtract(s), v == 27 ? 28 : 27);
    }

    /** The signer ecrecover yields for this digest, as the Executor computes it. */
    public static Address recoverSigner(Bytes32 digest, byte[] signature) {
        try {
            Sign.SignatureData data = new Sign.SignatureData(signature[64],
                    Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64));
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(digest.toByteArray(), data);
            return Address.of("0x" + Keys.getAddress(publicKey));
        } catch (SignatureException e) {
            throw new IllegalArgumentException("signature does not recover", e);
        }
    }

    /** Ordered by the signer the Executor will recover for {@code digest}: what a relayer must send. */
    public static List<byte[]> sortedBySigner(Bytes32 digest, List<byte[]> signatures) {
        return signatures.stream().sorted(Comparator.comparing(signature -> recoverSigner(digest, signature))).toList();
    }

    /** The smallest x above {@code from} that is no point's x-coordinate: ecrecover cannot recover from it. */
    public static BigInteger xNotOnCurve(BigInteger from) {
        BigInteger x = from;
        BigInteger legendreExponent = FIELD_PRIME.subtract(BigInteger.ONE).shiftRight(1);
        while (true) {
            BigInteger ySquared = x.pow(3).add(BigInteger.valueOf(7)).mod(FIELD_PRIME);
            if (ySquared.modPow(legendreExponent, FIELD_PRIME).equals(FIELD_PRIME.subtract(BigInteger.ONE))) {
                return x; // Euler's criterion: x^3 + 7 is a non-residue, so there is no y
            }
            x = x.add(BigInteger.ONE);
        }
    }

    public static byte[] concat(BigInteger r, BigInteger s, int v) {
        byte[] out = new byte[65];
        System.arraycopy(Numeric.toBytesPadded(r, 32), 0, out, 0, 32);
        System.arraycopy(Numeric.toBytesPadded(s, 32), 0, out, 32, 32);
        out[64] = (byte) v;
        return out;
    }

    public static BigInteger r(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    }

    public static BigInteger s(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    }

    private static org.bouncycastle.crypto.params.ECDomainParameters curveDomain() {
        return new org.bouncycastle.crypto.params.ECDomainParameters(
                Sign.CURVE_PARAMS.getCurve(), Sign.CURVE_PARAMS.getG(), Sign.CURVE_PARAMS.getN(), Sign.CURVE_PARAMS.getH());
    }
}
