package io.astraclear.contracts.testing;

import io.astraclear.contracts.devnet.DevValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import java.util.List;
import org.web3j.crypto.ECKeyPair;

/**
 * A validator set with deterministic keys ({@code keccak256(label-i)}), ordered by address as the
 * Executor requires. Different labels give disjoint sets. The keys and signing are
 * {@link DevValidators}'s, which the benchmarks use too.
 */
public final class TestValidators {
    private final DevValidators members;

    private TestValidators(DevValidators members) {
        this.members = members;
    }

    public static TestValidators create(String label, int count) {
        return new TestValidators(DevValidators.create(label, count));
    }

    /** The same set, as main code takes it. */
    public DevValidators devValidators() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public int threshold() {
        return members.threshold();
    }

    /** Ascending. */
    public List<Address> addresses() {
        return members.addresses();
    }

    public List<String> addressStrings() {
        return addresses().stream().map(Address::value).toList();
    }

    public Address address(int index) {
        return members.address(index);
    }

    public ECKeyPair key(int index) {
        return members.key(index);
    }

    /** Signatures of the first {@code count} validators (by address), hence already ascending by signer. */
    public List<byte[]> sign(Bytes32 digest, int count) {
        return members.sign(digest, count);
    }

    /** Exactly a threshold of signatures. */
    public List<byte[]> signThreshold(Bytes32 digest) {
        return members.signThreshold(digest);
    }
}
