package io.astraclear.adapters.memory;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latest image of every batch, listed newest first (created height, then batch id, both
 * descending) overall and per destination bank, and the open ones by id. Not thread-safe: the
 * store's lock guards it. The hash map serves lookups only.
 */
final class BatchIndex {
    static final String LISTING = "batches";

    /** Where a batch stands in the listing, oldest first (the listing walks it backwards). */
    private record Place(long createdHeight, BatchId id) implements Comparable<Place> {
        @Override
        public int compareTo(Place other) {
            int byHeight = Long.compare(createdHeight, other.createdHeight);
            return byHeight != 0 ? byHeight : id.compareTo(other.id);
        }

        String cursor() {
            return ListingCursor.of(LISTING, createdHeight, id.bank(), id.number());
        }

        static Place parse(String cursor) {
            String[] parts = ListingCursor.parts(LISTING, cursor, 3);
            try {
                return new Place(ListingCursor.number(LISTING, cursor, parts[0]),
                        new BatchId(BankId.of(parts[1]), ListingCursor.number(LISTING, cursor, parts[2])));
            } catch (IllegalArgumentException e) {
                throw ListingCursor.malformed(LISTING, cursor);
            }
        }
    }

    private final Map<BatchId, HubBatch> byId = new HashMap<>();
    private final TreeSet<Place> all = new TreeSet<>();
    private final Map<BankId, TreeSet<Place>> byBank = new HashMap<>();
    private final TreeMap<BatchId, HubBatch> open = new TreeMap<>();

    Optional<HubBatch> get(BatchId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Stores an image, replacing the batch's earlier one. */
    void put(HubBatch image) {
        HubBatch previous = byId.put(image.id(), image);
        if (previous != null) {
            Place place = new Place(previous.createdHeight(), previous.id());
            all.remove(place);
            byBank.get(previous.id().bank()).remove(place);
        }
        Place place = new Place(image.createdHeight(), image.id());
        all.add(place);
        byBank.computeIfAbsent(image.id().bank(), bank -> new TreeSet<>()).add(place);
        if (image.status() == HubBatch.Status.OPEN) {
            open.put(image.id(), image);
        } else {
            open.remove(image.id());
        }
    }

    /** Open batches by id. */
    List<HubBatch> open() {
        return List.copyOf(open.values());
    }

    Page<HubBatch> list(Optional<BankId> bank, Optional<String> cursor, int limit) {
        Page.checkLimit(limit);
        NavigableSet<Place> places = bank.isPresent() ? byBank.getOrDefault(bank.get(), new TreeSet<>()) : all;
        if (cursor.isPresent()) {
            places = places.headSet(Place.parse(cursor.get()), false);
        }
        List<HubBatch> items = new ArrayList<>();
        for (Place place : places.descendingSet()) {
            if (items.size() == limit) {
                return new Page<>(items, Optional.of(new Place(items.getLast().createdHeight(), items.getLast().id()).cursor()));
            }
            items.add(byId.get(place.id()));
        }
        return new Page<>(items, Optional.empty());
    }
}
