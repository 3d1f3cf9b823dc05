package io.astraclear.node.e2e;

import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.Page;
import io.astraclear.ports.state.TransferQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Whole listings of what a hub store holds, page by page (bounded), for tests that compare all of it. */
final class StoreListings {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE = Page.MAX_LIMIT;
    /** 5 million items at most: far above any test's size, so a cursor that never ends fails instead of looping. */
    private static final int MAX_PAGES = 10_000;

    private StoreListings() {}

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("store read failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("store read did not complete within " + READ_TIMEOUT + ": " + e, e);
        }
    }

    static List<JournalEntry> journal(HubStore store) {
        return all(cursor -> store.journal(cursor, PAGE));
    }

    static List<NettingRecord> rounds(HubStore store) {
        return all(cursor -> store.nettingRounds(cursor, PAGE));
    }

    static List<SettlementRecord> settlements(HubStore store) {
        return all(cursor -> store.settlements(cursor, PAGE));
    }

    /** Every transfer, oldest first (by sequence). */
    static List<HubTransfer> transfers(HubStore store) {
        List<HubTransfer> newestFirst = all(cursor -> store.transfers(new TransferQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), cursor, PAGE)));
        return newestFirst.reversed();
    }

    /** Every batch of every destination, newest first as the store lists them. */
    static List<HubBatch> batches(HubStore store) {
        return all(cursor -> store.batches(Optional.empty(), cursor, PAGE));
    }

    /** Every event from id 1 on, ascending. */
    static List<HubEvent> events(HubStore store) {
        List<HubEvent> events = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<HubEvent> next = await(store.events(after, PAGE));
            if (next.isEmpty()) {
                return events;
            }
            events.addAll(next);
            after = next.getLast().id();
        }
        throw new AssertionError("the event listing did not end within " + MAX_PAGES + " pages");
    }

    private static <T> List<T> all(Function<Optional<String>, CompletionStage<Page<T>>> listing) {
        List<T> items = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < MAX_PAGES; page++) {
            Page<T> next = await(listing.apply(cursor));
            items.addAll(next.items());
            if (next.nextCursor().isEmpty()) {
                return items;
            }
            cursor = next.nextCursor();
        }
        throw new AssertionError("a listing did not end within " + MAX_PAGES + " pages");
    }
}
