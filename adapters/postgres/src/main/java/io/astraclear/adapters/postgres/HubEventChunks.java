package io.astraclear.adapters.postgres;

import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event stream in chunks: up to {@link #MAX_EVENTS} events with consecutive ids per row of
 * {@code hub_event_chunks}, encoded together. A block's 20,000 events are then 79 rows, where one
 * row per event cost the commit about ten times as much; a page of events decodes the chunks it
 * touches. A chunk never spans a gap in the ids, so its id range holds exactly its events and the
 * table's exclusion constraint on ranges keeps every id stored once.
 */
final class HubEventChunks {
    static final int MAX_EVENTS = 256;

    /** Events {@code firstId..lastId}, encoded. */
    record Chunk(long firstId, long lastId, byte[] events) {}

    private HubEventChunks() {}

    /** The chunks of one block's events (in any order); a repeated id is a broken state machine. */
    static List<Chunk> of(List<HubEvent> events) {
        List<HubEvent> sorted = events.stream().sorted(Comparator.comparingLong(HubEvent::id)).toList();
        List<Chunk> chunks = new ArrayList<>(sorted.size() / MAX_EVENTS + 1);
        int start = 0;
        for (int index = 1; index <= sorted.size(); index++) {
            if (index < sorted.size() && sorted.get(index).id() == sorted.get(index - 1).id()) {
                throw new IllegalStateException("the block holds event " + sorted.get(index).id() + " twice");
            }
            if (index == sorted.size() || index - start == MAX_EVENTS || sorted.get(index).id() != sorted.get(index - 1).id() + 1) {
                List<HubEvent> chunk = sorted.subList(start, index);
                chunks.add(new Chunk(chunk.getFirst().id(), chunk.getLast().id(), encode(chunk)));
                start = index;
            }
        }
        return chunks;
    }

    private static byte[] encode(List<HubEvent> events) {
        ImageWriter out = new ImageWriter(64 + 160 * events.size());
        out.code(HubImageCodec.FORMAT);
        for (HubEvent event : events) {
            out.number(event.height()).instant(event.time()).text(event.type().wireName());
            out.list(event.data().entrySet(), field -> out.text(field.getKey()).text(field.getValue()));
            out.list(event.banks(), out::bank);
        }
        return out.toByteArray();
    }

    /** The events of a chunk, ids {@code firstId..lastId}. */
    static List<HubEvent> decode(long firstId, long lastId, byte[] chunk) {
        ImageReader in = HubImageCodec.reader(chunk);
        List<HubEvent> events = new ArrayList<>((int) Math.min(MAX_EVENTS, lastId - firstId + 1));
        for (long id = firstId; id <= lastId; id++) {
            long height = in.number();
            Instant time = in.instant();
            String wireName = in.text();
            HubEventType type = HubEventType.fromWireName(wireName).orElseThrow(() -> new IllegalStateException(
                    "a stored event has type '" + wireName + "', which this code does not know"));
            int fields = in.count(2);
            Map<String, String> data = new LinkedHashMap<>();
            for (int field = 0; field < fields; field++) {
                data.put(in.text(), in.text());
            }
            events.add(new HubEvent(id, height, time, type, data, in.list(2, in::bank)));
        }
        in.end();
        return events;
    }
}
