package io.astraclear.node.e2e;

/** The clearing flow with dev mode's in-memory storage. */
class InMemoryClearingFlowIT extends ClearingFlowContract {
    @Override
    String storageUrl() {
        return "memory";
    }
}
