package io.astraclear.plugins.signer.ecdsa;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.protocol.Keccak256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Reads an Ethereum V3 keystore ("Web3 Secret Storage", as geth, Besu, web3j and cast write it):
 * key derivation by scrypt or pbkdf2 (hmac-sha256), MAC {@code keccak256(dk[16..32] || ciphertext)},
 * cipher aes-128-ctr with {@code dk[0..16]}. KDF parameters are bounded, so a hostile file cannot
 * make the node allocate gigabytes or spin for hours.
 */
final class KeystoreV3 {
    static final long MAX_FILE_BYTES = 64 * 1024;
    /** scrypt needs 128·n·r bytes; geth's "standard" (n = 2^18, r = 8) needs exactly this. */
    static final long MAX_SCRYPT_MEMORY_BYTES = 256L * 1024 * 1024;
    static final int MAX_SCRYPT_PARALLELISM = 16;
    static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final HexFormat HEX = HexFormat.of();

    private KeystoreV3() {}

    static BigInteger decrypt(Path file, byte[] password) {
        Map<String, Object> keystore = read(file);
        String where = "keystore " + file;
        Object version = keystore.get("version");
        if (!(version instanceof BigInteger number) || number.intValue() != 3) {
            throw new IllegalArgumentException(where + " is not a version 3 keystore (version " + version + ")");
        }
        Map<String, Object> crypto = keystore.containsKey("crypto")
                ? object(keystore, "crypto", where)
                : object(keystore, "Crypto", where); // geth's older spelling
        String cipher = text(crypto, "cipher", where);
        if (!cipher.equals("aes-128-ctr")) {
            throw new IllegalArgumentException(where + " uses cipher " + cipher + "; only aes-128-ctr is supported");
        }
        byte[] iv = hex(object(crypto, "cipherparams", where), "iv", where);
        if (iv.length != 16) {
            throw new IllegalArgumentException(where + " has an iv of " + iv.length + " bytes, expected 16");
        }
        byte[] ciphertext = hex(crypto, "ciphertext", where);
        if (ciphertext.length != 32) {
            throw new IllegalArgumentException(where + " holds " + ciphertext.length + " bytes of ciphertext, expected a 32-byte key");
        }
        byte[] mac = hex(crypto, "mac", where);

        byte[] derivedKey = deriveKey(crypto, password, where);
        try {
            byte[] macInput = new byte[16 + ciphertext.length];
            System.arraycopy(derivedKey, 16, macInput, 0, 16);
            System.arraycopy(ciphertext, 0, macInput, 16, ciphertext.length);
            if (!MessageDigest.isEqual(Keccak256.hash(macInput), mac)) {
                throw new IllegalArgumentException(where + ": wrong password (MAC mismatch)");
            }
            byte[] privateKey = aes128Ctr(Arrays.copyOf(derivedKey, 16), iv, ciphertext);
            BigInteger key = new BigInteger(1, privateKey);
            Arrays.fill(privateKey, (byte) 0);
            if (!Secp256k1.isValidPrivateKey(key)) {
                throw new IllegalArgumentException(where + " decrypts to an invalid secp256k1 key");
            }
            checkAddress(keystore, key, where);
            return key;
        } finally {
            Arrays.fill(derivedKey, (byte) 0);
        }
    }

    private static Map<String, Object> read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("keystore " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            Object parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("keystore " + file + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> keystore = (Map<String, Object>) parsed;
            return keystore;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read keystore " + file + ": " + e.getClass().getSimpleName());
        } catch (Json.SyntaxException e) {
            throw new IllegalArgumentException("keystore " + file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] deriveKey(Map<String, Object> crypto, byte[] password, String where) {
        String kdf = text(crypto, "kdf", where);
        Map<String, Object> parameters = object(crypto, "kdfparams", where);
        int keyLength = integer(parameters, "dklen", where);
        if (keyLength != 32) {
            throw new IllegalArgumentException(where + " has dklen " + keyLength + ", expected 32");
        }
        byte[] salt = hex(parameters, "salt", where);
        return switch (kdf) {
            case "scrypt" -> {
                int n = integer(parameters, "n", where);
                int r = integer(parameters, "r", where);
                int p = integer(parameters, "p", where);
                if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1 || p > MAX_SCRYPT_PARALLELISM
                        || 128L * n * r > MAX_SCRYPT_MEMORY_BYTES) {
                    throw new IllegalArgumentException(where + " has scrypt parameters out of bounds (n=" + n + ", r=" + r
                            + ", p=" + p + "; n a power of two, 128·n·r ≤ " + MAX_SCRYPT_MEMORY_BYTES + " bytes, p ≤ "
                            + MAX_SCRYPT_PARALLELISM + ")");
                }
                if (r == 1 && n >= 1 << 16) {
                    // RFC 7914 requires n < 2^(128·r/8); BouncyCastle enforces it, geth does not.
                    // No keystore tool writes r = 1 (geth, web3j and cast use r = 8).
                    throw new IllegalArgumentException(where + " has scrypt n=" + n + " with r=1, which RFC 7914 forbids"
                            + " (n < 2^(16·r)); re-encrypt the key with r = 8, e.g. cast wallet import");
                }
                yield SCrypt.generate(password, salt, n, r, p, keyLength);
            }
            case "pbkdf2" -> {
                String prf = text(parameters, "prf", where);
                if (!prf.equals("hmac-sha256")) {
                    throw new IllegalArgumentException(where + " uses pbkdf2 with " + prf + "; only hmac-sha256 is supported");
                }
                int iterations = integer(parameters, "c", where);
                if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
                    throw new IllegalArgumentException(where + " has pbkdf2 iterations " + iterations + " out of [1, " + MAX_PBKDF2_ITERATIONS + "]");
                }
                PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
                generator.init(password, salt, iterations);
                yield ((KeyParameter) generator.generateDerivedParameters(keyLength * 8)).getKey();
            }
            default -> throw new IllegalArgumentException(where + " uses key derivation " + kdf + "; only scrypt and pbkdf2 are supported");
        };
    }

    private static byte[] aes128Ctr(byte[] key, byte[] iv, byte[] input) {
        var cipher = SICBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(false, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] output = new byte[input.length];
        cipher.processBytes(input, 0, input.length, output, 0);
        Arrays.fill(key, (byte) 0);
        return output;
    }

    private static void checkAddress(Map<String, Object> keystore, BigInteger key, String where) {
        Object recorded = keystore.get("address");
        if (recorded == null) {
            return;
        }
        Address derived = Secp256k1.address(Secp256k1.publicKey(key));
        Address claimed;
        try {
            claimed = Address.of(recorded.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " has a malformed address field");
        }
        if (!claimed.equals(derived)) {
            throw new IllegalArgumentException(where + " says address " + claimed + " but its key is " + derived);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String field, String where) {
        if (parent.get(field) instanceof Map<?, ?> child) {
            return (Map<String, Object>) child;
        }
        throw new IllegalArgumentException(where + " lacks the object " + field);
    }

    private static String text(Map<String, Object> parent, String field, String where) {
        if (parent.get(field) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException(where + " lacks the text field " + field);
    }

    private static int integer(Map<String, Object> parent, String field, String where) {
        if (parent.get(field) instanceof BigInteger value && value.bitLength() < 32) {
            return value.intValue();
        }
        throw new IllegalArgumentException(where + " lacks the integer field " + field + " (or it is out of range)");
    }

    private static byte[] hex(Map<String, Object> parent, String field, String where) {
        String value = text(parent, field, where);
        String digits = value.startsWith("0x") ? value.substring(2) : value;
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": field " + field + " is not hex");
        }
    }
}
