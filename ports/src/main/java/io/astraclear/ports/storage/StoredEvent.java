package io.astraclear.ports.storage;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event of the node's event stream as stored, so a client can resume from the last id it saw,
 * even across a restart. The node assigns ids, strictly increasing; storage keeps them as given.
 * {@code data} holds flat string fields (transferId, sourceBank, ...), kept in key order.
 */
public record StoredEvent(long id, String type, Instant at, Map<String, String> data) {
    public StoredEvent {
        if (id < 1) {
            throw new IllegalArgumentException("event id must be positive, got " + id);
        }
        if (type == null || type.isBlank() || type.length() > StorageLimits.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("event type must be 1 to " + StorageLimits.MAX_NAME_LENGTH + " characters, not blank");
        }
        if (at == null || data == null) {
            throw new IllegalArgumentException("event " + id + " needs a time and data");
        }
        if (data.size() > StorageLimits.MAX_EVENT_FIELDS) {
            throw new IllegalArgumentException("event " + id + " has " + data.size() + " fields, at most " + StorageLimits.MAX_EVENT_FIELDS);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        data.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > StorageLimits.MAX_NAME_LENGTH || value == null) {
                throw new IllegalArgumentException("event " + id + " has a malformed field '" + key + "'");
            }
            sorted.put(key, value);
        });
        data = java.util.Collections.unmodifiableMap(sorted);
    }
}
