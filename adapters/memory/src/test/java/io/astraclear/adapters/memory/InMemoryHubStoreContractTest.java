package io.astraclear.adapters.memory;

import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubStoreContract;

/** The in-memory hub store keeps the whole hub store contract (nothing of it survives the process, so no durability part). */
class InMemoryHubStoreContractTest extends HubStoreContract {
    @Override
    protected HubStore newStore() {
        return InMemoryStorage.hubStore();
    }
}
