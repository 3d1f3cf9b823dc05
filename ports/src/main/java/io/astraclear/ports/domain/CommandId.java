package io.astraclear.ports.domain;

/** {@code keccak256(abi.encode(srcChainId, srcGateway, transferId))}: a mint command's identity everywhere. */
public record CommandId(Bytes32 value) {
    public CommandId {
        if (value == null) {
            throw new IllegalArgumentException("commandId is missing");
        }
    }

    public static CommandId of(String hex) {
        return new CommandId(Bytes32.of(hex));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
