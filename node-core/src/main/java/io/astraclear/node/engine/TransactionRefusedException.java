package io.astraclear.node.engine;

import io.astraclear.ports.consensus.Admission;

/** The hub refused a transaction at admission: nothing changed; the refusal says why. */
public final class TransactionRefusedException extends RuntimeException {
    private final Admission.Refused refusal;

    public TransactionRefusedException(Admission.Refused refusal) {
        super("transaction " + refusal.transactionHash() + " refused (" + refusal.code() + "): " + refusal.reason(), null, false, false);
        this.refusal = refusal;
    }

    public Admission.Refused refusal() {
        return refusal;
    }
}
