package io.astraclear.ports.hub;

import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.Abi;
import io.astraclear.ports.protocol.Keccak256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hub's transaction digests: what a hub transaction's sender signs, {@code keccak256(abi.encode(...))}
 * of a type tag, the hub's chain id and the payload, and a transaction's hash, which is SHA-256 as
 * CometBFT computes it (so that a hash the node reports is the one CometBFT's RPC knows).
 */
public final class HubDigests {
    /** {@code keccak256("astra-clear.hub-tx.v1")}. */
    public static final Bytes32 HUB_TX_TAG = tag("astra-clear.hub-tx.v1");

    private HubDigests() {}

    private static Bytes32 tag(String name) {
        return new Bytes32(Keccak256.hash(name.getBytes(StandardCharsets.US_ASCII)));
    }

    /** {@code keccak256(bytes(hubChainId))}. */
    public static Bytes32 chainIdHash(String hubChainId) {
        return new Bytes32(Keccak256.hash(hubChainId.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What a hub transaction's sender signs (as an Ethereum signed message):
     * {@code keccak256(abi.encode(HUB_TX_TAG, hubChainIdHash, txType, keccak256(payload)))}.
     */
    public static Bytes32 transactionDigest(Bytes32 hubChainIdHash, HubTxType type, Bytes payload) {
        return new Abi()
                .bytes32(HUB_TX_TAG)
                .bytes32(hubChainIdHash)
                .uint256(type.code())
                .bytes32(new Bytes32(Keccak256.hash(payload.unsafeArray())))
                .keccak();
    }

    /** SHA-256 of a transaction's bytes: its hash on the hub and in CometBFT's RPC. */
    public static Bytes32 transactionHash(Bytes transaction) {
        try {
            return new Bytes32(MessageDigest.getInstance("SHA-256").digest(transaction.unsafeArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
