package io.astraclear.plugins.netting.multilateral;

import java.time.Duration;

/**
 * The end of a round's time budget. The clock decides only whether a round is abandoned, never
 * what a round returns: a result, when there is one, depends on the snapshot alone.
 */
final class Deadline {
    private final String strategy;
    private final Duration budget;
    private final long startNanos;
    private final long endNanos;

    private Deadline(String strategy, Duration budget, long startNanos) {
        this.strategy = strategy;
        this.budget = budget;
        this.startNanos = startNanos;
        this.endNanos = startNanos + budget.toNanos();
    }

    static Deadline after(String strategy, Duration budget) {
        return new Deadline(strategy, budget, System.nanoTime());
    }

    /** @throws NettingLimitExceededException when the budget is spent; {@code progress} says how far the round got */
    void check(String progress) {
        long now = System.nanoTime();
        if (now - endNanos > 0) {
            throw new NettingLimitExceededException(strategy + " netting abandoned the round after " + (now - startNanos) / 1_000_000
                    + " ms, over its time budget of " + budget.toMillis() + " ms (" + NettingLimits.TIME_BUDGET_MILLIS + "), "
                    + progress + "; nothing was netted");
        }
    }
}
