package io.astraclear.ports.chain;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;

/**
 * A decoded {@code TransferInitiated} event of a source bank's Gateway, with where it came from.
 * Its natural key is {@link #transferId()}.
 */
public record ObservedTransfer(
        TransferId transferId,
        BankId sourceBank,
        long sourceChainId,
        Address sourceGateway,
        BigInteger nonce,
        Address sender,
        BankId destinationBank,
        Address recipient,
        Amount amount,
        long blockNumber,
        Bytes32 blockHash,
        Bytes32 transactionHash,
        int logIndex) {

    public ObservedTransfer {
        if (transferId == null || sourceBank == null || sourceGateway == null || nonce == null || sender == null
                || destinationBank == null || recipient == null || amount == null || blockHash == null || transactionHash == null) {
            throw new IllegalArgumentException("observed transfer has a missing field");
        }
        if (sourceChainId <= 0 || blockNumber < 0 || logIndex < 0 || nonce.signum() <= 0) {
            throw new IllegalArgumentException("observed transfer has a negative or zero chain id, block, log index or nonce");
        }
    }

    /** {@code keccak256(abi.encode(srcChainId, srcGateway, transferId))}. */
    public CommandId commandId() {
        return ProtocolDigests.commandId(sourceChainId, sourceGateway, transferId);
    }
}
