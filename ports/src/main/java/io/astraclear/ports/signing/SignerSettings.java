package io.astraclear.ports.signing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a validator's key comes from. Either an Ethereum V3 keystore (the format geth, Besu and
 * cast write) with its password from a file or an environment variable, or, only in dev mode, a
 * raw hex private key. {@link #toString()} never shows the raw key.
 */
public record SignerSettings(
        Optional<Path> keystoreFile,
        Optional<Path> passwordFile,
        Optional<String> passwordEnvironmentVariable,
        Optional<String> rawPrivateKeyHex,
        boolean devMode) {

    public SignerSettings {
        keystoreFile = keystoreFile == null ? Optional.empty() : keystoreFile;
        passwordFile = passwordFile == null ? Optional.empty() : passwordFile;
        passwordEnvironmentVariable = passwordEnvironmentVariable == null ? Optional.empty() : passwordEnvironmentVariable;
        rawPrivateKeyHex = rawPrivateKeyHex == null ? Optional.empty() : rawPrivateKeyHex;
        if (keystoreFile.isPresent() == rawPrivateKeyHex.isPresent()) {
            throw new IllegalArgumentException("signer needs exactly one key source: a keystore file, or (dev mode only) a raw key");
        }
        if (rawPrivateKeyHex.isPresent() && !devMode) {
            throw new IllegalArgumentException("a raw private key is accepted in dev mode only; use an Ethereum V3 keystore file");
        }
        if (keystoreFile.isPresent() && passwordFile.isEmpty() && passwordEnvironmentVariable.isEmpty()) {
            throw new IllegalArgumentException("keystore " + keystoreFile.get() + " needs a password file or a password environment variable");
        }
    }

    public static SignerSettings keystore(Path keystore, Path passwordFile) {
        return new SignerSettings(Optional.of(keystore), Optional.of(passwordFile), Optional.empty(), Optional.empty(), false);
    }

    public static SignerSettings keystoreWithPasswordFromEnvironment(Path keystore, String variable) {
        return new SignerSettings(Optional.of(keystore), Optional.empty(), Optional.of(variable), Optional.empty(), false);
    }

    public static SignerSettings devRawKey(String privateKeyHex) {
        return new SignerSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(privateKeyHex), true);
    }

    @Override
    public String toString() {
        return "SignerSettings[keystoreFile=" + keystoreFile + ", passwordFile=" + passwordFile
                + ", passwordEnvironmentVariable=" + passwordEnvironmentVariable
                + ", rawPrivateKey=" + (rawPrivateKeyHex.isPresent() ? "<redacted>" : "none") + ", devMode=" + devMode + "]";
    }
}
