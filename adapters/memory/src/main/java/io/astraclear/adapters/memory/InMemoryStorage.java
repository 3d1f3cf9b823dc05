package io.astraclear.adapters.memory;

import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.storage.StoragePort;
import java.time.Clock;

/**
 * Stores held in this process's memory, with the same semantics as the PostgreSQL ones (both pass
 * the same contract tests), for dev mode and fast tests. Nothing survives the process. Thread-safe;
 * every call completes before it returns.
 */
public final class InMemoryStorage {
    private InMemoryStorage() {}

    /** An empty hub store (passes {@code HubStoreContract}). */
    public static HubStore hubStore() {
        return new InMemoryHubStore();
    }

    /** An empty storage stamping observations and votes with the system clock (UTC). */
    public static StoragePort create() {
        return create(Clock.systemUTC());
    }

    /** An empty storage stamping observations and votes with {@code clock}. */
    public static StoragePort create(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("in-memory storage needs a clock");
        }
        return new InMemoryStorageAdapter(clock);
    }
}
