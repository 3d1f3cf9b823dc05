package io.astraclear.node.testing;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.signing.Signer;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * secp256k1 keys for node-core's tests, through web3j: an implementation independent of the signer
 * plugin, whose jar stays off node-core's test class path. Signs as an Ethereum signed message,
 * low-s, v 27/28, as {@link Signer} requires.
 */
public final class TestKeys {
    private TestKeys() {}

    /** The {@code n}-th test key (n >= 1): the same key on every run. */
    public static Signer key(int n) {
        return of(BigInteger.valueOf(1_000_003L * n + 7));
    }

    /** The key with this private scalar. */
    public static Signer of(BigInteger privateKey) {
        return new Web3jSigner(ECKeyPair.create(privateKey));
    }

    /** The address whose key signed {@code digest} as an Ethereum signed message, by web3j's recovery. */
    public static Optional<Address> recover(Bytes32 digest, Signature signature) {
        byte[] bytes = signature.toByteArray();
        Sign.SignatureData data = new Sign.SignatureData(bytes[64], Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64));
        try {
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(digest.toByteArray(), data);
            return Optional.of(Address.of("0x" + Keys.getAddress(publicKey)));
        } catch (SignatureException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Web3jSigner(ECKeyPair key) implements Signer {
        @Override
        public Address address() {
            return Address.of("0x" + Keys.getAddress(key));
        }

        @Override
        public Signature sign(Bytes32 digest) {
            Sign.SignatureData data = Sign.signPrefixedMessage(digest.toByteArray(), key);
            byte[] bytes = new byte[65];
            System.arraycopy(data.getR(), 0, bytes, 0, 32);
            System.arraycopy(data.getS(), 0, bytes, 32, 32);
            bytes[64] = data.getV()[0];
            return Signature.fromBytes(bytes);
        }

        @Override
        public String toString() {
            return "test key " + address();
        }
    }
}
