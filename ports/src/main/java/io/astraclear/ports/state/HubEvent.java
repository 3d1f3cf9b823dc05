package io.astraclear.ports.state;

import io.astraclear.ports.domain.BankId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event of the hub's stream: numbered without gaps in block order, with the block's height and
 * time, flat string fields (kept in key order) and the banks it concerns (a bank-scoped stream gets
 * only the events that name its bank).
 */
public record HubEvent(long id, long height, Instant time, HubEventType type, Map<String, String> data, List<BankId> banks) {
    public static final int MAX_FIELDS = 32;
    public static final int MAX_VALUE_LENGTH = 4_096;

    public HubEvent {
        if (id < 1 || height < 1 || time == null || type == null || data == null || banks == null) {
            throw new IllegalArgumentException("hub event needs an id, a height, a time, a type, data and banks");
        }
        if (data.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("event " + id + " has " + data.size() + " fields, at most " + MAX_FIELDS);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        data.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null || value.length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("event " + id + " has a malformed field '" + key + "'");
            }
            sorted.put(key, value);
        });
        data = Collections.unmodifiableMap(sorted);
        banks = banks.stream().sorted().distinct().toList();
    }
}
