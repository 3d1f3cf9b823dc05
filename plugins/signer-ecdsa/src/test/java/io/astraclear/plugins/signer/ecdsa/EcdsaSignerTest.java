package io.astraclear.plugins.signer.ecdsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class EcdsaSignerTest {
    /** anvil's first dev account. */
    private static final String ANVIL_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final Address ANVIL_ADDRESS = Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final int RANDOM_CASES = 300;

    private final EcdsaSignerProvider provider = new EcdsaSignerProvider();

    @Test
    void derivesTheWellKnownAddressesOfWellKnownKeys() {
        assertThat(signer(ANVIL_KEY).address()).isEqualTo(ANVIL_ADDRESS);
        assertThat(signer("0x" + "0".repeat(63) + "1").address())
                .isEqualTo(Address.of("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"));
    }

    @Test
    void signsByteForByteLikeWeb3jSignPrefixedMessage() {
        Random random = new Random(6979L);
        for (int i = 0; i < RANDOM_CASES; i++) {
            BigInteger key = randomKey(random);
            Bytes32 digest = randomDigest(random);

            Signature ours = new EcdsaSigner(key).sign(digest);

            Sign.SignatureData theirs = Sign.signPrefixedMessage(digest.toByteArray(), ECKeyPair.create(key));
            assertThat(ours.toByteArray()).as("case %d", i).isEqualTo(web3jBytes(theirs));
        }
    }

    @Test
    void signaturesRecoverToTheSignersAddressWithWeb3j() throws Exception {
        Random random = new Random(42L);
        for (int i = 0; i < RANDOM_CASES; i++) {
            BigInteger key = randomKey(random);
            Bytes32 digest = randomDigest(random);
            EcdsaSigner signer = new EcdsaSigner(key);

            byte[] signature = signer.sign(digest).toByteArray();

            Sign.SignatureData data = new Sign.SignatureData(signature[64],
                    Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64));
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(digest.toByteArray(), data);
            assertThat(Address.of(Keys.getAddress(publicKey))).as("case %d", i).isEqualTo(signer.address());
        }
    }

    @Test
    void recoversTheSignerOfWeb3jSignatures() {
        Random random = new Random(1L);
        for (int i = 0; i < RANDOM_CASES; i++) {
            ECKeyPair keyPair = ECKeyPair.create(randomKey(random));
            Bytes32 digest = randomDigest(random);

            Signature theirs = Signature.fromBytes(web3jBytes(Sign.signPrefixedMessage(digest.toByteArray(), keyPair)));

            assertThat(provider.recover(digest, theirs)).as("case %d", i)
                    .contains(Address.of(Keys.getAddress(keyPair.getPublicKey())));
        }
    }

    @Test
    void normalisesToLowSAndUsesBothRecoveryIds() {
        Signer signer = signer(ANVIL_KEY);
        Set<Integer> recoveryIds = new HashSet<>();
        Random random = new Random(3L);
        for (int i = 0; i < 64; i++) {
            byte[] signature = signer.sign(randomDigest(random)).toByteArray();
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            assertThat(s).isLessThanOrEqualTo(Signature.HALF_CURVE_ORDER);
            recoveryIds.add(signature[64] & 0xff);
        }
        assertThat(recoveryIds).containsExactlyInAnyOrder(27, 28);
    }

    @Test
    void oneSignerSignsFromManyThreadsAtOnceAsItDoesFromOne() {
        Signer signer = signer(ANVIL_KEY);
        Random random = new Random(8L);
        List<Bytes32> digests = IntStream.range(0, 400).mapToObj(i -> randomDigest(random)).toList();

        List<Signature> sequential = digests.stream().map(signer::sign).toList();
        List<Signature> concurrent = digests.parallelStream().map(signer::sign).toList();

        assertThat(concurrent).isEqualTo(sequential);
    }

    @Test
    void isDeterministic() {
        Bytes32 digest = Bytes32.of("0x" + "ab".repeat(32));

        assertThat(signer(ANVIL_KEY).sign(digest)).isEqualTo(signer(ANVIL_KEY).sign(digest));
        assertThat(signer(ANVIL_KEY).sign(digest)).isNotEqualTo(signer(ANVIL_KEY).sign(Bytes32.of("0x" + "ac".repeat(32))));
    }

    @Test
    void aSignatureOverAnotherDigestRecoversToSomeoneElse() {
        Signer signer = signer(ANVIL_KEY);
        Signature signature = signer.sign(Bytes32.of("0x" + "01".repeat(32)));

        assertThat(provider.recover(Bytes32.of("0x" + "02".repeat(32)), signature))
                .isPresent()
                .get().isNotEqualTo(signer.address());
    }

    @Test
    void recoverGivesNothingWhenRIsNoPointOnTheCurve() {
        // x = 5 has no y on secp256k1 (5³ + 7 = 132 is not a square mod p)
        Signature offCurve = Signature.of("0x" + "00".repeat(31) + "05" + "00".repeat(31) + "01" + "1b");

        assertThat(provider.recover(Bytes32.of("0x" + "01".repeat(32)), offCurve)).isEmpty();
    }

    @Test
    void theKeyNeverShowsInToString() {
        Signer signer = signer(ANVIL_KEY);
        String keyDigits = ANVIL_KEY.substring(2);

        assertThat(signer.toString()).doesNotContain(keyDigits).contains(ANVIL_ADDRESS.value());
        assertThat(SignerSettings.devRawKey(ANVIL_KEY).toString()).doesNotContain(keyDigits);
        assertThat(provider.toString()).isEqualTo("EcdsaSignerProvider[secp256k1-bouncycastle 1.0.0]");
    }

    @Test
    void rejectsMalformedRawKeysWithoutEchoingThem() {
        String tooShort = "0x1234abcd";
        String notHex = "0x" + "zz".repeat(32);
        String zero = "0x" + "00".repeat(32);
        String order = "0x" + Secp256k1.N.toString(16);

        assertThatThrownBy(() -> signer(tooShort)).hasMessage("raw private key must be 32 bytes of hex (64 digits, optional 0x)");
        assertThatThrownBy(() -> signer(notHex)).hasMessageNotContaining("zz");
        assertThatThrownBy(() -> signer(zero)).hasMessageContaining("not a valid secp256k1 scalar");
        assertThatThrownBy(() -> signer(order)).hasMessageContaining("not a valid secp256k1 scalar")
                .hasMessageNotContaining(order.substring(2));
    }

    @Test
    void isListedInTheExtensionIndexThatPf4jReads() throws IOException {
        try (InputStream index = getClass().getResourceAsStream("/META-INF/extensions.idx")) {
            assertThat(index).as("META-INF/extensions.idx (annotation processor configured?)").isNotNull();
            assertThat(new String(index.readAllBytes(), StandardCharsets.UTF_8)).contains(EcdsaSignerProvider.class.getName());
        }
    }

    private Signer signer(String rawKey) {
        return provider.create(SignerSettings.devRawKey(rawKey));
    }

    static BigInteger randomKey(Random random) {
        BigInteger key;
        do {
            key = new BigInteger(256, random);
        } while (!Secp256k1.isValidPrivateKey(key));
        return key;
    }

    static Bytes32 randomDigest(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return new Bytes32(digest);
    }

    static byte[] web3jBytes(Sign.SignatureData data) {
        byte[] bytes = new byte[65];
        System.arraycopy(data.getR(), 0, bytes, 0, 32);
        System.arraycopy(data.getS(), 0, bytes, 32, 32);
        bytes[64] = data.getV()[0];
        return bytes;
    }
}
