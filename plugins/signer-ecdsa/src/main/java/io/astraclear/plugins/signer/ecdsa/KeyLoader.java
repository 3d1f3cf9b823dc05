package io.astraclear.plugins.signer.ecdsa;

import io.astraclear.ports.signing.SignerSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Turns {@link SignerSettings} into a private key. Error messages name the file, the variable or
 * the check that failed, never the key or the password.
 */
final class KeyLoader {
    private static final long MAX_PASSWORD_FILE_BYTES = 4096;

    private final UnaryOperator<String> environment;

    /** @param environment looks up an environment variable, {@code null} when unset */
    KeyLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    BigInteger load(SignerSettings settings) {
        if (settings.rawPrivateKeyHex().isPresent()) {
            if (!settings.devMode()) {
                throw new IllegalArgumentException("a raw private key is accepted in dev mode only; use an Ethereum V3 keystore file");
            }
            return parseRawKey(settings.rawPrivateKeyHex().get());
        }
        Path keystore = settings.keystoreFile().orElseThrow(
                () -> new IllegalArgumentException("signer needs a keystore file"));
        byte[] password = password(settings, keystore);
        try {
            return KeystoreV3.decrypt(keystore, password);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private byte[] password(SignerSettings settings, Path keystore) {
        if (settings.passwordFile().isPresent()) {
            return readPasswordFile(settings.passwordFile().get());
        }
        String variable = settings.passwordEnvironmentVariable().orElseThrow(() -> new IllegalArgumentException(
                "keystore " + keystore + " needs a password file or a password environment variable"));
        String value = environment.apply(variable);
        if (value == null) {
            throw new IllegalArgumentException("password environment variable " + variable + " for keystore " + keystore + " is not set");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The file's bytes without one trailing line break, as geth, Besu and cast read password files. */
    static byte[] readPasswordFile(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_PASSWORD_FILE_BYTES) {
                throw new IllegalArgumentException("password file " + file + " is larger than " + MAX_PASSWORD_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read password file " + file + ": " + e.getClass().getSimpleName());
        }
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
        }
        byte[] password = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte) 0);
        return password;
    }

    static BigInteger parseRawKey(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 64 || !digits.chars().allMatch(KeyLoader::isHexDigit)) {
            throw new IllegalArgumentException("raw private key must be 32 bytes of hex (64 digits, optional 0x)");
        }
        BigInteger key = new BigInteger(digits, 16);
        if (!Secp256k1.isValidPrivateKey(key)) {
            throw new IllegalArgumentException("raw private key is not a valid secp256k1 scalar (must be in [1, n−1])");
        }
        return key;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
