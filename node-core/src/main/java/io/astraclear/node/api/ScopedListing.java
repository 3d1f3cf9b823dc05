package io.astraclear.node.api;

import io.astraclear.ports.state.Page;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A page of a stored log as one token may see it, for logs the store cannot filter by bank: reads
 * the store's pages from {@code cursor}, keeping the visible entries, until {@code limit} are kept,
 * the log ends, or {@link #MAX_STORE_PAGES} were read. Each store page asks for no more than the
 * entries still missing, so the store's cursor after the last page read is exactly where the next
 * page starts. A page can therefore hold fewer than {@code limit} entries while a {@code nextCursor}
 * says more may follow.
 */
final class ScopedListing {
    static final int MAX_STORE_PAGES = 20;

    private ScopedListing() {}

    static <T> Future<Page<T>> read(BiFunction<Optional<String>, Integer, Future<Page<T>>> store, Optional<String> cursor, int limit,
            Predicate<T> visible) {
        return next(store, cursor, limit, visible, new ArrayList<>(), 0);
    }

    private static <T> Future<Page<T>> next(BiFunction<Optional<String>, Integer, Future<Page<T>>> store, Optional<String> cursor, int limit,
            Predicate<T> visible, List<T> kept, int pagesRead) {
        return store.apply(cursor, limit - kept.size()).compose(page -> {
            page.items().stream().filter(visible).forEach(kept::add);
            boolean done = kept.size() >= limit || page.nextCursor().isEmpty() || pagesRead + 1 >= MAX_STORE_PAGES;
            return done ? Future.succeededFuture(new Page<>(kept, page.nextCursor()))
                    : next(store, page.nextCursor(), limit, visible, kept, pagesRead + 1);
        });
    }
}
