package io.astraclear.adapters.memory;

import io.astraclear.ports.state.HubStore;

/**
 * The hub store held in this process's memory, with the same semantics as the PostgreSQL one (both
 * pass {@code HubStoreContract}), for dev mode and fast tests. Nothing survives the process.
 * Thread-safe; every call completes before it returns.
 */
public final class InMemoryStorage {
    private InMemoryStorage() {}

    /** An empty hub store. */
    public static HubStore hubStore() {
        return new InMemoryHubStore();
    }
}
