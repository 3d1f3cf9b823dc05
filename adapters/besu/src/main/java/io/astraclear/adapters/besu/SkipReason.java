package io.astraclear.adapters.besu;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** The Executor's {@code SkipReason}, in its declaration order: a {@code CommandSkipped} log carries the ordinal as a uint8. */
enum SkipReason {
    ALREADY_PROCESSED("AlreadyProcessed"),
    ZERO_AMOUNT("ZeroAmount"),
    ZERO_RECIPIENT("ZeroRecipient");

    private static final List<SkipReason> BY_ORDINAL = List.of(values());

    private final String solidityName;

    SkipReason(String solidityName) {
        this.solidityName = solidityName;
    }

    /** The reason with this ordinal; empty for a value the Executor does not declare. */
    static Optional<SkipReason> of(BigInteger ordinal) {
        return ordinal.signum() >= 0 && ordinal.compareTo(BigInteger.valueOf(BY_ORDINAL.size())) < 0
                ? Optional.of(BY_ORDINAL.get(ordinal.intValueExact()))
                : Optional.empty();
    }

    static SkipReason of(int ordinal) {
        return of(BigInteger.valueOf(ordinal)).orElseThrow(() -> new IllegalArgumentException("no SkipReason " + ordinal));
    }

    /** The name as the contract declares it. */
    String solidityName() {
        return solidityName;
    }
}
