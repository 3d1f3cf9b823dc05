package io.astraclear.node.metrics;

import io.astraclear.node.application.NodeView;
import io.astraclear.node.engine.EventFeed;
import io.astraclear.node.services.WatcherStatus;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's metrics: from the committed events (events by type, transfers by state, latency from
 * first attestation to confirmation and to execution in block time, equivocations, rejected
 * transactions by code, netting reduction, batch sizes), and on each scrape from the node's status
 * (height and last block time, transactions waiting, the engine, watcher lag and reachability per
 * chain, batches signed, relayer transactions). docs/API.md lists them.
 */
public final class HubMetrics implements AutoCloseable {
    private static final int LATENCY_TRACKED = 100_000;
    private static final List<HubEventType> TRANSFER_STATES = List.of(HubEventType.TRANSFER_OBSERVED, HubEventType.TRANSFER_CONFIRMED,
            HubEventType.TRANSFER_EXECUTED, HubEventType.TRANSFER_STUCK);

    private final MeterRegistry registry;
    private final Map<String, Instant> observedAt = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > LATENCY_TRACKED;
        }
    };
    private final Map<HubEventType, Counter> eventCounts = new EnumMap<>(HubEventType.class);
    private final Map<HubEventType, Counter> transferCounts = new EnumMap<>(HubEventType.class);
    private final Map<HubRejection, Counter> rejections = new EnumMap<>(HubRejection.class);
    private final Counter equivocations;
    private final Timer confirmedLatency;
    private final Timer executedLatency;
    private final DistributionSummary nettingReduction;
    private final DistributionSummary batchSize;
    private final AutoCloseable subscription;

    private HubMetrics(MeterRegistry registry, EventFeed events, NodeView node, List<BankId> banks) {
        this.registry = registry;
        // every series exists from the start at 0, so that rates and alerts work before the first event of a kind
        for (HubEventType type : HubEventType.values()) {
            eventCounts.put(type, Counter.builder("astra_events").description("Hub events committed, by type").tag("type", type.wireName()).register(registry));
        }
        for (HubEventType state : TRANSFER_STATES) {
            transferCounts.put(state, Counter.builder("astra_transfers").description("Transfers reaching a state (observed, confirmed, executed, stuck)")
                    .tag("state", state.wireName().substring("transfer.".length())).register(registry));
        }
        for (HubRejection code : HubRejection.values()) {
            rejections.put(code, Counter.builder("astra_transactions_rejected").description("Transactions a block rejected, by code")
                    .tag("code", code.name()).register(registry));
        }
        this.equivocations = Counter.builder("astra_equivocations")
                .description("Validators caught attesting two different observations of one subject").register(registry);
        this.confirmedLatency = latency("confirmed");
        this.executedLatency = latency("executed");
        this.nettingReduction = DistributionSummary.builder("astra_netting_reduction_percent")
                .description("Gross obligations removed by a netting round, in percent").baseUnit("percent")
                .serviceLevelObjectives(10, 25, 50, 75, 90, 100).register(registry);
        this.batchSize = DistributionSummary.builder("astra_batch_size").description("Mints per batch the hub cut")
                .serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 256).register(registry);
        Gauge.builder("astra_hub_height", () -> node.committedHead().height()).description("The last committed hub block").register(registry);
        Gauge.builder("astra_hub_last_block_time_seconds", () -> node.committedHead().height() == 0 ? 0 : node.committedHead().time().getEpochSecond())
                .description("The block time of the last committed hub block, in Unix seconds (0 before the first)").register(registry);
        Gauge.builder("astra_hub_transactions_waiting", () -> node.engine().waitingTransactions())
                .description("Transactions admitted and waiting for a block").register(registry);
        Gauge.builder("astra_consensus_up", () -> node.engine().healthy() ? 1 : 0).description("1 while the consensus engine runs").register(registry);
        Gauge.builder("astra_batches_signed", node::batchesSigned).description("Batches this node's validator signed since it started").register(registry);
        Gauge.builder("astra_relayer_transactions", node::relayedTransactions)
                .description("Destination-chain transactions this node's relayer got mined since it started").register(registry);
        for (BankId bank : banks) {
            Gauge.builder("astra_watcher_lag_blocks", () -> watcher(node, bank).map(WatcherStatus::lagBlocks).orElse(0L))
                    .description("Blocks between the chain's head and this node's attested checkpoint").tag("bank", bank.value()).register(registry);
            Gauge.builder("astra_chain_reachable", () -> watcher(node, bank).map(w -> w.reachable() ? 1 : 0).orElse(0))
                    .description("1 when the bank's chain RPC answered the last read").tag("bank", bank.value()).register(registry);
        }
        this.subscription = events.subscribe(this::onEvent);
    }

    public static HubMetrics bind(NodeMetrics metrics, EventFeed events, NodeView node, List<BankId> banks) {
        return new HubMetrics(metrics.registry(), events, node, banks);
    }

    private static Optional<WatcherStatus> watcher(NodeView node, BankId bank) {
        return node.watchers().stream().filter(w -> w.bank().equals(bank)).findFirst();
    }

    private Timer latency(String stage) {
        return Timer.builder("astra_transfer_latency")
                .description("Hub block time from a transfer's first attestation to " + stage)
                .tag("stage", stage)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofMinutes(5))
                .register(registry);
    }

    private void onEvent(HubEvent event) {
        eventCounts.get(event.type()).increment();
        switch (event.type()) {
            case TRANSFER_OBSERVED, TRANSFER_CONFIRMED, TRANSFER_EXECUTED, TRANSFER_STUCK -> {
                transferCounts.get(event.type()).increment();
                latency(event);
            }
            case EQUIVOCATION_DETECTED -> equivocations.increment();
            case TRANSACTION_REJECTED -> {
                try {
                    rejections.get(HubRejection.valueOf(event.data().getOrDefault("code", ""))).increment();
                } catch (IllegalArgumentException unknown) {
                    // a code this node does not know: counted in astra_events_total{type="transaction.rejected"} only
                }
            }
            case NETTING_COMPLETED -> {
                try {
                    nettingReduction.record(Double.parseDouble(event.data().getOrDefault("reductionPercent", "0")));
                } catch (NumberFormatException ignored) {
                    // not a number: nothing to record
                }
            }
            case BATCH_CREATED -> {
                try {
                    batchSize.record(Integer.parseInt(event.data().getOrDefault("size", "0")));
                } catch (NumberFormatException ignored) {
                    // not a number: nothing to record
                }
            }
            default -> { }
        }
    }

    private synchronized void latency(HubEvent event) {
        String transferId = event.data().get("transferId");
        if (transferId == null) {
            return;
        }
        if (event.type() == HubEventType.TRANSFER_OBSERVED) {
            observedAt.put(transferId, event.time());
            return;
        }
        Instant observed = event.type() == HubEventType.TRANSFER_EXECUTED ? observedAt.remove(transferId) : observedAt.get(transferId);
        if (observed != null) {
            Timer timer = event.type() == HubEventType.TRANSFER_CONFIRMED ? confirmedLatency : event.type() == HubEventType.TRANSFER_EXECUTED ? executedLatency : null;
            if (timer != null) {
                timer.record(Duration.between(observed, event.time()));
            }
        }
    }

    @Override
    public void close() throws Exception {
        subscription.close();
    }
}
