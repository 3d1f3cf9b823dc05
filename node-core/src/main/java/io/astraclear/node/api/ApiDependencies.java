package io.astraclear.node.api;

import io.astraclear.node.application.NodeView;
import io.astraclear.node.application.Operations;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.engine.EventFeed;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.state.HubStore;
import java.time.Clock;
import java.util.Optional;

/**
 * What the API reads and drives: committed hub state through the store, the node's status, the
 * writing use cases, the event feed. {@code devTransfers} exists in dev mode only.
 */
public record ApiDependencies(
        NodeConfig config,
        HubGenesis genesis,
        HubStore store,
        NodeView node,
        Operations operations,
        EventFeed events,
        ApiPlugins plugins,
        NodeMetrics metrics,
        Optional<DevTransfers> devTransfers,
        Clock clock) {}
