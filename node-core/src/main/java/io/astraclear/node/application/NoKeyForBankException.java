package io.astraclear.node.application;

import io.astraclear.ports.domain.BankId;

/** This node holds no operator key of the bank a transaction must come from: it cannot sign for it. */
public final class NoKeyForBankException extends RuntimeException {
    public NoKeyForBankException(BankId bank, String hint) {
        super("this node holds no operator key of " + bank + "; " + hint, null, false, false);
    }
}
