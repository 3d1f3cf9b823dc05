package io.astraclear.ports.netting;

/**
 * The ledger invariants a netting result must keep. "No balance below zero" needs no check of its
 * own: an {@link io.astraclear.ports.domain.Amount} cannot be negative, so a proposal that would
 * drive a balance below zero cannot even be built.
 */
public enum NettingInvariant {
    /** The strategy returned a proposal at all. */
    PROPOSAL_PRESENT,
    /** Every bank's net position (what it is owed minus what it owes) is the same after netting. */
    NET_POSITION_UNCHANGED,
    /** Net positions sum to zero before and after: every credit is someone's debt. */
    NET_POSITIONS_SUM_TO_ZERO,
    /** A burn-only strategy never increases a balance. */
    NO_BALANCE_INCREASE,
    /** A burn-only strategy never creates an obligation between a pair that had none. */
    NO_NEW_OBLIGATION
}
