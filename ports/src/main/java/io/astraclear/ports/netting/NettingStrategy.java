package io.astraclear.ports.netting;

import org.pf4j.ExtensionPoint;

/**
 * Extension point of netting plugins: a pure, deterministic function from a canonical snapshot of
 * IOU balances to the balances after netting. No clock, no randomness, no hash-map iteration order
 * in the result. The node — not the plugin — checks the result against the ledger invariants
 * (every bank's net position unchanged, no balance below zero, no balance increased and no new
 * pair unless {@link #novates()}) and refuses a result that breaks one.
 */
public interface NettingStrategy extends ExtensionPoint {
    /** Stable id used in configuration, e.g. {@code bilateral}. */
    String id();

    String version();

    /**
     * Whether results may create or increase obligations (novation, e.g. multilateral
     * net-position settlement). Burn-only strategies return false and are held to it.
     */
    default boolean novates() {
        return false;
    }

    NettingProposal net(BalanceSnapshot snapshot);
}
