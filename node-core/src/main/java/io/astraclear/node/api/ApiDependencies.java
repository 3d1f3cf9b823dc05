package io.astraclear.node.api;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.node.pipeline.ClearingPipeline;
import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.storage.StoragePort;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** What the API reads and drives. {@code devTransfers} exists in dev mode only. */
public record ApiDependencies(
        NodeConfig config,
        StoragePort storage,
        ClearingPipeline pipeline,
        EventJournal events,
        Supplier<ValidatorSet> validators,
        ApiPlugins plugins,
        NodeMetrics metrics,
        Optional<DevTransfers> devTransfers,
        Clock clock) {}
