package io.astraclear.node.application;

import io.astraclear.node.services.WatcherStatus;
import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Future;
import java.util.List;

/** What the node is doing right now, for the API's status routes: its keys, the hub it runs, its engine and its services. */
public interface NodeView {
    /** This node's validator address. */
    Address validator();

    /** The last committed block's head. */
    HubHead committedHead();

    EngineStatus engine();

    /** The validator sets as of the last committed block. */
    Future<ValidatorSets> validatorSets();

    List<WatcherStatus> watchers();

    /** Batches this node has signed since it started. */
    long batchesSigned();

    /** Destination-chain transactions this node's relayer got mined since it started. */
    long relayedTransactions();
}
