package io.astraclear.ports.netting;

/**
 * The outcome of checking a strategy's proposal against the ledger invariants: a business result,
 * not an exception. A {@link Violated} result names the strategy and the broken invariant.
 */
public sealed interface NettingCheck {
    /** {@code id version} of the strategy that made the proposal, e.g. {@code bilateral 1.0.0}. */
    String strategy();

    default boolean passed() {
        return this instanceof Passed;
    }

    record Passed(String strategy) implements NettingCheck {}

    record Violated(String strategy, NettingInvariant invariant, String message) implements NettingCheck {
        public Violated {
            if (strategy == null || invariant == null || message == null) {
                throw new IllegalArgumentException("a violation needs the strategy, the invariant and a message");
            }
        }
    }
}
