package io.astraclear.adapters.besu;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * How to reach and use one bank's chain. Build it with {@link #builder()}; everything but the
 * bank, the RPC URL, the chain id and the two contract addresses has a default.
 *
 * @param bank                    the bank whose chain this is (its Gateway's {@code localBank})
 * @param rpcUrl                  the node's HTTP JSON-RPC endpoint
 * @param expectedChainId         checked against {@code eth_chainId} at connect
 * @param gateway                 the bank's Gateway, watched for {@code TransferInitiated}
 * @param executor                the bank's Executor, watched for command outcomes and validator-set updates, to which
 *                                commands are submitted
 * @param gatewayDeploymentBlock  where watching starts, if known: the block the Gateway was deployed in, or the Executor's
 *                                when that is older; else both contracts' deployment blocks are searched for
 * @param finalityDepth           blocks below the head before an event is delivered (0 for QBFT/IBFT2)
 * @param relayerPrivateKey       hex secp256k1 key that signs Executor transactions; empty for a watch-only chain
 * @param knownBanks              the consortium; events naming another destination are quarantined
 * @param feeMode                 how transactions are priced
 * @param retryMax                retries after the first attempt on transient failures
 * @param baseBackoff             the first retry's delay; it doubles per retry up to {@code maxBackoff}
 * @param maxBackoff              the longest delay between two attempts
 * @param rpcTimeout              the bound of every single JSON-RPC call
 * @param receiptPollInterval     how often a submitted transaction's receipt is asked for
 * @param receiptTimeout          how long one attempt waits for its receipt
 * @param logPaging               bounds of the {@code eth_getLogs} pages
 * @param maxConcurrentRequests   HTTP requests in flight to the node at once (more wait in the client)
 * @param maxCommandsInFlight     submissions accepted at once; more are rejected, not queued
 */
public record ChainSettings(
        BankId bank,
        URI rpcUrl,
        long expectedChainId,
        Address gateway,
        Address executor,
        OptionalLong gatewayDeploymentBlock,
        int finalityDepth,
        Optional<String> relayerPrivateKey,
        Set<BankId> knownBanks,
        FeeMode feeMode,
        int retryMax,
        Duration baseBackoff,
        Duration maxBackoff,
        Duration rpcTimeout,
        Duration receiptPollInterval,
        Duration receiptTimeout,
        LogPaging logPaging,
        int maxConcurrentRequests,
        int maxCommandsInFlight) {

    public static final int MAX_FINALITY_DEPTH = 10_000;
    public static final int MAX_RETRIES = 30;

    public ChainSettings {
        require(bank != null && rpcUrl != null && gateway != null && executor != null, "bank, rpcUrl, gateway and executor are required");
        require("http".equals(rpcUrl.getScheme()) || "https".equals(rpcUrl.getScheme()),
                "rpcUrl must be an http(s) URL, got " + rpcUrl);
        require(expectedChainId > 0, "expectedChainId must be positive");
        gatewayDeploymentBlock = gatewayDeploymentBlock == null ? OptionalLong.empty() : gatewayDeploymentBlock;
        require(gatewayDeploymentBlock.orElse(0) >= 0, "gatewayDeploymentBlock must not be negative");
        require(finalityDepth >= 0 && finalityDepth <= MAX_FINALITY_DEPTH, "finalityDepth must be in [0, " + MAX_FINALITY_DEPTH + "]");
        relayerPrivateKey = relayerPrivateKey == null ? Optional.empty() : relayerPrivateKey;
        relayerPrivateKey.ifPresent(ChainSettings::requireValidKey);
        knownBanks = knownBanks == null ? Set.of() : Set.copyOf(knownBanks);
        require(knownBanks.stream().anyMatch(known -> !known.equals(bank)),
                "knownBanks must name the consortium's other banks; with none every transfer would be quarantined");
        require(feeMode != null, "feeMode is required");
        require(retryMax >= 0 && retryMax <= MAX_RETRIES, "retryMax must be in [0, " + MAX_RETRIES + "]");
        requirePositive(baseBackoff, "baseBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        require(maxBackoff.compareTo(baseBackoff) >= 0, "maxBackoff must not be below baseBackoff");
        requirePositive(rpcTimeout, "rpcTimeout");
        requirePositive(receiptPollInterval, "receiptPollInterval");
        requirePositive(receiptTimeout, "receiptTimeout");
        require(logPaging != null, "logPaging is required");
        require(maxConcurrentRequests >= 1 && maxConcurrentRequests <= 1024, "maxConcurrentRequests must be in [1, 1024]");
        require(maxCommandsInFlight >= 1 && maxCommandsInFlight <= 100_000, "maxCommandsInFlight must be in [1, 100000]");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The relayer's address, derived from its key: the account that must hold gas (unless fees are FREE). */
    public Optional<Address> relayerAddress() {
        return relayerPrivateKey.map(key -> Address.of(Credentials.create(key).getAddress()));
    }

    /** Never prints the relayer key. */
    @Override
    public String toString() {
        return "ChainSettings[bank=" + bank + ", rpcUrl=" + rpcUrl + ", chainId=" + expectedChainId + ", gateway=" + gateway
                + ", executor=" + executor + ", finalityDepth=" + finalityDepth + ", relayer="
                + relayerAddress().map(Address::toString).orElse("none") + ", knownBanks=" + new TreeSet<>(knownBanks)
                + ", feeMode=" + feeMode + ", retryMax=" + retryMax + ", rpcTimeout=" + rpcTimeout + ", logPaging=" + logPaging + "]";
    }

    private static void requireValidKey(String key) {
        byte[] bytes;
        try {
            bytes = Numeric.hexStringToByteArray(key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("relayerPrivateKey is not hex");
        }
        require(bytes.length == 32, "relayerPrivateKey must be 32 bytes of hex");
        var value = Numeric.toBigInt(bytes);
        require(value.signum() > 0 && value.compareTo(io.astraclear.ports.domain.Signature.CURVE_ORDER) < 0,
                "relayerPrivateKey is not a valid secp256k1 key");
        ECKeyPair.create(value); // fails early on anything web3j would refuse later
    }

    private static void requirePositive(Duration duration, String name) {
        require(duration != null && !duration.isNegative() && !duration.isZero(), name + " must be a positive duration");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("chain settings: " + message);
        }
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private BankId bank;
        private URI rpcUrl;
        private long expectedChainId;
        private Address gateway;
        private Address executor;
        private OptionalLong gatewayDeploymentBlock = OptionalLong.empty();
        private int finalityDepth = 0;
        private Optional<String> relayerPrivateKey = Optional.empty();
        private Set<BankId> knownBanks = Set.of();
        private FeeMode feeMode = FeeMode.AUTO;
        private int retryMax = 5;
        private Duration baseBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration rpcTimeout = Duration.ofSeconds(10);
        private Duration receiptPollInterval = Duration.ofMillis(200);
        private Duration receiptTimeout = Duration.ofSeconds(120);
        private LogPaging logPaging = LogPaging.DEFAULTS;
        private int maxConcurrentRequests = 64;
        private int maxCommandsInFlight = 1_024;

        private Builder() {}

        public Builder bank(BankId bank) {
            this.bank = bank;
            return this;
        }

        public Builder rpcUrl(String rpcUrl) {
            this.rpcUrl = URI.create(rpcUrl);
            return this;
        }

        public Builder expectedChainId(long expectedChainId) {
            this.expectedChainId = expectedChainId;
            return this;
        }

        public Builder gateway(Address gateway) {
            this.gateway = gateway;
            return this;
        }

        public Builder executor(Address executor) {
            this.executor = executor;
            return this;
        }

        public Builder gatewayDeploymentBlock(long block) {
            this.gatewayDeploymentBlock = OptionalLong.of(block);
            return this;
        }

        public Builder finalityDepth(int finalityDepth) {
            this.finalityDepth = finalityDepth;
            return this;
        }

        public Builder relayerPrivateKey(String relayerPrivateKey) {
            this.relayerPrivateKey = Optional.of(relayerPrivateKey);
            return this;
        }

        public Builder knownBanks(Set<BankId> knownBanks) {
            this.knownBanks = knownBanks;
            return this;
        }

        public Builder feeMode(FeeMode feeMode) {
            this.feeMode = feeMode;
            return this;
        }

        public Builder retryMax(int retryMax) {
            this.retryMax = retryMax;
            return this;
        }

        public Builder baseBackoff(Duration baseBackoff) {
            this.baseBackoff = baseBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder rpcTimeout(Duration rpcTimeout) {
            this.rpcTimeout = rpcTimeout;
            return this;
        }

        public Builder receiptPollInterval(Duration receiptPollInterval) {
            this.receiptPollInterval = receiptPollInterval;
            return this;
        }

        public Builder receiptTimeout(Duration receiptTimeout) {
            this.receiptTimeout = receiptTimeout;
            return this;
        }

        public Builder logPaging(LogPaging logPaging) {
            this.logPaging = logPaging;
            return this;
        }

        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        public Builder maxCommandsInFlight(int maxCommandsInFlight) {
            this.maxCommandsInFlight = maxCommandsInFlight;
            return this;
        }

        public ChainSettings build() {
            return new ChainSettings(bank, rpcUrl, expectedChainId, gateway, executor, gatewayDeploymentBlock, finalityDepth,
                    relayerPrivateKey, knownBanks, feeMode, retryMax, baseBackoff, maxBackoff, rpcTimeout, receiptPollInterval,
                    receiptTimeout, logPaging, maxConcurrentRequests, maxCommandsInFlight);
        }
    }
}
