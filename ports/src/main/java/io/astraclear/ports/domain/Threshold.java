package io.astraclear.ports.domain;

/**
 * The confirmation threshold: strictly more than two thirds of the validators,
 * {@code floor(2n/3) + 1}. The Executor contract computes the same.
 */
public final class Threshold {
    private Threshold() {}

    public static int of(int validatorCount) {
        if (validatorCount < 1) {
            throw new IllegalArgumentException("a validator set needs at least one validator, got " + validatorCount);
        }
        return (2 * validatorCount) / 3 + 1;
    }
}
