package io.astraclear.ports.netting;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;

/**
 * An IOU balance: {@code cred-debtor} held by {@code creditor}, i.e. "debtor owes creditor amount".
 * In journal terms the debtor is the issuer and the creditor the holder.
 */
public record Obligation(BankId debtor, BankId creditor, Amount amount) implements Comparable<Obligation> {
    public Obligation {
        if (debtor == null || creditor == null || amount == null) {
            throw new IllegalArgumentException("obligation has a missing field");
        }
        if (debtor.equals(creditor)) {
            throw new IllegalArgumentException("a bank cannot owe itself: " + debtor);
        }
    }

    /** Canonical order: by debtor, then creditor. */
    @Override
    public int compareTo(Obligation other) {
        int byDebtor = debtor.compareTo(other.debtor);
        return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
    }
}
