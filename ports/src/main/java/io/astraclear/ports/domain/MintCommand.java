package io.astraclear.ports.domain;

/**
 * The command a confirmed transfer calls for: mint {@code amount} to {@code recipient} on the
 * destination chain's Executor. The hub batches commands ({@link MintBatch}); the Executor's single
 * {@code execute} signs {@code ProtocolDigests.mintDigest} of one.
 */
public record MintCommand(
        CommandId commandId,
        BankId sourceBank,
        BankId destinationBank,
        Address recipient,
        Amount amount,
        long destinationChainId,
        Address destinationExecutor) {

    public MintCommand {
        if (commandId == null || sourceBank == null || destinationBank == null || recipient == null
                || amount == null || destinationExecutor == null) {
            throw new IllegalArgumentException("mint command has a missing field");
        }
        if (destinationChainId <= 0) {
            throw new IllegalArgumentException("destination chain id must be positive: " + destinationChainId);
        }
        if (recipient.equals(Address.ZERO)) {
            throw new IllegalArgumentException("recipient must not be the zero address");
        }
        if (amount.isZero()) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }
}
