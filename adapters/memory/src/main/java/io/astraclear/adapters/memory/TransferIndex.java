package io.astraclear.adapters.memory;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.Page;
import io.astraclear.ports.state.TransferQuery;
import io.astraclear.ports.state.TransferStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latest image of every transfer, with the indices its listing needs: by sequence, by current
 * status, by bank (source or destination of {@link HubTransfer#observed()}) and by both, so a
 * filtered page walks only candidates. Not thread-safe: the store's lock guards it. Hash maps serve
 * lookups only; everything listed comes from sorted sets.
 */
final class TransferIndex {
    static final String LISTING = "transfers";
    /** At most this many candidates are looked at per page (the time filter is not indexed); the page then ends early with a cursor. */
    static final int MAX_SCANNED_PER_PAGE = 10_000;

    private record StatusAndBank(TransferStatus status, BankId bank) {}

    /** An image and the banks it is listed under, computed once (observed() hashes a content). */
    private record Entry(HubTransfer image, BankId source, BankId destination) {
        static Entry of(HubTransfer image) {
            return new Entry(image, image.sourceBank(), image.destinationBank());
        }
    }

    private final Map<TransferId, Entry> byId = new HashMap<>();
    private final TreeMap<Long, Entry> bySequence = new TreeMap<>();
    private final EnumMap<TransferStatus, TreeSet<Long>> byStatus = new EnumMap<>(TransferStatus.class);
    private final Map<BankId, TreeSet<Long>> byBank = new HashMap<>();
    private final Map<StatusAndBank, TreeSet<Long>> byStatusAndBank = new HashMap<>();

    Optional<HubTransfer> get(TransferId transferId) {
        Entry entry = byId.get(transferId);
        return entry == null ? Optional.empty() : Optional.of(entry.image);
    }

    /** The stored images of these ids, each once, in the order asked. */
    List<HubTransfer> get(Collection<TransferId> transferIds) {
        List<HubTransfer> found = new ArrayList<>();
        for (TransferId transferId : new LinkedHashSet<>(transferIds)) {
            get(transferId).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Why a block's images cannot be stored, if they cannot: a sequence is the listing's key and a
     * transfer's order of first attestation, so it never changes and never belongs to two transfers.
     */
    Optional<String> conflict(List<HubTransfer> images) {
        Map<TransferId, HubTransfer> latest = new LinkedHashMap<>();
        images.forEach(image -> latest.put(image.transferId(), image));
        Map<Long, TransferId> claimed = new HashMap<>();
        for (HubTransfer image : latest.values()) {
            Entry stored = byId.get(image.transferId());
            if (stored != null && stored.image.sequence() != image.sequence()) {
                return Optional.of("transfer " + image.transferId() + " has sequence " + stored.image.sequence() + ", an image gives " + image.sequence());
            }
            TransferId other = claimed.putIfAbsent(image.sequence(), image.transferId());
            if (other != null) {
                return Optional.of("transfers " + other + " and " + image.transferId() + " both have sequence " + image.sequence());
            }
            Entry owner = bySequence.get(image.sequence());
            if (owner != null && !owner.image.transferId().equals(image.transferId())) {
                return Optional.of("sequence " + image.sequence() + " belongs to transfer " + owner.image.transferId() + ", not " + image.transferId());
            }
        }
        return Optional.empty();
    }

    /** Stores an image (checked by {@link #conflict}), replacing the transfer's earlier one. */
    void put(HubTransfer image) {
        Entry entry = Entry.of(image);
        Entry previous = byId.put(image.transferId(), entry);
        if (previous != null) {
            unindex(previous);
        }
        bySequence.put(image.sequence(), entry);
        long sequence = image.sequence();
        byStatus.computeIfAbsent(image.status(), status -> new TreeSet<>()).add(sequence);
        for (BankId bank : List.of(entry.source, entry.destination)) {
            byBank.computeIfAbsent(bank, key -> new TreeSet<>()).add(sequence);
            byStatusAndBank.computeIfAbsent(new StatusAndBank(image.status(), bank), key -> new TreeSet<>()).add(sequence);
        }
    }

    private void unindex(Entry entry) {
        long sequence = entry.image.sequence();
        bySequence.remove(sequence);
        byStatus.get(entry.image.status()).remove(sequence);
        for (BankId bank : List.of(entry.source, entry.destination)) {
            byBank.get(bank).remove(sequence);
            byStatusAndBank.get(new StatusAndBank(entry.image.status(), bank)).remove(sequence);
        }
    }

    /** OBSERVED and CONFIRMED transfers, by sequence. */
    List<HubTransfer> live() {
        TreeSet<Long> live = new TreeSet<>(byStatus.getOrDefault(TransferStatus.OBSERVED, new TreeSet<>()));
        live.addAll(byStatus.getOrDefault(TransferStatus.CONFIRMED, new TreeSet<>()));
        List<HubTransfer> images = new ArrayList<>(live.size());
        for (long sequence : live) {
            images.add(bySequence.get(sequence).image);
        }
        return images;
    }

    /**
     * Newest first by sequence. The cursor is a sequence: the next page starts below it. New
     * transfers get higher sequences and a changed image keeps its sequence, so pages never skip or
     * repeat. A page that looked at {@link #MAX_SCANNED_PER_PAGE} candidates ends there, possibly short.
     */
    Page<HubTransfer> list(TransferQuery query) {
        NavigableSet<Long> candidates = candidates(query);
        if (query.cursor().isPresent()) {
            long after = ListingCursor.number(LISTING, query.cursor().get());
            candidates = candidates.headSet(after, false);
        }
        List<HubTransfer> items = new ArrayList<>();
        int scanned = 0;
        long lastScanned = 0;
        for (long sequence : candidates.descendingSet()) {
            if (scanned == MAX_SCANNED_PER_PAGE) {
                return new Page<>(items, Optional.of(ListingCursor.of(LISTING, lastScanned)));
            }
            scanned++;
            lastScanned = sequence;
            HubTransfer image = bySequence.get(sequence).image;
            if (!observedWithin(image, query)) {
                continue;
            }
            if (items.size() == query.limit()) {
                return new Page<>(items, Optional.of(ListingCursor.of(LISTING, items.getLast().sequence())));
            }
            items.add(image);
        }
        return new Page<>(items, Optional.empty());
    }

    private NavigableSet<Long> candidates(TransferQuery query) {
        TreeSet<Long> none = new TreeSet<>();
        if (query.status().isPresent() && query.bank().isPresent()) {
            return byStatusAndBank.getOrDefault(new StatusAndBank(query.status().get(), query.bank().get()), none);
        }
        if (query.status().isPresent()) {
            return byStatus.getOrDefault(query.status().get(), none);
        }
        if (query.bank().isPresent()) {
            return byBank.getOrDefault(query.bank().get(), none);
        }
        return Collections.unmodifiableNavigableSet(bySequence.navigableKeySet());
    }

    private static boolean observedWithin(HubTransfer image, TransferQuery query) {
        return query.observedFrom().map(from -> !image.firstAttestedTime().isBefore(from)).orElse(true)
                && query.observedTo().map(to -> image.firstAttestedTime().isBefore(to)).orElse(true);
    }
}
