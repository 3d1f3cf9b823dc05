package io.astraclear.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.BankId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            signer:
              keystore: /keys/validator.json
              password_file: /keys/password.txt
            relayer:
              private_key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
            validators: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]
            banks:
              - {id: BANK_A, chain_id: 1001, rpc_url: "http://127.0.0.1:8545", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", gateway: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", executor: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"}
              - {id: BANK_B, chain_id: 1002, rpc_url: "http://127.0.0.1:8546", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", gateway: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", executor: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", finality_depth: 2, fee_mode: free}
            """;

    private static NodeConfig load(String yaml, Map<String, String> environment) {
        return new ConfigLoader(environment::get).load(yaml, "test.yaml");
    }

    @Test
    void appliesArchitectureDefaultsForEveryProtocolParameter() {
        NodeConfig config = load(MINIMAL, Map.of());
        assertThat(config.protocol().blockTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.protocol().votingTimeoutTicks()).isEqualTo(100);
        assertThat(config.protocol().nettingIntervalTicks()).isEqualTo(720);
        assertThat(config.protocol().nettingInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.protocol().retryMax()).isEqualTo(5);
        assertThat(config.bank(BankId.of("BANK_A")).orElseThrow().finalityDepth()).isZero();
        assertThat(config.bank(BankId.of("BANK_B")).orElseThrow().finalityDepth()).isEqualTo(2);
        assertThat(config.bank(BankId.of("BANK_B")).orElseThrow().feeMode()).isEqualTo("free");
        assertThat(config.storage().inMemory()).isTrue();
        assertThat(config.plugins().nettingStrategy()).isEqualTo("bilateral");
    }

    @Test
    void environmentOverridesTheFile() {
        NodeConfig config = load(MINIMAL, Map.of("ASTRA_API_PORT", "9090", "ASTRA_PROTOCOL_BLOCK_TIME_MS", "250",
                "ASTRA_STORAGE_URL", "postgresql://postgres@127.0.0.1:5432/astra"));
        assertThat(config.api().port()).isEqualTo(9090);
        assertThat(config.protocol().blockTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.storage().url()).isEqualTo("postgresql://postgres@127.0.0.1:5432/astra");
    }

    @Test
    void relayerBatchesFiftyWithinTwentyMillisecondsUnlessConfigured() {
        NodeConfig defaults = load(MINIMAL, Map.of());
        assertThat(defaults.relayer().batchSize()).isEqualTo(50);
        assertThat(defaults.relayer().batchWait()).isEqualTo(Duration.ofMillis(20));

        NodeConfig configured = load(MINIMAL.replace("relayer:\n", "relayer:\n  batch_size: 1\n"), Map.of("ASTRA_RELAYER_BATCH_WAIT_MS", "0"));
        assertThat(configured.relayer().batchSize()).isEqualTo(1);
        assertThat(configured.relayer().batchWait()).isZero();

        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_RELAYER_BATCH_SIZE", "257")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("relayer.batch_size must be a whole number from 1 to 256, got '257'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_RELAYER_BATCH_WAIT_MS", "-5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("relayer.batch_wait_ms must be a whole number from 0 to 10000");
    }

    @Test
    void metricsArePublicUnlessATokenIsRequired() {
        assertThat(load(MINIMAL, Map.of()).api().metricsRequireToken()).isFalse();
        assertThat(load(MINIMAL, Map.of("ASTRA_API_METRICS_REQUIRE_TOKEN", "true")).api().metricsRequireToken()).isTrue();
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_API_METRICS_REQUIRE_TOKEN", "yes please")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.metrics_require_token");
    }

    @Test
    void watchersPollAFifthOfABlockWithinBoundsUnlessConfigured() {
        assertThat(load(MINIMAL, Map.of()).protocol().pollInterval()).isEqualTo(Duration.ofSeconds(1)); // 5 s blocks
        assertThat(load(MINIMAL, Map.of("ASTRA_PROTOCOL_BLOCK_TIME_MS", "2000")).protocol().pollInterval()).isEqualTo(Duration.ofMillis(400));
        assertThat(load(MINIMAL, Map.of("ASTRA_PROTOCOL_BLOCK_TIME_MS", "200")).protocol().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(load(MINIMAL, Map.of("ASTRA_PROTOCOL_BLOCK_TIME_MS", "60000")).protocol().pollInterval()).isEqualTo(Duration.ofSeconds(1));

        NodeConfig configured = load(MINIMAL + "protocol:\n  poll_interval_ms: 50\n", Map.of());
        assertThat(configured.protocol().pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(configured.protocol().blockTime()).isEqualTo(Duration.ofSeconds(5)); // the ticks keep their length

        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_POLL_INTERVAL_MS", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("protocol.poll_interval_ms must be a whole number from 10 to 60000, got '5'");
    }

    @Test
    void rejectsTyposAndBadValuesNamingTheKey() {
        assertThatThrownBy(() -> load(MINIMAL + "protocol:\n  block_tme_ms: 100\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'protocol.block_tme_ms'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_RETRY_MAX", "-1")))
                .hasMessageContaining("protocol.retry_max must be a whole number from 0 to 100");
        assertThatThrownBy(() -> load(MINIMAL.replace("chain_id: 1002", "chain_id: 1001"), Map.of()))
                .hasMessageContaining("chain id 1001 is used by two banks");
        assertThatThrownBy(() -> load(MINIMAL.replace("BANK_B", "bank-b"), Map.of()))
                .hasMessageContaining("banks[1].id").hasMessageContaining("[A-Z0-9_]{1,16}");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_STORAGE_URL", "mysql://x")))
                .hasMessageContaining("storage.url must be 'memory' or a postgresql:// URL");
        assertThatThrownBy(() -> load("banks: [}", Map.of())).hasMessageContaining("not valid YAML");
    }

    @Test
    void refusesARawKeyOutsideDevModeAndNeverPrintsIt() {
        String raw = MINIMAL.replace("keystore: /keys/validator.json\n  password_file: /keys/password.txt",
                "dev_private_key: \"0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6\"");
        assertThatThrownBy(() -> load(raw, Map.of())).hasMessageContaining("dev mode only").hasMessageNotContaining("2a871d07");
        NodeConfig dev = load(raw, Map.of("ASTRA_NODE_DEV_MODE", "true"));
        assertThat(dev.signer().toString()).doesNotContain("2a871d07").contains("redacted");
        assertThat(dev.relayer().toString()).doesNotContain("59c6995e");
    }

    @Test
    void apiTokensAreHashesWithRolesAndTheApiLimitsHaveDefaults() {
        String hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        NodeConfig config = load(MINIMAL + """
                api:
                  port: 8081
                  max_body_bytes: 2048
                  rate_limit_per_token_per_second: 5
                  tokens:
                    - {name: ops, sha256: "%s", role: admin}
                    - {name: bank-b, sha256: "%s", role: "bank:BANK_B"}
                """.formatted(hash.toUpperCase(), hash.replace('b', 'c')), Map.of("ASTRA_API_REQUEST_TIMEOUT_MS", "2500"));
        assertThat(config.api().tokens()).extracting(NodeConfig.ApiToken::name).containsExactly("ops", "bank-b");
        assertThat(config.api().tokens().get(0).sha256Hex()).isEqualTo(hash);
        assertThat(config.api().tokens().get(1).role()).isEqualTo("bank:BANK_B");
        assertThat(config.api().tokens().toString()).doesNotContain(hash);
        assertThat(config.api().maxBodyBytes()).isEqualTo(2048);
        assertThat(config.api().requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.api().rateLimit().perTokenPerSecond()).isEqualTo(5);
        assertThat(config.api().rateLimit().perAddressBurst()).isEqualTo(NodeConfig.RateLimit.DEFAULT.perAddressBurst());
        assertThat(load(MINIMAL, Map.of()).api().tokens()).isEmpty();
    }

    @Test
    void rejectsTokensThatAreNotHashesOrNameAnUnknownRoleOrBank() {
        String hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThatThrownBy(() -> load(MINIMAL + "api:\n  tokens:\n    - {name: ops, sha256: my-plain-secret, role: admin}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.tokens[0].sha256 must be the SHA-256");
        assertThatThrownBy(() -> load(MINIMAL + "api:\n  tokens:\n    - {name: ops, sha256: " + hash + ", role: root}\n", Map.of()))
                .hasMessageContaining("api.tokens[0].role must be admin, read or bank:<BANK_ID>");
        assertThatThrownBy(() -> load(MINIMAL + "api:\n  tokens:\n    - {name: x, sha256: " + hash + ", role: \"bank:BANK_Z\"}\n", Map.of()))
                .hasMessageContaining("not among the configured banks");
        assertThatThrownBy(() -> load(MINIMAL + "api:\n  tokens:\n    - {name: a, sha256: " + hash + ", role: read}\n    - {name: b, sha256: " + hash + ", role: read}\n", Map.of()))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> load(MINIMAL + "api:\n  tokens:\n    - {name: a, sha256: " + hash + ", role: read, secret: x}\n", Map.of()))
                .hasMessageContaining("unknown key 'secret'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_API_MAX_BODY_BYTES", "10")))
                .hasMessageContaining("api.max_body_bytes must be a whole number from 1024");
    }

    private static final String CONSORTIUM = MINIMAL.replace("validators: [\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]",
            "validators: [\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\", \"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\"]") + """
            consensus:
              relay_fallback_ticks: 3
              peers:
                - {name: bank-b, url: "http://10.0.0.2:8080/", token_sha256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"}
            """;

    @Test
    void readsPeersWithTheirTokenHashAndTakesThisNodesPeerTokenFromTheEnvironment() {
        NodeConfig config = load(CONSORTIUM, Map.of("ASTRA_CONSENSUS_PEER_TOKEN", "a-peer-token-of-enough-length"));
        assertThat(config.consensus().networked()).isTrue();
        assertThat(config.consensus().peers()).containsExactly(new NodeConfig.Peer("bank-b", "http://10.0.0.2:8080",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        assertThat(config.consensus().peerToken()).contains("a-peer-token-of-enough-length");
        assertThat(config.consensus().relayFallbackTicks()).isEqualTo(3);
        assertThat(config.consensus().sendTimeout()).isEqualTo(NodeConfig.Consensus.DEFAULT_SEND_TIMEOUT);
        assertThat(config.consensus().toString()).doesNotContain("a-peer-token-of-enough-length");
        assertThat(load(MINIMAL, Map.of()).consensus().networked()).isFalse();
    }

    @Test
    void refusesAConsortiumWithoutPeersOrPeerTokenAndMalformedPeers() {
        assertThatThrownBy(() -> load(CONSORTIUM, Map.of())).hasMessageContaining("consensus.peer_token");
        assertThatThrownBy(() -> load(CONSORTIUM, Map.of("ASTRA_CONSENSUS_PEER_TOKEN", "short"))).hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> load(CONSORTIUM.substring(0, CONSORTIUM.indexOf("consensus:")), Map.of()))
                .hasMessageContaining("2 validators need consensus.peers");
        assertThatThrownBy(() -> load(CONSORTIUM.replace("token_sha256: \"9F86", "token_sha256: \"XX86"), Map.of("ASTRA_CONSENSUS_PEER_TOKEN", "a-peer-token-of-enough-length")))
                .hasMessageContaining("consensus.peers[0].token_sha256");
        assertThatThrownBy(() -> load(CONSORTIUM.replace("url: \"http://10.0.0.2:8080/\"", "url: \"ftp://x\""), Map.of("ASTRA_CONSENSUS_PEER_TOKEN", "a-peer-token-of-enough-length")))
                .hasMessageContaining("consensus.peers[0].url");
        assertThatThrownBy(() -> load(CONSORTIUM.replace("relay_fallback_ticks: 3", "relay_fallback_tick: 3"), Map.of()))
                .hasMessageContaining("unknown key 'consensus.relay_fallback_tick'");
    }
}
