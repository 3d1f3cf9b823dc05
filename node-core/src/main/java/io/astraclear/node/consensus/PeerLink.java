package io.astraclear.node.consensus;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.consensus.Vote;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's line to one peer. Votes wait in a bounded queue (the oldest go first when it is
 * full: the peer asks for them on catch-up) and leave in batches, one request at a time, so a slow
 * peer gets fewer, larger requests. A failed send is retried with exponential back-off while the
 * votes wait; other messages are retried a bounded number of times. Every request has a timeout.
 * All state lives on one context; nothing here blocks the callers.
 */
final class PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final int MESSAGE_ATTEMPTS = 4;
    private static final int MAX_MESSAGES_IN_FLIGHT = 256;

    private final NodeConfig.Peer peer;
    private final WebClient client;
    private final Context context;
    private final String peerToken;
    private final long timeoutMillis;
    private final int maxQueuedVotes;
    private final Deque<Vote> votes = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;
    private int messagesInFlight;
    // written on the link's context only; volatile so that status() may read them from the API's
    private volatile int consecutiveFailures;
    private volatile int votesQueued;
    private volatile long votesSent;
    private volatile long votesDropped;
    private volatile long sendFailures;
    private volatile long messagesDropped;
    private volatile String lastError = "";

    PeerLink(NodeConfig.Peer peer, WebClient client, Context context, String peerToken, Duration timeout, int maxQueuedVotes) {
        this.peer = peer;
        this.client = client;
        this.context = context;
        this.peerToken = peerToken;
        this.timeoutMillis = timeout.toMillis();
        this.maxQueuedVotes = maxQueuedVotes;
    }

    String name() {
        return peer.name();
    }

    /** Queues a vote for this peer; on the link's context. */
    void enqueue(Vote vote) {
        if (closed) {
            return;
        }
        if (votes.size() >= maxQueuedVotes) {
            votes.pollFirst();
            votesDropped++;
        }
        votes.addLast(vote);
        votesQueued = votes.size();
        pump();
    }

    private void pump() {
        if (sending || votes.isEmpty() || closed) {
            return;
        }
        List<Vote> batch = new ArrayList<>(Math.min(votes.size(), ConsensusJson.MAX_VOTES_PER_MESSAGE));
        while (!votes.isEmpty() && batch.size() < ConsensusJson.MAX_VOTES_PER_MESSAGE) {
            batch.add(votes.pollFirst());
        }
        sending = true;
        votesQueued = votes.size();
        post("/api/v1/consensus/votes", ConsensusJson.votes(batch)).onComplete(done -> {
            sending = false;
            if (done.succeeded()) {
                votesSent += batch.size();
                recovered();
                pump();
                return;
            }
            if (done.cause() instanceof PeerRefused refused && refused.status() == 400) {
                // the peer cannot parse what we sent: retrying the same bytes cannot help
                LOG.error("peer {} refused {} votes as malformed: {}", peer.name(), batch.size(), refused.getMessage());
                votesDropped += batch.size();
                pump();
                return;
            }
            for (int index = batch.size() - 1; index >= 0; index--) {
                if (votes.size() < maxQueuedVotes) {
                    votes.addFirst(batch.get(index));
                } else {
                    votesDropped++;
                }
            }
            votesQueued = votes.size();
            long delay = failed(done.cause());
            context.owner().setTimer(delay, id -> pump());
        });
    }

    /** Sends a message with a bounded number of attempts; on the link's context. */
    void send(String path, JsonObject message) {
        if (closed) {
            return;
        }
        if (messagesInFlight >= MAX_MESSAGES_IN_FLIGHT) {
            messagesDropped++;
            return;
        }
        messagesInFlight++;
        attempt(path, message, 1).onComplete(done -> messagesInFlight--);
    }

    private Future<JsonObject> attempt(String path, JsonObject message, int attempt) {
        return post(path, message).recover(failure -> {
            if (closed || attempt >= MESSAGE_ATTEMPTS || failure instanceof PeerRefused refused && refused.status() < 500 && refused.status() != 429) {
                messagesDropped++;
                LOG.debug("peer {}: giving up on {} after {} attempt(s): {}", peer.name(), path, attempt, failure.toString());
                return Future.failedFuture(failure);
            }
            long delay = failed(failure);
            return Future.<Long>future(promise -> context.owner().setTimer(delay, promise::complete))
                    .compose(ignored -> attempt(path, message, attempt + 1));
        });
    }

    Future<JsonObject> post(String path, JsonObject body) {
        return request(HttpMethod.POST, path).sendJsonObject(body).compose(this::json);
    }

    /** A GET; empty when the peer has nothing under the path (404). */
    Future<Optional<JsonObject>> get(String path) {
        return request(HttpMethod.GET, path).send().compose(response -> response.statusCode() == 404
                ? Future.succeededFuture(Optional.<JsonObject>empty())
                : json(response).map(Optional::of));
    }

    private io.vertx.ext.web.client.HttpRequest<Buffer> request(HttpMethod method, String path) {
        return client.requestAbs(method, peer.url() + path)
                .bearerTokenAuthentication(peerToken)
                .timeout(timeoutMillis)
                .connectTimeout(timeoutMillis);
    }

    private Future<JsonObject> json(HttpResponse<Buffer> response) {
        if (response.statusCode() / 100 != 2) {
            String body = response.bodyAsString();
            return Future.failedFuture(new PeerRefused(response.statusCode(), body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body));
        }
        try {
            JsonObject json = response.bodyAsJsonObject();
            return Future.succeededFuture(json == null ? new JsonObject() : json);
        } catch (RuntimeException e) {
            return Future.failedFuture(new PeerRefused(502, "answer is not a JSON object"));
        }
    }

    private long failed(Throwable failure) {
        sendFailures++;
        consecutiveFailures++;
        String error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (consecutiveFailures == 1) {
            LOG.warn("peer {} ({}) unreachable: {}; {} votes wait", peer.name(), peer.url(), error, votesQueued);
        }
        lastError = error;
        return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(consecutiveFailures - 1, 10));
    }

    private void recovered() {
        if (consecutiveFailures > 0) {
            LOG.info("peer {} reachable again after {} failed sends", peer.name(), consecutiveFailures);
        }
        consecutiveFailures = 0;
    }

    JsonObject status() {
        return new JsonObject()
                .put("name", peer.name())
                .put("url", peer.url())
                .put("reachable", consecutiveFailures == 0)
                .put("votesQueued", votesQueued)
                .put("votesSent", votesSent)
                .put("votesDropped", votesDropped)
                .put("sendFailures", sendFailures)
                .put("messagesDropped", messagesDropped)
                .put("lastError", lastError);
    }

    void close() {
        closed = true;
        votes.clear();
        votesQueued = 0;
    }

    /** The peer answered with an error status. */
    static final class PeerRefused extends RuntimeException {
        private final int status;

        PeerRefused(int status, String body) {
            super("HTTP " + status + " " + body, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
