package io.astraclear.adapters.postgres;

import java.time.Instant;

/**
 * Block times as {@code bigint} nanoseconds since the epoch: exact (CometBFT's times carry
 * nanoseconds; {@code timestamptz} keeps microseconds) and ordered. A {@code long} spans the years
 * 1677 to 2262; a time outside cannot be stored and fails the write before anything is sent.
 */
final class EpochNanos {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {}

    static long of(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time " + time + " is outside what the store keeps (years 1677 to 2262)", e);
        }
    }

    /** For a bound of a query: instants beyond the range become its ends. */
    static long saturated(Instant time) {
        try {
            return of(time);
        } catch (IllegalArgumentException e) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
