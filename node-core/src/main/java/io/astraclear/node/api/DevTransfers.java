package io.astraclear.node.api;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.vertx.core.Future;

/** Dev mode only: pays from a funded demo account of one bank to a demo account of another, on chain. */
public interface DevTransfers {
    Future<Sent> send(BankId from, BankId to, Amount amount);

    /** The source-chain transaction that burned the tokens and emitted TransferInitiated. */
    record Sent(TransferId transferId, Bytes32 transactionHash, Address from, Address recipient) {}
}
