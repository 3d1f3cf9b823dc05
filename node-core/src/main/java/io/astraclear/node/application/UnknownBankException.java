package io.astraclear.node.application;

import io.astraclear.ports.domain.BankId;

/** A use case named a bank that is not a member of this hub; {@code role} says which party it was (debtor, creditor). */
public final class UnknownBankException extends RuntimeException {
    private final BankId bank;
    private final String role;

    public UnknownBankException(BankId bank, String role) {
        super("no bank " + bank + " in this consortium", null, false, false);
        this.bank = bank;
        this.role = role;
    }

    public BankId bank() {
        return bank;
    }

    public String role() {
        return role;
    }
}
