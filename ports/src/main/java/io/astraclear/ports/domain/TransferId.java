package io.astraclear.ports.domain;

/** {@code keccak256(abi.encode(block.chainid, address(gateway), nonce))}, assigned by the source Gateway. */
public record TransferId(Bytes32 value) {
    public TransferId {
        if (value == null) {
            throw new IllegalArgumentException("transferId is missing");
        }
    }

    public static TransferId of(String hex) {
        return new TransferId(Bytes32.of(hex));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
