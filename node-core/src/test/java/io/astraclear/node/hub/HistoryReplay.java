package io.astraclear.node.hub;

import io.astraclear.node.engine.ReplicatedHub;
import io.astraclear.node.testing.TestKeys;
import io.astraclear.ports.consensus.CommittedHead;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Replays a recorded history block by block through the node's own {@link ReplicatedHub} on a real
 * store, restarting the hub — a new state machine loaded from what the store committed — before the
 * blocks named in {@code restartBefore}, the way a node comes back after a crash.
 */
final class HistoryReplay {
    private HistoryReplay() {}

    /**
     * @param reopen given the store the hub ran on, the store a restarted node gets: the same one
     *               (memory survives in-process), or a new connection to the same database
     * @return the app hash after every block
     */
    static List<Bytes32> replay(Vertx vertx, RandomHistory history, HubStore store, UnaryOperator<HubStore> reopen, List<Integer> restartBefore)
            throws Exception {
        HubFixture reference = history.reference();
        HubStore current = store;
        ReplicatedHub hub = open(vertx, reference, current);
        List<Bytes32> appHashes = new ArrayList<>();
        for (int index = 0; index < history.blocks().size(); index++) {
            if (restartBefore.contains(index)) {
                current = reopen.apply(current);
                hub = open(vertx, reference, current);
                if (hub.committedHead().height() != index) {
                    throw new AssertionError("after a restart before block " + (index + 1) + " the hub is at height " + hub.committedHead().height());
                }
            }
            HubBlock block = history.blocks().get(index);
            Future.fromCompletionStage(hub.finalizeBlock(block)).await(30, TimeUnit.SECONDS);
            CommittedHead head = Future.fromCompletionStage(hub.commit()).await(30, TimeUnit.SECONDS);
            appHashes.add(head.appHash());
        }
        return appHashes;
    }

    private static ReplicatedHub open(Vertx vertx, HubFixture reference, HubStore store) throws Exception {
        return ReplicatedHub.open(vertx, reference.genesis, store, reference.netting, TestKeys::recover).await(30, TimeUnit.SECONDS);
    }
}
