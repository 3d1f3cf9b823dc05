package io.astraclear.ports.state;

/** A transfer's lifecycle. EXECUTED and STUCK are final until an operator acts on a STUCK one. */
public enum TransferStatus {
    OBSERVED,
    CONFIRMED,
    EXECUTED,
    STUCK
}
