package io.astraclear.plugins.signer.ecdsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import java.io.File;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.ObjectMapperFactory;

class KeystoreTest {
    private static final String PASSWORD = "correct horse battery staple";
    /** Key of the Web3 Secret Storage definition's test vectors, password "testpassword". */
    private static final BigInteger SPEC_VECTOR_KEY =
            new BigInteger("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d", 16);

    @TempDir
    Path directory;

    @Test
    void opensAKeystoreWrittenByWeb3jWalletUtilsAndSignsLikeWeb3j() throws Exception {
        ECKeyPair keyPair = ECKeyPair.create(EcdsaSignerTest.randomKey(new Random(11L)));
        String fileName = WalletUtils.generateWalletFile(PASSWORD, keyPair, directory.toFile(), false);
        Path keystore = directory.resolve(fileName);

        Signer signer = new EcdsaSignerProvider().create(SignerSettings.keystore(keystore, passwordFile(PASSWORD + "\n")));

        assertThat(signer.address()).isEqualTo(Address.of(Keys.getAddress(keyPair)));
        Bytes32 digest = EcdsaSignerTest.randomDigest(new Random(12L));
        assertThat(signer.sign(digest).toByteArray())
                .isEqualTo(EcdsaSignerTest.web3jBytes(Sign.signPrefixedMessage(digest.toByteArray(), keyPair)));
    }

    @Test
    void opensGethStandardScryptKeystoresAtTheMemoryBound() throws Exception {
        ECKeyPair keyPair = ECKeyPair.create(EcdsaSignerTest.randomKey(new Random(13L)));
        Path keystore = write(Wallet.createStandard(PASSWORD, keyPair)); // n = 2^18, r = 8: 256 MiB

        BigInteger key = KeystoreV3.decrypt(keystore, PASSWORD.getBytes(StandardCharsets.UTF_8));

        assertThat(key).isEqualTo(keyPair.getPrivateKey());
    }

    @Test
    void opensTheSpecificationsPbkdf2VectorAsWeb3jDoes() throws Exception {
        Path keystore = resource("web3-secret-storage-pbkdf2.json");

        BigInteger ours = KeystoreV3.decrypt(keystore, bytes("testpassword"));

        assertThat(web3jDecrypt(keystore, "testpassword")).isEqualTo(SPEC_VECTOR_KEY);
        assertThat(ours).isEqualTo(SPEC_VECTOR_KEY);
    }

    @Test
    void refusesTheSpecificationsScryptVectorBecauseItsRIsOneWhichRfc7914Forbids() throws Exception {
        Path keystore = resource("web3-secret-storage-scrypt.json");
        // web3j runs the same BouncyCastle scrypt and fails on it too, only less clearly
        assertThatThrownBy(() -> web3jDecrypt(keystore, "testpassword")).hasMessageContaining("Cost parameter N");

        assertThatThrownBy(() -> KeystoreV3.decrypt(keystore, bytes("testpassword")))
                .hasMessageContaining("scrypt n=262144 with r=1, which RFC 7914 forbids");
    }

    @Test
    void rejectsAWrongPasswordClearlyWithoutShowingIt() throws Exception {
        Path keystore = write(Wallet.create(PASSWORD, ECKeyPair.create(BigInteger.TWO), 1 << 10, 1));
        String wrong = "hunter2-not-the-password";
        Path wrongFile = passwordFile(wrong);

        assertThatThrownBy(() -> new EcdsaSignerProvider().create(SignerSettings.keystore(keystore, wrongFile)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keystore " + keystore + ": wrong password (MAC mismatch)")
                .hasMessageNotContaining(wrong)
                .hasNoCause();
    }

    @Test
    void readsThePasswordFromTheNamedEnvironmentVariable() throws Exception {
        ECKeyPair keyPair = ECKeyPair.create(BigInteger.valueOf(7));
        Path keystore = write(Wallet.create(PASSWORD, keyPair, 1 << 10, 1));
        Map<String, String> environment = Map.of("ASTRA_SIGNER_PASSWORD", PASSWORD);
        EcdsaSignerProvider provider = new EcdsaSignerProvider(new KeyLoader(environment::get));

        Signer signer = provider.create(SignerSettings.keystoreWithPasswordFromEnvironment(keystore, "ASTRA_SIGNER_PASSWORD"));

        assertThat(signer.address()).isEqualTo(Address.of(Keys.getAddress(keyPair)));
        assertThatThrownBy(() -> provider.create(SignerSettings.keystoreWithPasswordFromEnvironment(keystore, "UNSET_VARIABLE")))
                .hasMessage("password environment variable UNSET_VARIABLE for keystore " + keystore + " is not set");
    }

    @Test
    void passwordFilesLoseOneTrailingLineBreakAndNothingElse() throws Exception {
        assertThat(KeyLoader.readPasswordFile(passwordFile("secret\n"))).isEqualTo(bytes("secret"));
        assertThat(KeyLoader.readPasswordFile(passwordFile("secret\r\n"))).isEqualTo(bytes("secret"));
        assertThat(KeyLoader.readPasswordFile(passwordFile(" secret \n\n"))).isEqualTo(bytes(" secret \n"));
        assertThat(KeyLoader.readPasswordFile(passwordFile("pässwörd"))).isEqualTo(bytes("pässwörd"));
        Path missing = directory.resolve("missing.txt");
        assertThatThrownBy(() -> KeyLoader.readPasswordFile(missing)).hasMessageContaining("cannot read password file " + missing);
    }

    @Test
    void checksTheAddressTheKeystoreClaims() throws Exception {
        WalletFile walletFile = Wallet.create(PASSWORD, ECKeyPair.create(BigInteger.TEN), 1 << 10, 1);
        walletFile.setAddress("7e5f4552091a69125d5dfcb7b8c2659029395bdf");
        Path keystore = write(walletFile);

        assertThatThrownBy(() -> KeystoreV3.decrypt(keystore, bytes(PASSWORD)))
                .hasMessageContaining("says address 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf but its key is");
    }

    @Test
    void refusesKdfParametersBeyondTheBounds() throws Exception {
        String hugeScrypt = Files.readString(write(Wallet.create(PASSWORD, ECKeyPair.create(BigInteger.TEN), 1 << 10, 1)))
                .replace("\"n\":1024", "\"n\":1048576");
        Path keystore = Files.writeString(directory.resolve("huge.json"), hugeScrypt);

        assertThatThrownBy(() -> KeystoreV3.decrypt(keystore, bytes(PASSWORD)))
                .hasMessageContaining("scrypt parameters out of bounds (n=1048576, r=8, p=1");
    }

    @Test
    void namesWhatIsWrongWithAMalformedKeystore() throws Exception {
        Path notJson = Files.writeString(directory.resolve("a.json"), "{\"version\": 3, \"crypto\": ");
        Path wrongVersion = Files.writeString(directory.resolve("b.json"), "{\"version\": 1}");
        Path otherCipher = Files.writeString(directory.resolve("c.json"),
                "{\"version\": 3, \"crypto\": {\"cipher\": \"aes-128-cbc\"}}");

        assertThatThrownBy(() -> KeystoreV3.decrypt(notJson, bytes(PASSWORD))).hasMessage("keystore " + notJson + " is not valid JSON: unexpected end at offset 25");
        assertThatThrownBy(() -> KeystoreV3.decrypt(wrongVersion, bytes(PASSWORD))).hasMessageContaining("not a version 3 keystore");
        assertThatThrownBy(() -> KeystoreV3.decrypt(otherCipher, bytes(PASSWORD))).hasMessageContaining("only aes-128-ctr");
    }

    private Path write(WalletFile walletFile) throws Exception {
        File file = Files.createTempFile(directory, "keystore", ".json").toFile();
        ObjectMapperFactory.getObjectMapper().writeValue(file, walletFile);
        return file.toPath();
    }

    private static BigInteger web3jDecrypt(Path keystore, String password) throws Exception {
        WalletFile walletFile = ObjectMapperFactory.getObjectMapper().readValue(keystore.toFile(), WalletFile.class);
        return Wallet.decrypt(password, walletFile).getPrivateKey();
    }

    private Path passwordFile(String content) throws Exception {
        return Files.writeString(Files.createTempFile(directory, "password", ".txt"), content, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(KeystoreTest.class.getResource("/keystores/" + name).toURI());
    }
}
