package io.astraclear.benchmarks;

import io.astraclear.plugins.signer.ecdsa.EcdsaSignerProvider;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * One validator signature (with the Ethereum prefix and recovery id) and one recovery, ours against
 * web3j's {@code Sign.signPrefixedMessage} and a bare BouncyCastle ECDSA signature without any
 * recovery id, the floor the signer should approach. Digests cycle through a fixed random set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {
    private static final int DIGESTS = 1024;
    private static final String KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private EcdsaSignerProvider provider;
    private Signer signer;
    private ECKeyPair web3jKeyPair;
    private ECDomainParameters curve;
    private ECPrivateKeyParameters bouncyCastleKey;
    private Bytes32[] digests;
    private byte[][] digestBytes;
    private byte[][] ethSignedHashes;
    private Signature[] signatures;
    private int next;

    @Setup
    public void setUp() {
        provider = new EcdsaSignerProvider();
        signer = provider.create(SignerSettings.devRawKey(KEY));
        web3jKeyPair = ECKeyPair.create(new BigInteger(KEY, 16));
        var parameters = CustomNamedCurves.getByName("secp256k1");
        curve = new ECDomainParameters(parameters.getCurve(), parameters.getG(), parameters.getN(), parameters.getH());
        bouncyCastleKey = new ECPrivateKeyParameters(new BigInteger(KEY, 16), curve);
        Random random = new Random(2024L);
        digests = new Bytes32[DIGESTS];
        digestBytes = new byte[DIGESTS][];
        ethSignedHashes = new byte[DIGESTS][];
        signatures = new Signature[DIGESTS];
        for (int i = 0; i < DIGESTS; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            digests[i] = new Bytes32(bytes);
            digestBytes[i] = bytes;
            ethSignedHashes[i] = ProtocolDigests.ethSignedMessageHash(digests[i]).toByteArray();
            signatures[i] = signer.sign(digests[i]);
        }
    }

    private int nextIndex() {
        next = (next + 1) & (DIGESTS - 1);
        return next;
    }

    @Benchmark
    public Signature astraSign() {
        return signer.sign(digests[nextIndex()]);
    }

    @Benchmark
    public Optional<Address> astraRecover() {
        int i = nextIndex();
        return provider.recover(digests[i], signatures[i]);
    }

    @Benchmark
    public Sign.SignatureData web3jSignPrefixedMessage() {
        return Sign.signPrefixedMessage(digestBytes[nextIndex()], web3jKeyPair);
    }

    /** RFC 6979 ECDSA over the already prefixed hash: no prefix hashing, no low-s, no recovery id. */
    @Benchmark
    public BigInteger[] bouncyCastleRawSignature() {
        ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        ecdsa.init(true, bouncyCastleKey);
        return ecdsa.generateSignature(ethSignedHashes[nextIndex()]);
    }
}
