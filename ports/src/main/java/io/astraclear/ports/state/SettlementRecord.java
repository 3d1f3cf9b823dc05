package io.astraclear.ports.state;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.time.Instant;

/** A settlement the creditor's operator key confirmed: the SETTLEMENT_BURN it wrote. Keyed by (creditor, reference). */
public record SettlementRecord(BankId debtor, BankId creditor, Amount amount, String reference, Address confirmedBy, long height, Instant time,
        long journalSequence) {
    public SettlementRecord {
        if (debtor == null || creditor == null || amount == null || reference == null || confirmedBy == null || time == null
                || height < 1 || journalSequence < 1) {
            throw new IllegalArgumentException("settlement record has a missing field");
        }
    }
}
