package io.astraclear.ports.state;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.time.Instant;

/**
 * One immutable entry of the IOU journal: {@code amount} of {@code cred-issuer} held by
 * {@code holder} is issued or burned, at hub {@code height}. {@code reference}: the transferId of
 * an ISSUE, the round id of a NETTING_BURN, the settlement reference of a SETTLEMENT_BURN.
 */
public record JournalEntry(long sequence, long height, Instant time, EntryType type, BankId issuer, BankId holder, Amount amount, String reference) {
    public JournalEntry {
        if (sequence < 1 || height < 1 || time == null || type == null || issuer == null || holder == null || amount == null || reference == null) {
            throw new IllegalArgumentException("journal entry has a missing field");
        }
        if (amount.isZero()) {
            throw new IllegalArgumentException("journal entry amount must be positive");
        }
        if (issuer.equals(holder)) {
            throw new IllegalArgumentException("a bank cannot hold its own cred: " + issuer);
        }
    }
}
