package io.astraclear.adapters.memory;

import java.util.regex.Pattern;

/**
 * The in-memory hub store's cursors: {@code listing:part.part...}, the key of the last item a page
 * held. Opaque to callers; parsing one that another listing made, or anything else, fails with
 * {@link IllegalArgumentException}.
 */
final class ListingCursor {
    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final int MAX_LENGTH = 200;

    private ListingCursor() {}

    static String of(String listing, Object... parts) {
        StringBuilder text = new StringBuilder(listing).append(':');
        for (int index = 0; index < parts.length; index++) {
            text.append(index == 0 ? "" : ".").append(parts[index]);
        }
        return text.toString();
    }

    /** The {@code count} parts of a cursor of {@code listing}. */
    static String[] parts(String listing, String cursor, int count) {
        String prefix = listing + ":";
        if (cursor == null || cursor.length() > MAX_LENGTH || !cursor.startsWith(prefix)) {
            throw malformed(listing, cursor);
        }
        String[] parts = cursor.substring(prefix.length()).split("\\.", -1);
        if (parts.length != count) {
            throw malformed(listing, cursor);
        }
        return parts;
    }

    /** A non-negative whole number part of a cursor of {@code listing}. */
    static long number(String listing, String cursor, String part) {
        if (!NUMBER.matcher(part).matches()) {
            throw malformed(listing, cursor);
        }
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw malformed(listing, cursor);
        }
    }

    /** The single number of a cursor of {@code listing}. */
    static long number(String listing, String cursor) {
        return number(listing, cursor, parts(listing, cursor, 1)[0]);
    }

    static IllegalArgumentException malformed(String listing, String cursor) {
        String shown = cursor == null ? "null" : cursor.length() <= 80 ? cursor : cursor.substring(0, 77) + "...";
        return new IllegalArgumentException("not a cursor of the " + listing + " listing: " + shown);
    }
}
