package io.astraclear.node.config;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's whole configuration, validated at start-up ({@link ConfigLoader}) and immutable
 * afterwards. Defaults follow ARCHITECTURE.md's parameters.
 */
public record NodeConfig(
        String nodeName,
        Protocol protocol,
        Api api,
        Storage storage,
        Plugins plugins,
        SignerKey signer,
        Relayer relayer,
        List<Address> validators,
        List<Bank> banks,
        boolean devMode,
        Consensus consensus) {

    public NodeConfig {
        banks = List.copyOf(banks);
        validators = validators.stream().sorted().distinct().toList();
        consensus = consensus == null ? Consensus.SOLO : consensus;
    }

    /** A node without peers: the single-validator (dev) network. */
    public NodeConfig(String nodeName, Protocol protocol, Api api, Storage storage, Plugins plugins, SignerKey signer, Relayer relayer,
            List<Address> validators, List<Bank> banks, boolean devMode) {
        this(nodeName, protocol, api, storage, plugins, signer, relayer, validators, banks, devMode, Consensus.SOLO);
    }

    public NodeConfig withConsensus(Consensus newConsensus) {
        return new NodeConfig(nodeName, protocol, api, storage, plugins, signer, relayer, validators, banks, devMode, newConsensus);
    }

    public NodeConfig withProtocol(Protocol newProtocol) {
        return new NodeConfig(nodeName, newProtocol, api, storage, plugins, signer, relayer, validators, banks, devMode, consensus);
    }

    public NodeConfig withRelayer(Relayer newRelayer) {
        return new NodeConfig(nodeName, protocol, api, storage, plugins, signer, newRelayer, validators, banks, devMode, consensus);
    }

    public NodeConfig withValidators(List<Address> newValidators) {
        return new NodeConfig(nodeName, protocol, api, storage, plugins, signer, relayer, newValidators, banks, devMode, consensus);
    }

    public Optional<Bank> bank(BankId id) {
        return banks.stream().filter(bank -> bank.id().equals(id)).findFirst();
    }

    /** ARCHITECTURE.md's protocol parameters; ticks are multiples of {@code blockTime}. */
    /**
     * Protocol timing. {@code pollInterval}: how often a watcher asks a chain for new blocks; {@code null}
     * derives it from the block time (a fifth of a block, 100 ms to 1 s), so a new block's events are seen
     * promptly without flooding the RPC node. Chains that mine on demand (instant mining) want it shorter.
     */
    public record Protocol(Duration blockTime, int votingTimeoutTicks, int nettingIntervalTicks, int retryMax, Duration pollInterval) {
        public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);

        public Protocol {
            pollInterval = pollInterval == null ? derivedPollInterval(blockTime) : pollInterval;
            if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
                throw new IllegalArgumentException("poll interval must be at least " + MIN_POLL_INTERVAL.toMillis() + " ms, got " + pollInterval.toMillis());
            }
        }

        public Protocol(Duration blockTime, int votingTimeoutTicks, int nettingIntervalTicks, int retryMax) {
            this(blockTime, votingTimeoutTicks, nettingIntervalTicks, retryMax, null);
        }

        private static Duration derivedPollInterval(Duration blockTime) {
            Duration fifth = blockTime.dividedBy(5);
            Duration floor = Duration.ofMillis(100);
            Duration ceiling = Duration.ofSeconds(1);
            return fifth.compareTo(floor) < 0 ? floor : fifth.compareTo(ceiling) > 0 ? ceiling : fifth;
        }

        public Protocol withPollInterval(Duration newPollInterval) {
            return new Protocol(blockTime, votingTimeoutTicks, nettingIntervalTicks, retryMax, newPollInterval);
        }

        public Duration votingTimeout() {
            return blockTime.multipliedBy(votingTimeoutTicks);
        }

        public Duration nettingInterval() {
            return blockTime.multipliedBy(nettingIntervalTicks);
        }
    }

    /**
     * The HTTP/WebSocket API: where it listens, who may call it ({@code tokens}) and the bounds on
     * every request. {@code Api(host, port)} is the API with the defaults and no tokens.
     */
    public record Api(String host, int port, List<ApiToken> tokens, RateLimit rateLimit, int maxBodyBytes, Duration requestTimeout,
            int maxWebSocketConnections, int webSocketQueueBytes, long readyMaxLagBlocks, boolean metricsRequireToken) {
        public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_WEBSOCKET_CONNECTIONS = 256;
        public static final int DEFAULT_WEBSOCKET_QUEUE_BYTES = 1024 * 1024;
        public static final long DEFAULT_READY_MAX_LAG_BLOCKS = 50;

        public Api {
            tokens = List.copyOf(tokens);
        }

        public Api(String host, int port) {
            this(host, port, List.of(), RateLimit.DEFAULT, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT,
                    DEFAULT_MAX_WEBSOCKET_CONNECTIONS, DEFAULT_WEBSOCKET_QUEUE_BYTES, DEFAULT_READY_MAX_LAG_BLOCKS, false);
        }

        /** {@code /metrics} answers only admin and read tokens (else anyone, as Prometheus scrapers usually expect). */
        public Api withMetricsRequireToken(boolean required) {
            return new Api(host, port, tokens, rateLimit, maxBodyBytes, requestTimeout, maxWebSocketConnections, webSocketQueueBytes,
                    readyMaxLagBlocks, required);
        }

        public Api withTokens(List<ApiToken> newTokens) {
            return new Api(host, port, newTokens, rateLimit, maxBodyBytes, requestTimeout, maxWebSocketConnections, webSocketQueueBytes, readyMaxLagBlocks,
                    metricsRequireToken);
        }

        public Api withRateLimit(RateLimit newRateLimit) {
            return new Api(host, port, tokens, newRateLimit, maxBodyBytes, requestTimeout, maxWebSocketConnections, webSocketQueueBytes, readyMaxLagBlocks,
                    metricsRequireToken);
        }
    }

    /**
     * One API token: only the SHA-256 of the secret is configured (lower-case hex), never the secret.
     * {@code role} is {@code admin}, {@code read} or {@code bank:<BANK_ID>}.
     */
    public record ApiToken(String name, String sha256Hex, String role) {
        @Override
        public String toString() {
            return "ApiToken[name=" + name + ", role=" + role + "]";
        }
    }

    /** Token buckets: sustained requests per second and burst, per token and per client address. */
    public record RateLimit(int perTokenPerSecond, int perTokenBurst, int perAddressPerSecond, int perAddressBurst) {
        public static final RateLimit DEFAULT = new RateLimit(200, 400, 400, 800);
    }

    /** {@code url} is {@code memory} for the in-memory storage, or a {@code postgresql://} URL. */
    public record Storage(String url, int poolSize, int waitQueueSize) {
        public boolean inMemory() {
            return "memory".equals(url);
        }
    }

    public record Plugins(Path directory, String signerProvider, String nettingStrategy) {}

    /** A validator key: a V3 keystore with its password from a file or the environment, or a raw key in dev mode. */
    public record SignerKey(Optional<Path> keystore, Optional<Path> passwordFile, Optional<String> passwordEnv, Optional<String> devPrivateKey) {
        @Override
        public String toString() {
            return "SignerKey[keystore=" + keystore + ", passwordFile=" + passwordFile + ", passwordEnv=" + passwordEnv
                    + ", devPrivateKey=" + (devPrivateKey.isPresent() ? "<redacted>" : "none") + "]";
        }
    }

    /**
     * The key that pays gas for Executor submissions (any funded account; the contracts trust only
     * signatures), and how the relayer batches: up to {@code batchSize} pending commands for one
     * Executor go in one {@code executeBatch} under one set of batch signatures; a command waits at
     * most {@code batchWait} for others to join it. {@code batchSize} 1 relays every command alone.
     */
    public record Relayer(String privateKeyHex, int batchSize, Duration batchWait) {
        public static final int DEFAULT_BATCH_SIZE = 50;
        public static final Duration DEFAULT_BATCH_WAIT = Duration.ofMillis(20);

        public Relayer {
            if (batchSize < 1 || batchSize > io.astraclear.ports.domain.MintBatch.MAX_SIZE) {
                throw new IllegalArgumentException("relayer batch size must be 1 to " + io.astraclear.ports.domain.MintBatch.MAX_SIZE + ", got " + batchSize);
            }
            if (batchWait == null || batchWait.isNegative()) {
                throw new IllegalArgumentException("relayer batch wait must be zero or positive");
            }
        }

        public Relayer(String privateKeyHex) {
            this(privateKeyHex, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_WAIT);
        }

        public Relayer withBatching(int newBatchSize, Duration newBatchWait) {
            return new Relayer(privateKeyHex, newBatchSize, newBatchWait);
        }

        @Override
        public String toString() {
            return "Relayer[privateKey=<redacted>, batchSize=" + batchSize + ", batchWait=" + batchWait + "]";
        }
    }

    /**
     * How this validator talks to the others (consortium mode). {@code peers} empty: no network, this
     * node is the only validator. {@code peerToken} is the secret this node presents to its peers
     * ({@code Authorization: Bearer}); each peer is known by the SHA-256 of the token it presents.
     * Ticks are multiples of {@code protocol.block_time}.
     */
    public record Consensus(
            Optional<String> peerToken,
            List<Peer> peers,
            Duration sendTimeout,
            int maxQueuedVotesPerPeer,
            int relayFallbackTicks,
            int catchUpIntervalTicks,
            int nettingProposalTimeoutTicks) {
        public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);
        public static final int DEFAULT_MAX_QUEUED_VOTES_PER_PEER = 10_000;
        public static final int DEFAULT_RELAY_FALLBACK_TICKS = 4;
        public static final int DEFAULT_CATCH_UP_INTERVAL_TICKS = 2;
        public static final int DEFAULT_NETTING_PROPOSAL_TIMEOUT_TICKS = 10;
        public static final Consensus SOLO = new Consensus(Optional.empty(), List.of(), DEFAULT_SEND_TIMEOUT,
                DEFAULT_MAX_QUEUED_VOTES_PER_PEER, DEFAULT_RELAY_FALLBACK_TICKS, DEFAULT_CATCH_UP_INTERVAL_TICKS,
                DEFAULT_NETTING_PROPOSAL_TIMEOUT_TICKS);

        public Consensus {
            peerToken = peerToken == null ? Optional.empty() : peerToken;
            peers = List.copyOf(peers);
        }

        /** With peers: votes, netting rounds and validator-set approvals travel over HTTP. */
        public boolean networked() {
            return !peers.isEmpty();
        }

        public Consensus withPeers(String newPeerToken, List<Peer> newPeers) {
            return new Consensus(Optional.of(newPeerToken), newPeers, sendTimeout, maxQueuedVotesPerPeer, relayFallbackTicks,
                    catchUpIntervalTicks, nettingProposalTimeoutTicks);
        }

        @Override
        public String toString() {
            return "Consensus[peerToken=" + (peerToken.isPresent() ? "<redacted>" : "none") + ", peers=" + peers + ", sendTimeout=" + sendTimeout
                    + ", maxQueuedVotesPerPeer=" + maxQueuedVotesPerPeer + ", relayFallbackTicks=" + relayFallbackTicks
                    + ", catchUpIntervalTicks=" + catchUpIntervalTicks + ", nettingProposalTimeoutTicks=" + nettingProposalTimeoutTicks + "]";
        }
    }

    /** Another validator's node: its API base URL and the SHA-256 (hex) of the peer token it presents to us. */
    public record Peer(String name, String url, String tokenSha256) {}

    /** One consortium bank: its chain and the addresses of its contracts. */
    public record Bank(BankId id, long chainId, String rpcUrl, Address token, Address gateway, Address executor, int finalityDepth, String feeMode) {}
}
