package io.astraclear.node;

import io.astraclear.node.api.ApiDependencies;
import io.astraclear.node.api.ApiPlugins;
import io.astraclear.node.api.DevTransfers;
import io.astraclear.node.api.HttpApi;
import io.astraclear.node.application.ApproveValidatorSet;
import io.astraclear.node.application.ConfirmSettlement;
import io.astraclear.node.application.NodeView;
import io.astraclear.node.application.Operations;
import io.astraclear.node.application.RequestNetting;
import io.astraclear.node.application.SubmitTransaction;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.engine.EventFeed;
import io.astraclear.node.engine.HubContexts;
import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.node.engine.ReplicatedHub;
import io.astraclear.node.engine.SoloEngine;
import io.astraclear.node.engine.TransactionWaiters;
import io.astraclear.node.metrics.HubMetrics;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.node.plugins.LoadedPlugins;
import io.astraclear.node.services.BatchSigner;
import io.astraclear.node.services.ChainWatcher;
import io.astraclear.node.services.Relayer;
import io.astraclear.node.services.WatcherStatus;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: plugins loaded, the hub's store and the chains connected, the hub state machine
 * driven by its consensus engine, the per-node services around it (chain watchers, batch signer,
 * relayer) and the API. Start-up fails fast, naming what is missing, and releases what it had opened.
 */
public final class AstraNode {
    private static final Logger LOG = LoggerFactory.getLogger(AstraNode.class);
    /** How long a watcher waits for its attestation to be in a committed block before it reads again. */
    private static final Duration ATTEST_COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final NodeConfig config;
    private final LoadedPlugins plugins;
    private final HubStore store;
    private final Map<BankId, ChainPort> chains;
    private final ReplicatedHub hub;
    private final SoloEngine engine;
    private final EventFeed events;
    private final List<ChainWatcher> watchers;
    private final BatchSigner batchSigner;
    private final Relayer relayer;
    private final HttpApi api;
    private final HubMetrics hubMetrics;
    private String apiDeployment;

    private AstraNode(Vertx vertx, NodeConfig config, LoadedPlugins plugins, HubStore store, Map<BankId, ChainPort> chains, ReplicatedHub hub,
            SoloEngine engine, EventFeed events, List<ChainWatcher> watchers, BatchSigner batchSigner, Relayer relayer, HttpApi api,
            HubMetrics hubMetrics) {
        this.vertx = vertx;
        this.config = config;
        this.plugins = plugins;
        this.store = store;
        this.chains = chains;
        this.hub = hub;
        this.engine = engine;
        this.events = events;
        this.watchers = watchers;
        this.batchSigner = batchSigner;
        this.relayer = relayer;
        this.api = api;
        this.hubMetrics = hubMetrics;
    }

    /** Starts a node; a hub block that fails to apply or commit is logged and leaves the node not ready. */
    public static Future<AstraNode> start(Vertx vertx, NodeConfig config, Optional<BiFunction<Vertx, NodeConfig, DevTransfers>> devTransfers) {
        return start(vertx, config, devTransfers, failure -> LOG.error("the hub stopped: this node serves reads only until it is restarted", failure));
    }

    /**
     * Starts a node on {@code vertx}. {@code devTransfers} is given in dev mode only: it makes the
     * {@code POST /api/v1/dev/transfers} endpoint. {@code onFatal} hears of a hub block that failed
     * to apply or commit: nothing of it is committed, and the node should stop (a restart resumes
     * from the last committed block).
     */
    public static Future<AstraNode> start(Vertx vertx, NodeConfig config, Optional<BiFunction<Vertx, NodeConfig, DevTransfers>> devTransfers,
            Consumer<Throwable> onFatal) {
        Clock clock = Clock.systemUTC();
        LoadedPlugins plugins;
        Signer validator;
        Map<BankId, Signer> operators;
        HubGenesis genesis;
        try {
            plugins = LoadedPlugins.load(config.plugins());
            validator = plugins.signerProvider().create(NodeWiring.signerSettings(config.signer(), config.devMode()));
            operators = NodeWiring.operatorKeys(config, plugins.signerProvider());
            genesis = config.genesis(plugins.nettingStrategy().id(), plugins.nettingStrategy().version());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (!config.validators().contains(validator.address())) {
            plugins.close();
            return Future.failedFuture(new IllegalStateException("this node's signer " + validator.address()
                    + " is not in the configured validator set " + config.validators() + "; check signer.keystore and validators"));
        }
        Map<BankId, ChainPort> chains = new LinkedHashMap<>();
        List<AutoCloseable> opened = new ArrayList<>();
        NodeMetrics metrics = NodeMetrics.forVertx(vertx);
        return NodeWiring.hubStore(vertx, config.storage())
                .compose(store -> {
                    opened.add(store);
                    return NodeWiring.chains(config).map(connected -> {
                        chains.putAll(connected);
                        return store;
                    });
                })
                .compose(store -> ReplicatedHub.open(vertx, genesis, store, plugins.nettingStrategy(), plugins.signerProvider()::recover)
                        .compose(hub -> HubContexts.dedicated(vertx, "services").compose(services -> hub.validatorSets().map(sets -> {
                            SoloEngine engine = new SoloEngine(vertx, new SoloEngine.Settings(config.protocol().blockTime(),
                                    config.hub().maxBlockTransactions(), SoloEngine.Settings.DEFAULTS.maxBlockBytes(),
                                    SoloEngine.Settings.DEFAULTS.maxPoolTransactions()), clock, onFatal);
                            return assemble(vertx, config, plugins, store, chains, hub, engine, services, sets, validator, operators, devTransfers,
                                    metrics, clock);
                        }))))
                .compose(AstraNode::run)
                .onFailure(failure -> {
                    chains.values().forEach(ChainPort::close);
                    opened.forEach(AstraNode::closeQuietly);
                    plugins.close();
                });
    }

    private static AstraNode assemble(Vertx vertx, NodeConfig config, LoadedPlugins plugins, HubStore store, Map<BankId, ChainPort> chains,
            ReplicatedHub hub, SoloEngine engine, Context services, ValidatorSets sets, Signer validator, Map<BankId, Signer> operators,
            Optional<BiFunction<Vertx, NodeConfig, DevTransfers>> devTransfers, NodeMetrics metrics, Clock clock) {
        HubGenesis genesis = hub.genesis();
        TransactionWaiters waiters = new TransactionWaiters(vertx);
        EventFeed events = new EventFeed(store, hub.committedHead().nextEventId() - 1);
        HubSubmitter submitter = new HubSubmitter(engine, waiters, genesis.chainId());
        Duration signAgain = config.protocol().blockTime().multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0
                ? config.protocol().blockTime().multipliedBy(2) : Duration.ofSeconds(2);
        BatchSigner batchSigner = new BatchSigner(services, validator, submitter, clock, signAgain);
        Relayer relayer = new Relayer(services, chains, validator.address(),
                new Relayer.Settings(config.relayer().fallback(), config.relayer().resubmitAfter(), Relayer.Settings.DEFAULTS.maxInFlight()), clock);
        // the event feed first: whoever a committed transaction wakes finds its block's events already numbered
        hub.addListener(events);
        hub.addListener(waiters);
        hub.addListener(batchSigner);
        hub.addListener(relayer);
        List<HubBatch> open = hub.startedFrom().map(LiveState::openBatches).orElse(List.of());
        batchSigner.start(open, sets);
        relayer.start(open, sets);
        List<ChainWatcher> watchers = new ArrayList<>();
        for (ChainPort chain : chains.values()) {
            int finalityDepth = config.bank(chain.bank()).map(NodeConfig.Bank::finalityDepth).orElse(0);
            watchers.add(new ChainWatcher(services, chain, store, submitter, validator, finalityDepth, config.protocol().pollInterval(),
                    ATTEST_COMMIT_TIMEOUT));
        }
        NodeView view = new View(validator.address(), hub, engine, watchers, batchSigner, relayer);
        Operations operations = new Operations(
                new ConfirmSettlement(submitter, genesis, operators),
                new RequestNetting(submitter, validator, () -> hub.committedHead().height()),
                new ApproveValidatorSet(submitter, validator),
                new SubmitTransaction(submitter));
        HttpApi api = new HttpApi(new ApiDependencies(config, genesis, store, view, operations, events, ApiPlugins.of(plugins), metrics,
                devTransfers.map(factory -> factory.apply(vertx, config)), clock));
        HubMetrics hubMetrics = HubMetrics.bind(metrics, events, view, genesis.bankIds());
        return new AstraNode(vertx, config, plugins, store, chains, hub, engine, events, watchers, batchSigner, relayer, api, hubMetrics);
    }

    private Future<AstraNode> run() {
        return Future.fromCompletionStage(engine.start(hub))
                .compose(ignored -> Future.all(watchers.stream().map(ChainWatcher::start).toList()))
                .compose(ignored -> vertx.deployVerticle(api))
                .map(id -> {
                    apiDeployment = id;
                    HubHead head = hub.committedHead();
                    LOG.info("node '{}' up: API http://{}:{}, hub '{}' on the {} engine at height {}, {} banks, validator {}", config.nodeName(),
                            config.api().host(), api.port(), hub.genesis().chainId(), engine.engine(), head.height(), chains.size(),
                            config.validators());
                    return this;
                })
                .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    public int apiPort() {
        return api.port();
    }

    public NodeConfig config() {
        return config;
    }

    public HubStore store() {
        return store;
    }

    public EventFeed events() {
        return events;
    }

    public ReplicatedHub hub() {
        return hub;
    }

    public EngineStatus engineStatus() {
        return engine.status();
    }

    /** Stops taking requests, stops watching and relaying, lets the block in progress commit, then closes chains, store and plugins. */
    public Future<Void> stop() {
        Future<Void> apiStopped = apiDeployment == null ? Future.succeededFuture() : vertx.undeploy(apiDeployment);
        return apiStopped
                .eventually(() -> Future.join(watchers.stream().map(ChainWatcher::stop).toList()))
                .eventually(() -> {
                    batchSigner.stop();
                    relayer.stop();
                    return Future.fromCompletionStage(engine.stop());
                })
                .eventually(() -> {
                    closeQuietly(hubMetrics);
                    chains.values().forEach(ChainPort::close);
                    store.close();
                    plugins.close();
                    return Future.succeededFuture();
                })
                .mapEmpty();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", closeable, e.toString());
        }
    }

    /** The node's status as the API shows it. */
    private record View(Address validator, ReplicatedHub hub, SoloEngine soloEngine, List<ChainWatcher> chainWatchers, BatchSigner batchSigner,
            Relayer relayer) implements NodeView {
        @Override
        public HubHead committedHead() {
            return hub.committedHead();
        }

        @Override
        public EngineStatus engine() {
            return soloEngine.status();
        }

        @Override
        public Future<ValidatorSets> validatorSets() {
            return hub.validatorSets();
        }

        @Override
        public List<WatcherStatus> watchers() {
            return chainWatchers.stream().map(ChainWatcher::status).toList();
        }

        @Override
        public long batchesSigned() {
            return batchSigner.signed();
        }

        @Override
        public long relayedTransactions() {
            return relayer.transactions();
        }
    }
}
