package io.astraclear.plugins.signer.ecdsa;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.protocol.Keccak256;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * secp256k1 ECDSA the way Ethereum uses it, on BouncyCastle's curve arithmetic. Signing follows
 * BouncyCastle's {@code ECDSASigner} step for step (RFC 6979 nonces from {@link HMacDSAKCalculator}
 * over SHA-256, {@code e} = the 32-byte hash), but keeps the nonce point R, so the recovery id
 * falls out of the signing itself instead of up to four trial recoveries afterwards.
 */
final class Secp256k1 {
    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256k1");
    private static final ECCurve CURVE = PARAMETERS.getCurve();
    private static final ECPoint G = PARAMETERS.getG();
    static final BigInteger N = PARAMETERS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final BigInteger P = CURVE.getField().getCharacteristic();
    private static final FixedPointCombMultiplier BASE_POINT_MULTIPLIER = new FixedPointCombMultiplier();

    /** r, s (low) and the recovery id: bit 0 = parity of R.y, bit 1 = R.x was at least n. */
    record RecoverableSignature(BigInteger r, BigInteger s, int recoveryId) {}

    private Secp256k1() {}

    static boolean isValidPrivateKey(BigInteger privateKey) {
        return privateKey.signum() > 0 && privateKey.compareTo(N) < 0;
    }

    static RecoverableSignature sign(BigInteger privateKey, byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("secp256k1 signs 32-byte hashes, got " + hash.length);
        }
        BigInteger e = new BigInteger(1, hash);
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(N, privateKey, hash);
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint nonce = BASE_POINT_MULTIPLIER.multiply(G, k).normalize();
            BigInteger x = nonce.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(N);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s = BigIntegers.modOddInverse(N, k).multiply(e.add(privateKey.multiply(r))).mod(N);
            if (s.signum() == 0) {
                continue;
            }
            boolean xOverflowed = x.compareTo(N) >= 0;
            if (xOverflowed) {
                // Probability about 2^-128. Ethereum's v (27/28) cannot express it and ecrecover
                // would reject it, so take the next RFC 6979 nonce, as for r = 0.
                continue;
            }
            int recoveryId = nonce.getAffineYCoord().testBitZero() ? 1 : 0;
            if (s.compareTo(HALF_N) > 0) {
                // (r, n − s) is the signature of the point −R, whose y has the other parity.
                s = N.subtract(s);
                recoveryId ^= 1;
            }
            return new RecoverableSignature(r, s, recoveryId);
        }
    }

    /**
     * The public key that made {@code (r, s)} over {@code hash} with R's recovery id
     * (SEC 1 v2, 4.1.6); empty when no such point exists.
     */
    static Optional<ECPoint> recover(byte[] hash, BigInteger r, BigInteger s, int recoveryId) {
        if (recoveryId < 0 || recoveryId > 3 || r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return Optional.empty();
        }
        BigInteger x = (recoveryId & 2) == 0 ? r : r.add(N);
        if (x.compareTo(P) >= 0) {
            return Optional.empty();
        }
        ECPoint nonce;
        try {
            byte[] compressed = new byte[33];
            compressed[0] = (byte) ((recoveryId & 1) == 0 ? 0x02 : 0x03);
            byte[] xBytes = BigIntegers.asUnsignedByteArray(32, x);
            System.arraycopy(xBytes, 0, compressed, 1, 32);
            nonce = CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException notOnCurve) {
            return Optional.empty();
        }
        // Q = r⁻¹ (s·R − e·G); the cofactor of secp256k1 is 1, so R needs no order check.
        BigInteger e = new BigInteger(1, hash);
        BigInteger rInverse = BigIntegers.modOddInverse(N, r);
        BigInteger generatorFactor = N.subtract(e.mod(N)).multiply(rInverse).mod(N);
        BigInteger nonceFactor = s.multiply(rInverse).mod(N);
        ECPoint publicKey = ECAlgorithms.sumOfTwoMultiplies(G, generatorFactor, nonce, nonceFactor).normalize();
        return publicKey.isInfinity() ? Optional.empty() : Optional.of(publicKey);
    }

    static ECPoint publicKey(BigInteger privateKey) {
        return BASE_POINT_MULTIPLIER.multiply(G, privateKey).normalize();
    }

    /** The last 20 bytes of keccak256 of the 64-byte uncompressed key (without the 0x04 tag). */
    static Address address(ECPoint publicKey) {
        byte[] uncompressed = publicKey.getEncoded(false);
        byte[] hash = Keccak256.hash(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
        return Address.fromBytes(Arrays.copyOfRange(hash, 12, 32));
    }
}
