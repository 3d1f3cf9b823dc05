package io.astraclear.plugins.signer.ecdsa;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against Foundry's {@code cast}, an independent Rust implementation (alloy/k256):
 * keystores it writes open here, and signatures agree byte for byte and verify there. The binary
 * comes from the system property {@code astra.cast} (set by the build to the npm-installed cast).
 */
class CastCrossCheckIT {
    private static final String PASSWORD = "validator password with spaces";
    private static final long CAST_TIMEOUT_SECONDS = 30;

    @TempDir
    static Path directory;

    private static Path cast;
    private static Path keystore;
    private static Address castAddress;

    @BeforeAll
    static void createKeystoreWithCast() throws Exception {
        String property = System.getProperty("astra.cast");
        assertThat(property).as("system property astra.cast (run through Maven, or pass -Dastra.cast=...)").isNotNull();
        cast = Path.of(property);
        assertThat(Files.isExecutable(cast)).as("%s is missing: run `npm ci` in the repository root", cast).isTrue();

        run(cast.toString(), "wallet", "new", directory.toString(), "validator", "--unsafe-password", PASSWORD);
        keystore = directory.resolve("validator");
        castAddress = Address.of(run(cast.toString(), "wallet", "address", "--keystore", keystore.toString(), "--password", PASSWORD));
    }

    @Test
    void opensACastKeystoreToTheAddressCastReports() throws Exception {
        Signer signer = signer();

        assertThat(signer.address()).isEqualTo(castAddress);
    }

    @Test
    void signsByteForByteLikeCastAndCastVerifiesOurSignatures() throws Exception {
        Signer signer = signer();
        Random random = new Random(99L);
        for (int i = 0; i < 5; i++) {
            Bytes32 digest = EcdsaSignerTest.randomDigest(random);

            Signature ours = signer.sign(digest);

            String castPrefixed = castSign(digest.value());
            String castRawHash = castSign("--no-hash", ProtocolDigests.ethSignedMessageHash(digest).value());
            assertThat(ours.value()).isEqualTo(castPrefixed).isEqualTo(castRawHash);
            assertThat(run(cast.toString(), "wallet", "verify", "--address", castAddress.value(), digest.value(), ours.value()))
                    .contains("Validation succeeded");
            assertThat(new EcdsaSignerProvider().recover(digest, Signature.of(castPrefixed))).contains(castAddress);
        }
    }

    private static Signer signer() throws IOException {
        Path passwordFile = Files.writeString(directory.resolve("password.txt"), PASSWORD + "\n");
        return new EcdsaSignerProvider().create(SignerSettings.keystore(keystore, passwordFile));
    }

    private static String castSign(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(cast.toString(), "wallet", "sign", "--keystore", keystore.toString(), "--password", PASSWORD));
        command.addAll(List.of(arguments));
        return run(command.toArray(String[]::new));
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // cast prints a few lines, well under a pipe buffer, so waiting before reading cannot block it
        if (!process.waitFor(CAST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("cast " + command[1] + " did not finish within " + CAST_TIMEOUT_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as("cast %s: %s", command[1], output).isZero();
        String[] lines = output.split("\n");
        String last = lines[lines.length - 1].trim();
        return last.startsWith("Address:") ? last.substring("Address:".length()).trim() : last;
    }
}
