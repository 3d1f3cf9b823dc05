package io.astraclear.adapters.memory;

import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoragePortContract;

/** The in-memory storage keeps the whole storage contract. */
class InMemoryStorageContractTest extends StoragePortContract {
    @Override
    protected StoragePort openStorage(MutableClock clock) {
        return InMemoryStorage.create(clock);
    }
}
