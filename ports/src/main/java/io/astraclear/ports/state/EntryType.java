package io.astraclear.ports.state;

/** Journal entry types of the IOU ledger. Balances are the sum of entries. */
public enum EntryType {
    /** A confirmed transfer: the source bank (issuer) owes the destination bank (holder). */
    ISSUE,
    /** Burned by a netting round. */
    NETTING_BURN,
    /** Burned when a settlement paid outside the system is confirmed. */
    SETTLEMENT_BURN
}
