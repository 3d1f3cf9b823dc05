package io.astraclear.node.application;

import io.astraclear.ports.domain.BankId;

/** This node holds no operator key of the bank a transaction must come from: it cannot sign for it. */
public final class NoKeyForBankException extends RuntimeException {
    private final BankId bank;

    public NoKeyForBankException(BankId bank, String hint) {
        super("this node holds no operator key of " + bank + "; " + hint, null, false, false);
        this.bank = bank;
    }

    public BankId bank() {
        return bank;
    }
}
