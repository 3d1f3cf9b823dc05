package io.astraclear.node.metrics;

import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.node.pipeline.PipelineStatus;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.storage.StoragePort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pipeline metrics read from the node's event stream (no pipeline code changes): transfers by
 * state, end-to-end latency, equivocations, relay failures, netting reduction; and from the
 * pipeline's status on each scrape: watcher lag per chain, transfers awaiting votes, commands in relay.
 */
public final class PipelineMetrics implements AutoCloseable {
    private static final int LATENCY_TRACKED = 100_000;
    private static final Set<String> TRANSFER_STATES = Set.of(NodeEvent.TRANSFER_OBSERVED, NodeEvent.TRANSFER_CONFIRMED,
            NodeEvent.TRANSFER_EXECUTED, NodeEvent.TRANSFER_STUCK);

    private final MeterRegistry registry;
    private final StoragePort storage;
    private final Map<String, Instant> observedAt = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > LATENCY_TRACKED;
        }
    };
    private final Map<String, Boolean> chainsRegistered = new ConcurrentHashMap<>();
    private final Timer confirmedLatency;
    private final Timer executedLatency;
    private final DistributionSummary nettingReduction;
    private final DistributionSummary relayedInBatchesOf;
    private final AutoCloseable subscription;

    private PipelineMetrics(MeterRegistry registry, EventJournal events, StoragePort storage, Supplier<PipelineStatus> status, java.util.List<String> banks) {
        this.registry = registry;
        this.storage = storage;
        this.confirmedLatency = latency("confirmed");
        this.executedLatency = latency("executed");
        this.nettingReduction = DistributionSummary.builder("astra_netting_reduction_percent")
                .description("Gross obligations removed by a netting round, in percent").baseUnit("percent")
                .serviceLevelObjectives(10, 25, 50, 75, 90, 100).register(registry);
        this.relayedInBatchesOf = DistributionSummary.builder("astra_relay_batch_size")
                .description("Transfers this node's relayer minted, by the number of commands in their transaction (1: alone)")
                .serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 256).register(registry);
        Gauge.builder("astra_transfers_awaiting_votes", () -> status.get().transfersAwaitingVotes())
                .description("Transfers observed and signed, short of threshold").register(registry);
        Gauge.builder("astra_commands_in_relay", () -> status.get().commandsInRelay())
                .description("Confirmed commands queued or in flight to the destination Executor").register(registry);
        Gauge.builder("astra_votes_rejected", () -> status.get().rejectedVotes())
                .description("Votes refused (signer not a validator, signature does not recover)").register(registry);
        Gauge.builder("astra_events_unstored", events::unstoredEvents)
                .description("Events delivered but not stored (storage failing or too far behind)").register(registry);
        for (String bank : banks) {
            registerChain(bank, status);
        }
        this.subscription = events.subscribe(this::onEvent);
    }

    /** Subscribes to {@code events}; {@code status} is read on each scrape, for the chains of {@code banks}. */
    public static PipelineMetrics bind(NodeMetrics metrics, EventJournal events, StoragePort storage, Supplier<PipelineStatus> status, java.util.List<String> banks) {
        return new PipelineMetrics(metrics.registry(), events, storage, status, banks);
    }

    private Timer latency(String stage) {
        return Timer.builder("astra_transfer_latency")
                .description("From the node observing a transfer on its source chain to " + stage)
                .tag("stage", stage)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofMinutes(5))
                .register(registry);
    }

    private void registerChain(String bank, Supplier<PipelineStatus> status) {
        if (chainsRegistered.putIfAbsent(bank, true) != null) {
            return;
        }
        Gauge.builder("astra_watcher_lag_blocks", () -> chain(status, bank).map(PipelineStatus.Chain::lagBlocks).orElse(0L))
                .description("Blocks between the chain's head and the watcher's stored checkpoint").tag("bank", bank).register(registry);
        Gauge.builder("astra_chain_reachable", () -> chain(status, bank).map(c -> c.reachable() ? 1 : 0).orElse(0))
                .description("1 when the bank's chain RPC answered the last read").tag("bank", bank).register(registry);
    }

    private static java.util.Optional<PipelineStatus.Chain> chain(Supplier<PipelineStatus> status, String bank) {
        return status.get().chains().stream().filter(c -> c.bank().value().equals(bank)).findFirst();
    }

    private void onEvent(NodeEvent event) {
        Counter.builder("astra_events").description("Events published, by type").tag("type", event.type()).register(registry).increment();
        if (TRANSFER_STATES.contains(event.type())) {
            Counter.builder("astra_transfers").description("Transfers reaching a state (observed, confirmed, executed, stuck)")
                    .tag("state", event.type().substring("transfer.".length())).register(registry).increment();
            latency(event);
        }
        switch (event.type()) {
            case NodeEvent.EQUIVOCATION_DETECTED -> Counter.builder("astra_equivocations").description("Validators caught signing two digests for one command")
                    .register(registry).increment();
            case NodeEvent.TRANSFER_STUCK -> {
                if (event.data().containsKey("commandId")) {
                    Counter.builder("astra_relay_failures").description("Confirmed transfers whose relaying gave up or reverted")
                            .register(registry).increment();
                }
            }
            case NodeEvent.TRANSFER_EXECUTED -> {
                int batchSize = Integer.parseInt(event.data().getOrDefault("batchSize", "0"));
                if (batchSize > 0) {
                    relayedInBatchesOf.record(batchSize);
                }
            }
            case NodeEvent.SETTLEMENT_CONFIRMED -> Counter.builder("astra_settlements").description("Settlements confirmed")
                    .register(registry).increment();
            case NodeEvent.NETTING_COMPLETED -> netting(event);
            default -> { }
        }
    }

    private void latency(NodeEvent event) {
        String transferId = event.data().get("transferId");
        if (transferId == null) {
            return;
        }
        Instant observed;
        synchronized (observedAt) {
            if (event.type().equals(NodeEvent.TRANSFER_OBSERVED)) {
                observedAt.put(transferId, event.at());
                return;
            }
            observed = event.type().equals(NodeEvent.TRANSFER_CONFIRMED) ? observedAt.get(transferId) : observedAt.remove(transferId);
        }
        if (observed == null) {
            return;
        }
        Duration elapsed = Duration.between(observed, event.at());
        switch (event.type()) {
            case NodeEvent.TRANSFER_CONFIRMED -> confirmedLatency.record(elapsed);
            case NodeEvent.TRANSFER_EXECUTED -> executedLatency.record(elapsed);
            default -> { }
        }
    }

    private void netting(NodeEvent event) {
        long roundId;
        try {
            roundId = Long.parseLong(event.data().getOrDefault("roundId", ""));
        } catch (NumberFormatException e) {
            return;
        }
        storage.nettingRound(roundId).thenAccept(found -> found.ifPresent(round -> {
            NettingFigures figures = NettingFigures.of(round.before(), round.after());
            nettingReduction.record(figures.reductionPercent().doubleValue());
            Counter.builder("astra_netting_gross_removed").description("Gross obligations (base units) removed by netting, approximate")
                    .register(registry).increment(figures.grossBefore().subtract(figures.grossAfter()).max(java.math.BigInteger.ZERO).doubleValue());
        }));
    }

    @Override
    public void close() throws Exception {
        subscription.close();
    }
}
