package io.astraclear.adapters.postgres;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The opaque page cursors: {@code listing:sequence} for the append-only logs and
 * {@code transfers:epochMicros:sequence} for transfers. A cursor of another listing, or anything
 * else, is refused with {@link IllegalArgumentException}.
 */
final class Cursors {
    private static final String TRANSFERS = "transfers:";

    record TransferPosition(Instant observedAt, long sequence) {}

    private Cursors() {}

    static String sequence(String listing, long sequence) {
        return listing + ":" + sequence;
    }

    static long parseSequence(String listing, String cursor) {
        String prefix = listing + ":";
        if (cursor.startsWith(prefix)) {
            try {
                long sequence = Long.parseLong(cursor.substring(prefix.length()));
                if (sequence > 0) {
                    return sequence;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("not a cursor of the " + listing + " listing: " + abbreviate(cursor));
    }

    static String transfers(Instant observedAt, long sequence) {
        return TRANSFERS + RowCodec.epochMicros(observedAt) + ":" + sequence;
    }

    static TransferPosition parseTransfers(String cursor) {
        if (cursor.startsWith(TRANSFERS)) {
            String[] parts = cursor.substring(TRANSFERS.length()).split(":", -1);
            try {
                if (parts.length == 2) {
                    long micros = Long.parseLong(parts[0]);
                    long sequence = Long.parseLong(parts[1]);
                    if (sequence > 0) {
                        return new TransferPosition(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), sequence);
                    }
                }
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("not a cursor of the transfer listing: " + abbreviate(cursor));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
