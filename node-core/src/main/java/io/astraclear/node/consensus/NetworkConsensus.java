package io.astraclear.node.consensus;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.pipeline.EventJournal;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.VoteOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Consortium} over HTTP between the validators' nodes. Outbound, one {@link PeerLink} per
 * configured peer (bounded queue, batches, timeouts, back-off); inbound, {@link ConsensusRoutes}
 * on this node's API server, which authenticates peers by their token and hands their messages
 * here. Votes go to the pipeline's receiver, which verifies every signature; the bound on votes
 * being processed answers 503 beyond it, so a flooding peer cannot queue work without end.
 */
public final class NetworkConsensus implements Consortium {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConsensus.class);
    /** Peer votes being verified and stored at once, all peers together. */
    static final int MAX_INBOUND_VOTES = 4_096;

    private final NodeConfig.Consensus settings;
    private final StoragePort storage;
    private final EventJournal events;
    private final Context context;
    private final WebClient client;
    private final List<PeerLink> links = new ArrayList<>();
    private final PeerTokens tokens;
    private final AtomicInteger inboundVotes = new AtomicInteger();
    private final AtomicLong rejectedVotes = new AtomicLong();
    private final AtomicLong malformedMessages = new AtomicLong();
    private final AtomicLong unauthenticatedRequests = new AtomicLong();
    private final AtomicLong overloadedRequests = new AtomicLong();
    private final Map<Topic, Function<JsonObject, Future<JsonObject>>> receivers = new EnumMap<>(Topic.class);
    private final Map<Topic, Function<String, Future<Optional<JsonObject>>>> answers = new EnumMap<>(Topic.class);
    private final Map<String, AtomicLong> rejectedByPeer = new ConcurrentHashMap<>();
    private volatile Function<Vote, CompletionStage<VoteOutcome>> voteReceiver =
            vote -> CompletableFuture.failedFuture(new IllegalStateException("the pipeline is not receiving votes yet"));
    private volatile ValidatorSet active;
    private volatile Optional<ValidatorSet> next = Optional.empty();

    public NetworkConsensus(Vertx vertx, NodeConfig.Consensus settings, ValidatorSet initial, StoragePort storage, EventJournal events) {
        if (!settings.networked()) {
            throw new IllegalArgumentException("a network consensus needs peers");
        }
        this.settings = settings;
        this.storage = storage;
        this.events = events;
        this.active = initial;
        this.context = vertx.getOrCreateContext();
        int timeoutMillis = (int) settings.sendTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                        .setConnectTimeout(timeoutMillis)
                        .setIdleTimeout(60)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setUserAgent("astra-clear-peer"),
                new PoolOptions().setHttp1MaxSize(4).setMaxWaitQueueSize(1_024));
        String peerToken = settings.peerToken().orElseThrow(() -> new IllegalArgumentException("a network consensus needs consensus.peer_token"));
        for (NodeConfig.Peer peer : settings.peers()) {
            links.add(new PeerLink(peer, client, context, peerToken, settings.sendTimeout(), settings.maxQueuedVotesPerPeer()));
        }
        this.tokens = PeerTokens.of(settings.peers());
        LOG.info("consensus over HTTP with {} peers: {}", links.size(), links.stream().map(PeerLink::name).toList());
    }

    // --- the port ------------------------------------------------------------------------------

    @Override
    public ValidatorSet validatorSet() {
        return active;
    }

    @Override
    public Optional<ValidatorSet> nextValidatorSet() {
        return next;
    }

    @Override
    public boolean networked() {
        return true;
    }

    @Override
    public synchronized void validatorSets(ValidatorSet newActive, Optional<ValidatorSet> newNext) {
        this.active = newActive;
        this.next = newNext;
    }

    @Override
    public CompletionStage<Void> publish(Vote vote) {
        context.runOnContext(ignored -> links.forEach(link -> link.enqueue(vote)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onPeerVote(Function<Vote, CompletionStage<VoteOutcome>> receiver) {
        this.voteReceiver = receiver;
    }

    @Override
    public CompletionStage<Integer> requestVotes(Collection<CommandId> commandIds) {
        if (commandIds.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        List<CommandId> ids = List.copyOf(commandIds);
        List<Future<Integer>> perPeer = new ArrayList<>();
        for (PeerLink link : links) {
            Future<Integer> fromPeer = Future.succeededFuture(0);
            for (int from = 0; from < ids.size(); from += ConsensusJson.MAX_COMMAND_IDS_PER_LOOKUP) {
                List<CommandId> chunk = ids.subList(from, Math.min(ids.size(), from + ConsensusJson.MAX_COMMAND_IDS_PER_LOOKUP));
                fromPeer = fromPeer.compose(received -> onContext(() -> link.post("/api/v1/consensus/votes/lookup", ConsensusJson.commandIds(chunk)))
                        .compose(answer -> deliver(link.name(), answer))
                        .map(count -> received + count));
            }
            perPeer.add(fromPeer.otherwise(failure -> {
                LOG.debug("vote catch-up from {} failed: {}", link.name(), failure.toString());
                return 0;
            }));
        }
        return Future.join(perPeer).map(all -> perPeer.stream().mapToInt(f -> f.result() == null ? 0 : f.result()).sum())
                .otherwise(0).toCompletionStage();
    }

    /** Hands the votes a peer sent in answer to a lookup to the receiver, one by one. */
    private Future<Integer> deliver(String peer, JsonObject answer) {
        List<Vote> votes = new ArrayList<>();
        JsonArray array = answer.getValue("votes") instanceof JsonArray a ? a : new JsonArray();
        for (int index = 0; index < array.size() && index < ConsensusJson.MAX_COMMAND_IDS_PER_LOOKUP * 8; index++) {
            try {
                votes.add(ConsensusJson.parseVote(array.getJsonObject(index), "votes[" + index + "]"));
            } catch (RuntimeException e) {
                malformed(peer, "lookup answer: " + e.getMessage());
            }
        }
        List<Future<VoteOutcome>> delivered = votes.stream()
                .map(vote -> Future.fromCompletionStage(voteReceiver.apply(vote)).onFailure(failure -> rejected(peer))).toList();
        return Future.join(delivered).transform(done -> Future.succeededFuture(votes.size()));
    }

    // --- other topics --------------------------------------------------------------------------

    @Override
    public void broadcast(Topic topic, JsonObject message) {
        context.runOnContext(ignored -> links.forEach(link -> link.send("/api/v1/consensus/" + topic.path(), message)));
    }

    @Override
    public Future<List<JsonObject>> ask(Topic topic, JsonObject message) {
        return answersOfEveryPeer(link -> link.post("/api/v1/consensus/" + topic.path(), message).map(Optional::of));
    }

    @Override
    public Future<List<JsonObject>> query(Topic topic, String key) {
        return answersOfEveryPeer(link -> link.get("/api/v1/consensus/" + topic.path() + "/" + key));
    }

    private Future<List<JsonObject>> answersOfEveryPeer(Function<PeerLink, Future<Optional<JsonObject>>> request) {
        List<Future<Optional<JsonObject>>> asked = links.stream()
                .map(link -> onContext(() -> request.apply(link)).otherwise(failure -> Optional.empty()))
                .toList();
        return Future.join(asked).transform(done -> Future.succeededFuture(asked.stream()
                .map(f -> f.succeeded() ? f.result() : Optional.<JsonObject>empty())
                .flatMap(Optional::stream)
                .toList()));
    }

    @Override
    public void onMessage(Topic topic, Function<JsonObject, Future<JsonObject>> receiver) {
        receivers.put(topic, receiver);
    }

    @Override
    public void onQuery(Topic topic, Function<String, Future<Optional<JsonObject>>> answer) {
        answers.put(topic, answer);
    }

    // --- inbound, from ConsensusRoutes ---------------------------------------------------------

    /** The peer a request's bearer token identifies. */
    Optional<String> authenticate(String authorization) {
        Optional<String> peer = tokens.authenticate(authorization);
        if (peer.isEmpty()) {
            unauthenticatedRequests.incrementAndGet();
        }
        return peer;
    }

    /** Verifies, stores and counts a peer's votes; the answer lists each vote's outcome in order. */
    Future<JsonObject> receiveVotes(String peer, List<Vote> votes) {
        if (inboundVotes.addAndGet(votes.size()) > MAX_INBOUND_VOTES) {
            inboundVotes.addAndGet(-votes.size());
            overloadedRequests.incrementAndGet();
            return Future.failedFuture(new Overloaded("more than " + MAX_INBOUND_VOTES + " peer votes are being processed; retry later"));
        }
        List<Future<VoteOutcome>> outcomes = votes.stream().map(vote -> Future.fromCompletionStage(voteReceiver.apply(vote))).toList();
        return Future.join(outcomes).transform(done -> {
            inboundVotes.addAndGet(-votes.size());
            JsonArray results = new JsonArray();
            for (Future<VoteOutcome> outcome : outcomes) {
                if (outcome.succeeded()) {
                    results.add(new JsonObject().put("outcome", outcome.result().name()));
                } else {
                    rejected(peer);
                    results.add(new JsonObject().put("outcome", "REJECTED").put("reason", String.valueOf(outcome.cause().getMessage())));
                }
            }
            return Future.succeededFuture(new JsonObject().put("results", results));
        });
    }

    /** Every vote this node holds for each command (counted votes and equivocation evidence alike). */
    Future<JsonObject> lookupVotes(List<CommandId> commandIds) {
        List<Future<List<Vote>>> found = commandIds.stream().map(id -> Future.fromCompletionStage(storage.votesForCommand(id))).toList();
        return Future.all(found).map(all -> ConsensusJson.votes(found.stream().flatMap(f -> f.result().stream()).toList()));
    }

    Future<JsonObject> receive(Topic topic, String peer, JsonObject message) {
        Function<JsonObject, Future<JsonObject>> receiver = receivers.get(topic);
        if (receiver == null) {
            return Future.failedFuture(new Overloaded("this node does not take " + topic.path() + " messages yet (starting)"));
        }
        return receiver.apply(message);
    }

    Future<Optional<JsonObject>> answer(Topic topic, String key) {
        Function<String, Future<Optional<JsonObject>>> answer = answers.get(topic);
        return answer == null ? Future.succeededFuture(Optional.empty()) : answer.apply(key);
    }

    /** A peer's message that could not be parsed: refused (400), counted and reported. */
    void malformed(String peer, String reason) {
        malformedMessages.incrementAndGet();
        events.publish(NodeEvent.PEER_MESSAGE_REJECTED, Map.of("peer", peer, "reason", reason.length() > 300 ? reason.substring(0, 300) : reason));
    }

    private void rejected(String peer) {
        rejectedVotes.incrementAndGet();
        rejectedByPeer.computeIfAbsent(peer, name -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public JsonObject status() {
        JsonArray peers = new JsonArray();
        for (PeerLink link : links) {
            peers.add(link.status().put("votesRejected", rejectedByPeer.getOrDefault(link.name(), new AtomicLong()).get()));
        }
        return new JsonObject()
                .put("mode", "network")
                .put("validators", validatorSetJson(active))
                .put("nextValidators", next.map(NetworkConsensus::validatorSetJson).orElse(null))
                .put("peers", peers)
                .put("rejectedVotes", rejectedVotes.get())
                .put("malformedMessages", malformedMessages.get())
                .put("unauthenticatedRequests", unauthenticatedRequests.get())
                .put("overloadedRequests", overloadedRequests.get());
    }

    static JsonObject validatorSetJson(ValidatorSet set) {
        return new JsonObject()
                .put("nonce", set.nonce())
                .put("validators", new JsonArray(set.validators().stream().map(address -> (Object) address.value()).toList()))
                .put("threshold", set.threshold());
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
        return Future.<T>future(promise -> context.runOnContext(ignored -> work.get().onComplete(promise)));
    }

    @Override
    public void close() {
        context.runOnContext(ignored -> links.forEach(PeerLink::close));
        client.close();
    }

    /** Too much inbound work: the peer should retry later (503). */
    static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }
}
