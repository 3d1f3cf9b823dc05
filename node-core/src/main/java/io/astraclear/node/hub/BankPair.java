package io.astraclear.node.hub;

import io.astraclear.ports.domain.BankId;

/** A balance's key: {@code cred-debtor} held by {@code creditor}. Canonical order: debtor, then creditor. */
record BankPair(BankId debtor, BankId creditor) implements Comparable<BankPair> {
    @Override
    public int compareTo(BankPair other) {
        int byDebtor = debtor.compareTo(other.debtor);
        return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
    }
}
