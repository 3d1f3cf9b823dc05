package io.astraclear.contracts.devnet;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Threshold;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A validator set with deterministic keys ({@code keccak256(label-i)}), ordered by address as the
 * Executor requires; different labels give disjoint sets. For devnets, tests and benchmarks only:
 * anyone can derive these keys.
 */
public final class DevValidators {
    private final List<Credentials> members;

    private DevValidators(List<Credentials> members) {
        this.members = members;
    }

    public static DevValidators create(String label, int count) {
        List<Credentials> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] privateKey = Hash.sha3((label + "-" + i).getBytes(StandardCharsets.UTF_8));
            members.add(Credentials.create(Numeric.toHexString(privateKey)));
        }
        members.sort(Comparator.comparing(credentials -> Address.of(credentials.getAddress())));
        return new DevValidators(List.copyOf(members));
    }

    /**
     * What a validator does: sign {@code keccak256("\x19Ethereum Signed Message:\n32" || digest)}
     * with web3j, which makes s low. 65 bytes {@code r || s || v}, {@code v} 27 or 28.
     */
    public static byte[] sign(Bytes32 digest, ECKeyPair key) {
        Sign.SignatureData data = Sign.signPrefixedMessage(digest.toByteArray(), key);
        byte[] out = new byte[65];
        System.arraycopy(data.getR(), 0, out, 0, 32);
        System.arraycopy(data.getS(), 0, out, 32, 32);
        out[64] = data.getV()[0];
        return out;
    }

    public int size() {
        return members.size();
    }

    public int threshold() {
        return Threshold.of(members.size());
    }

    /** Ascending. */
    public List<Address> addresses() {
        return members.stream().map(credentials -> Address.of(credentials.getAddress())).toList();
    }

    public Address address(int index) {
        return Address.of(members.get(index).getAddress());
    }

    public ECKeyPair key(int index) {
        return members.get(index).getEcKeyPair();
    }

    /** Signatures of the first {@code count} validators (by address), hence already ascending by signer. */
    public List<byte[]> sign(Bytes32 digest, int count) {
        List<byte[]> signatures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            signatures.add(sign(digest, key(i)));
        }
        return signatures;
    }

    /** Exactly a threshold of signatures. */
    public List<byte[]> signThreshold(Bytes32 digest) {
        return sign(digest, threshold());
    }
}
