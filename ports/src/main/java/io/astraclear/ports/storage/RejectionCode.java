package io.astraclear.ports.storage;

/**
 * The stable codes of {@link WriteResult.Rejected} that storage returns, one per business refusal.
 * Callers compare against these constants, never against messages.
 */
public final class RejectionCode {
    /** {@code confirm} or {@code markStuck} for a transfer that was never observed. */
    public static final String UNKNOWN_TRANSFER = "UNKNOWN_TRANSFER";
    /** {@code confirm} of a transfer that was already confirmed (its ISSUE exists). */
    public static final String ALREADY_CONFIRMED = "ALREADY_CONFIRMED";
    /**
     * No longer returned: a transfer STUCK short of threshold is confirmed when its threshold arrives
     * late (see {@link StoragePort#confirm}). Kept so that callers comparing against it still compile.
     */
    @Deprecated
    public static final String TRANSFER_STUCK = "TRANSFER_STUCK";
    /** {@code confirm} with a command that is not the one the observed transfer calls for. */
    public static final String COMMAND_MISMATCH = "COMMAND_MISMATCH";
    /** An ISSUE would take a balance above uint256. */
    public static final String BALANCE_OVERFLOW = "BALANCE_OVERFLOW";
    /** {@code markExecuted} for a command that was never confirmed. */
    public static final String UNKNOWN_COMMAND = "UNKNOWN_COMMAND";
    /** {@code markStuck} of a transfer whose mint already executed. */
    public static final String ALREADY_EXECUTED = "ALREADY_EXECUTED";
    /** {@code applyNetting} whose {@code before} is not exactly the current balances. */
    public static final String STALE_SNAPSHOT = "STALE_SNAPSHOT";
    /** {@code applyNetting} whose result breaks a ledger invariant (the message names which). */
    public static final String NETTING_INVARIANT = "NETTING_INVARIANT";
    /** {@code confirmSettlement} of more than the debtor owes the creditor. */
    public static final String INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";
    /** {@code confirmSettlement} reusing a reference for a different settlement. */
    public static final String REFERENCE_CONFLICT = "REFERENCE_CONFLICT";
    /** {@code confirmSettlement} with a zero amount, one bank on both sides, or a malformed reference or actor. */
    public static final String INVALID_SETTLEMENT = "INVALID_SETTLEMENT";

    private RejectionCode() {}
}
