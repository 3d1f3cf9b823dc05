package io.astraclear.ports.state;

import java.util.List;
import java.util.Optional;

/** One page of a listing; {@code nextCursor} is opaque and absent on the last page. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public static final int MAX_LIMIT = 500;

    public Page {
        items = List.copyOf(items);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }

    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("page limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }
}
