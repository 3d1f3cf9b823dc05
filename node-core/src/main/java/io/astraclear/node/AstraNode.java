package io.astraclear.node;

import io.astraclear.node.api.ApiDependencies;
import io.astraclear.node.api.ApiPlugins;
import io.astraclear.node.api.DevTransfers;
import io.astraclear.node.api.HttpApi;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.consensus.ConsensusRoutes;
import io.astraclear.node.consensus.Consortium;
import io.astraclear.node.consensus.NetworkConsensus;
import io.astraclear.node.consensus.SoloConsensus;
import io.astraclear.node.metrics.NodeMetrics;
import io.astraclear.node.metrics.PipelineMetrics;
import io.astraclear.node.pipeline.ClearingPipeline;
import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.node.plugins.LoadedPlugins;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: plugins loaded, storage and chains connected, the pipeline and the API
 * deployed. Start-up fails fast, naming what is missing, and releases what it had opened.
 */
public final class AstraNode {
    private static final Logger LOG = LoggerFactory.getLogger(AstraNode.class);

    private final Vertx vertx;
    private final NodeConfig config;
    private final LoadedPlugins plugins;
    private final StoragePort storage;
    private final Map<BankId, ChainPort> chains;
    private final Consortium consensus;
    private final EventJournal events;
    private final ClearingPipeline pipeline;
    private final HttpApi api;
    private String pipelineDeployment;
    private String apiDeployment;

    private AstraNode(Vertx vertx, NodeConfig config, LoadedPlugins plugins, StoragePort storage, Map<BankId, ChainPort> chains,
            Consortium consensus, EventJournal events, ClearingPipeline pipeline, HttpApi api) {
        this.vertx = vertx;
        this.config = config;
        this.plugins = plugins;
        this.storage = storage;
        this.chains = chains;
        this.consensus = consensus;
        this.events = events;
        this.pipeline = pipeline;
        this.api = api;
    }

    /**
     * Starts a node on {@code vertx}. {@code devTransfers} is given in dev mode only: it makes the
     * {@code POST /api/v1/dev/transfers} endpoint.
     */
    public static Future<AstraNode> start(Vertx vertx, NodeConfig config, Optional<BiFunction<Vertx, NodeConfig, DevTransfers>> devTransfers) {
        Clock clock = Clock.systemUTC();
        LoadedPlugins plugins;
        Signer signer;
        try {
            plugins = LoadedPlugins.load(config.plugins());
            signer = plugins.signerProvider().create(NodeWiring.signerSettings(config));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (!config.validators().contains(signer.address())) {
            plugins.close();
            return Future.failedFuture(new IllegalStateException("this node's signer " + signer.address()
                    + " is not in the configured validator set " + config.validators() + "; check signer.keystore and validators"));
        }
        Map<BankId, ChainPort> chains = new LinkedHashMap<>();
        NodeMetrics metrics = NodeMetrics.forVertx(vertx);
        return NodeWiring.storage(vertx, config.storage())
                .map(metrics::countingWrites)
                .compose(storage -> NodeWiring.chains(config).map(connected -> {
                    chains.putAll(connected);
                    return storage;
                }).onFailure(failure -> storage.close()))
                .compose(storage -> Future.fromCompletionStage(EventJournal.open(storage, 10_000, clock))
                        .onFailure(failure -> storage.close())
                        .compose(events -> {
                            Consortium consensus = consortium(vertx, config, storage, events);
                            ClearingPipeline pipeline = new ClearingPipeline(new ClearingPipeline.Dependencies(
                                    config, storage, chains, consensus, signer, plugins.signerProvider(), plugins.nettingStrategy(),
                                    events, clock, config.protocol().pollInterval()));
                            PipelineMetrics.bind(metrics, events, storage, pipeline::status,
                                    config.banks().stream().map(bank -> bank.id().value()).toList());
                            HttpApi api = new HttpApi(new ApiDependencies(config, storage, pipeline, events, consensus::validatorSet,
                                    ApiPlugins.of(plugins), metrics, devTransfers.map(factory -> factory.apply(vertx, config)), clock));
                            if (consensus instanceof NetworkConsensus network) {
                                api.withRoutes(new ConsensusRoutes(network));
                            }
                            AstraNode node = new AstraNode(vertx, config, plugins, storage, chains, consensus, events, pipeline, api);
                            return node.deploy();
                        }))
                .onFailure(failure -> {
                    chains.values().forEach(ChainPort::close);
                    plugins.close();
                });
    }

    /** Solo without peers; with {@code consensus.peers}, votes and agreements travel over HTTP between the validators' nodes. */
    private static Consortium consortium(Vertx vertx, NodeConfig config, StoragePort storage, EventJournal events) {
        ValidatorSet configured = new ValidatorSet(0, config.validators());
        return config.consensus().networked()
                ? new NetworkConsensus(vertx, config.consensus(), configured, storage, events)
                : new SoloConsensus(configured);
    }


    private Future<AstraNode> deploy() {
        return vertx.deployVerticle(pipeline)
                .compose(id -> {
                    pipelineDeployment = id;
                    return vertx.deployVerticle(api);
                })
                .map(id -> {
                    apiDeployment = id;
                    LOG.info("node '{}' up: API http://{}:{}, {} banks, validator {}", config.nodeName(), config.api().host(), api.port(),
                            chains.size(), consensus.validatorSet().validators());
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

    public EventJournal events() {
        return events;
    }

    public StoragePort storage() {
        return storage;
    }

    public ClearingPipeline pipeline() {
        return pipeline;
    }

    /** Stops taking requests, drains the pipeline, then closes chains, storage and plugins. */
    public Future<Void> stop() {
        Future<Void> apiStopped = apiDeployment == null ? Future.succeededFuture() : vertx.undeploy(apiDeployment);
        return apiStopped
                .eventually(() -> pipelineDeployment == null ? Future.succeededFuture() : vertx.undeploy(pipelineDeployment))
                .eventually(() -> {
                    chains.values().forEach(ChainPort::close);
                    storage.close();
                    consensus.close();
                    plugins.close();
                    return Future.succeededFuture();
                });
    }
}
