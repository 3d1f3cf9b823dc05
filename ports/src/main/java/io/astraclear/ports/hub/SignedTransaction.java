package io.astraclear.ports.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Signature;

/**
 * A hub transaction as it travels: its payload, the exact payload bytes its sender signed, the
 * sender and the signature. The signature is over
 * {@link io.astraclear.ports.protocol.HubDigests#transactionDigest} as an Ethereum signed message;
 * whether it recovers to {@code sender} is for the state machine to check, never assumed.
 */
public record SignedTransaction(HubTransaction transaction, Bytes payload, Address sender, Signature signature) {
    public SignedTransaction {
        if (transaction == null || payload == null || sender == null || signature == null) {
            throw new IllegalArgumentException("signed transaction has a missing field");
        }
    }

    public HubTxType type() {
        return transaction.type();
    }
}
