package io.astraclear.ports.storage;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.time.Instant;

/**
 * One immutable journal entry: {@code amount} of {@code cred-issuer} held by {@code holder} is
 * issued or burned. {@code reference} is the natural key: the transferId of an ISSUE, the round
 * of a NETTING_BURN, the settlement reference of a SETTLEMENT_BURN.
 */
public record LedgerEntry(long sequence, EntryType type, BankId issuer, BankId holder, Amount amount, String reference, Instant at) {
    public LedgerEntry {
        if (type == null || issuer == null || holder == null || amount == null || reference == null || at == null) {
            throw new IllegalArgumentException("ledger entry has a missing field");
        }
        if (amount.isZero()) {
            throw new IllegalArgumentException("ledger entry amount must be positive");
        }
    }
}
