package io.astraclear.node.config;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.hub.HubParameters;
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
        Hub hub,
        Api api,
        Storage storage,
        Plugins plugins,
        SignerKey signer,
        List<OperatorKey> operators,
        Relayer relayer,
        List<Address> validators,
        List<Bank> banks,
        boolean devMode) {

    public NodeConfig {
        banks = List.copyOf(banks);
        operators = List.copyOf(operators);
        validators = validators.stream().sorted().distinct().toList();
    }

    public NodeConfig withProtocol(Protocol newProtocol) {
        return new NodeConfig(nodeName, newProtocol, hub, api, storage, plugins, signer, operators, relayer, validators, banks, devMode);
    }

    public NodeConfig withHub(Hub newHub) {
        return new NodeConfig(nodeName, protocol, newHub, api, storage, plugins, signer, operators, relayer, validators, banks, devMode);
    }

    public NodeConfig withRelayer(Relayer newRelayer) {
        return new NodeConfig(nodeName, protocol, hub, api, storage, plugins, signer, operators, newRelayer, validators, banks, devMode);
    }

    public NodeConfig withStorage(Storage newStorage) {
        return new NodeConfig(nodeName, protocol, hub, api, newStorage, plugins, signer, operators, relayer, validators, banks, devMode);
    }

    public Optional<Bank> bank(BankId id) {
        return banks.stream().filter(bank -> bank.id().equals(id)).findFirst();
    }

    /**
     * The hub genesis this configuration describes: its chain id, the banks with their contracts and
     * operator keys, the validators, the protocol parameters and the netting plugin every validator
     * must run ({@code nettingStrategyId}, {@code nettingStrategyVersion}: the one this node loaded).
     */
    public HubGenesis genesis(String nettingStrategyId, String nettingStrategyVersion) {
        List<HubMember> members = banks.stream()
                .map(bank -> new HubMember(bank.id(), bank.chainId(), bank.gateway(), bank.executor(), bank.operator()))
                .toList();
        return new HubGenesis(hub.chainId(), members, new ValidatorSet(0, validators),
                new HubParameters(protocol.votingTimeoutBlocks(), protocol.nettingIntervalBlocks(), protocol.retryMax(), protocol.maxBatchSize(),
                        protocol.tokenDecimals()),
                nettingStrategyId, nettingStrategyVersion);
    }

    /**
     * ARCHITECTURE.md's protocol parameters, in hub blocks where the seed counts blocks.
     * {@code blockTime}: the solo engine's empty-block interval. {@code pollInterval}: how often a
     * watcher asks a chain for new blocks; {@code null} derives it from the block time (a fifth of a
     * block, 100 ms to 1 s). Chains that mine on demand (instant mining) want it shorter.
     */
    public record Protocol(Duration blockTime, int votingTimeoutBlocks, int nettingIntervalBlocks, int retryMax, int maxBatchSize, int tokenDecimals,
            Duration pollInterval) {
        public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);

        public Protocol {
            pollInterval = pollInterval == null ? derivedPollInterval(blockTime) : pollInterval;
            if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
                throw new IllegalArgumentException("poll interval must be at least " + MIN_POLL_INTERVAL.toMillis() + " ms, got " + pollInterval.toMillis());
            }
        }

        public Protocol(Duration blockTime, int votingTimeoutBlocks, int nettingIntervalBlocks, int retryMax) {
            this(blockTime, votingTimeoutBlocks, nettingIntervalBlocks, retryMax, HubParameters.DEFAULTS.maxBatchSize(),
                    HubParameters.DEFAULTS.tokenDecimals(), null);
        }

        private static Duration derivedPollInterval(Duration blockTime) {
            Duration fifth = blockTime.dividedBy(5);
            Duration floor = Duration.ofMillis(100);
            Duration ceiling = Duration.ofSeconds(1);
            return fifth.compareTo(floor) < 0 ? floor : fifth.compareTo(ceiling) > 0 ? ceiling : fifth;
        }

        public Protocol withPollInterval(Duration newPollInterval) {
            return new Protocol(blockTime, votingTimeoutBlocks, nettingIntervalBlocks, retryMax, maxBatchSize, tokenDecimals, newPollInterval);
        }

        public Protocol withBlockTime(Duration newBlockTime) {
            return new Protocol(newBlockTime, votingTimeoutBlocks, nettingIntervalBlocks, retryMax, maxBatchSize, tokenDecimals, pollInterval);
        }
    }

    /**
     * The hub this node runs: its chain id (in every transaction's signature), the consensus engine
     * ({@code solo}: embedded, one validator) and how many transactions the solo engine puts in a block.
     */
    public record Hub(String chainId, String engine, int maxBlockTransactions) {
        public static final String DEFAULT_CHAIN_ID = "astra-hub";
        public static final int DEFAULT_MAX_BLOCK_TRANSACTIONS = 2_000;

        public static Hub solo(String chainId) {
            return new Hub(chainId, "solo", DEFAULT_MAX_BLOCK_TRANSACTIONS);
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

    /** A bank operator key this node holds: it signs that bank's settlement confirmations (dev mode: every bank's). */
    public record OperatorKey(BankId bank, SignerKey key) {}

    /**
     * The relayer: the key that pays gas for Executor submissions (any funded account; the contracts
     * trust only signatures), how long each later validator waits before relaying a batch the
     * earlier ones did not ({@code fallback}), and how long a batch this node submitted stays alone
     * before it is submitted again while the hub still shows it open ({@code resubmitAfter}).
     */
    public record Relayer(String privateKeyHex, Duration fallback, Duration resubmitAfter) {
        public static final Duration DEFAULT_FALLBACK = Duration.ofSeconds(4);
        public static final Duration DEFAULT_RESUBMIT_AFTER = Duration.ofSeconds(30);

        public Relayer {
            if (fallback == null || fallback.isNegative() || resubmitAfter == null || resubmitAfter.isNegative()) {
                throw new IllegalArgumentException("relayer fallback and resubmit delays must be zero or positive");
            }
        }

        public Relayer(String privateKeyHex) {
            this(privateKeyHex, DEFAULT_FALLBACK, DEFAULT_RESUBMIT_AFTER);
        }

        @Override
        public String toString() {
            return "Relayer[privateKey=<redacted>, fallback=" + fallback + ", resubmitAfter=" + resubmitAfter + "]";
        }
    }

    /** One consortium bank: its chain, the addresses of its contracts, and its operator key (who confirms settlements to it). */
    public record Bank(BankId id, long chainId, String rpcUrl, Address token, Address gateway, Address executor, int finalityDepth, String feeMode,
            Optional<Address> operator) {
        public Bank {
            operator = operator == null ? Optional.empty() : operator;
        }
    }
}
