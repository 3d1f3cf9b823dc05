package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.BankId;

/**
 * The page cursors of the hub's listings: the listing's name and the position of the last item
 * shown, e.g. {@code journal:17} or {@code batches:12:BANK_B:3}. Opaque to clients; a cursor of
 * another listing, or anything else, is refused with {@link IllegalArgumentException}.
 */
final class HubCursors {
    static final String TRANSFERS = "transfers";
    static final String BATCHES = "batches";
    static final String JOURNAL = "journal";
    static final String ROUNDS = "rounds";
    static final String SETTLEMENTS = "settlements";
    static final String TRANSACTIONS = "transactions";
    static final String EVIDENCE = "evidence";

    private static final int MAX_LENGTH = 200;

    private HubCursors() {}

    static String of(String listing, Object... position) {
        StringBuilder cursor = new StringBuilder(listing);
        for (Object part : position) {
            cursor.append(':').append(part);
        }
        return cursor.toString();
    }

    /** The parts of a cursor of {@code listing} with {@code parts} parts, unparsed. */
    static String[] parts(String listing, String cursor, int parts) {
        String prefix = listing + ":";
        if (cursor != null && cursor.length() <= MAX_LENGTH && cursor.startsWith(prefix)) {
            String[] split = cursor.substring(prefix.length()).split(":", -1);
            if (split.length == parts) {
                return split;
            }
        }
        throw refused(listing, cursor);
    }

    /** A positive number, as every sequence, height and id of a position is (an index may be 0). */
    static long number(String listing, String cursor, String part, long minimum) {
        try {
            long value = Long.parseLong(part);
            if (value >= minimum && part.equals(Long.toString(value))) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refused(listing, cursor);
    }

    static BankId bank(String listing, String cursor, String part) {
        try {
            return BankId.of(part);
        } catch (IllegalArgumentException e) {
            throw refused(listing, cursor);
        }
    }

    private static IllegalArgumentException refused(String listing, String cursor) {
        String shown = cursor == null ? "null" : cursor.length() <= 40 ? cursor : cursor.substring(0, 37) + "...";
        return new IllegalArgumentException("not a cursor of the " + listing + " listing: " + shown.replace("\u0000", "\\0"));
    }
}
