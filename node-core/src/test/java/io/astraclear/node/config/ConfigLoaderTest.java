package io.astraclear.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubParameters;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private static final String OPERATOR_B = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    private static final String MINIMAL = """
            signer:
              keystore: /keys/validator.json
              password_file: /keys/password.txt
            relayer:
              private_key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
            validators: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]
            banks:
              - {id: BANK_A, chain_id: 1001, rpc_url: "http://127.0.0.1:8545", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", gateway: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", executor: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"}
              - {id: BANK_B, chain_id: 1002, rpc_url: "http://127.0.0.1:8546", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", gateway: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", executor: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", finality_depth: 2, fee_mode: free, operator: "%s"}
            """.formatted(OPERATOR_B);
    private static final String RAW_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    private static NodeConfig load(String yaml, Map<String, String> environment) {
        return new ConfigLoader(environment::get).load(yaml, "test.yaml");
    }

    @Test
    void appliesTheArchitecturesDefaultsForEveryHubAndProtocolParameter() {
        NodeConfig config = load(MINIMAL, Map.of());
        assertThat(config.hub().chainId()).isEqualTo("astra-hub");
        assertThat(config.hub().engine()).isEqualTo("solo");
        assertThat(config.hub().maxBlockTransactions()).isEqualTo(2_000);
        assertThat(config.protocol().blockTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.protocol().votingTimeoutBlocks()).isEqualTo(100);
        assertThat(config.protocol().nettingIntervalBlocks()).isEqualTo(720);
        assertThat(config.protocol().retryMax()).isEqualTo(5);
        assertThat(config.protocol().maxBatchSize()).isEqualTo(256);
        assertThat(config.protocol().tokenDecimals()).isEqualTo(2);
        assertThat(config.relayer().fallback()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.relayer().resubmitAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.bank(BankId.of("BANK_A")).orElseThrow().finalityDepth()).isZero();
        assertThat(config.bank(BankId.of("BANK_A")).orElseThrow().operator()).isEmpty();
        assertThat(config.bank(BankId.of("BANK_B")).orElseThrow().finalityDepth()).isEqualTo(2);
        assertThat(config.bank(BankId.of("BANK_B")).orElseThrow().feeMode()).isEqualTo("free");
        assertThat(config.bank(BankId.of("BANK_B")).orElseThrow().operator()).contains(Address.of(OPERATOR_B));
        assertThat(config.operators()).isEmpty();
        assertThat(config.storage().inMemory()).isTrue();
        assertThat(config.plugins().nettingStrategy()).isEqualTo("bilateral");
    }

    @Test
    void theHubAndProtocolKeysAreReadFromTheFileAndTheEnvironmentAndMakeTheGenesis() {
        NodeConfig config = load(MINIMAL + """
                hub:
                  chain_id: bank-consortium.eu-1
                  engine: solo
                  max_block_transactions: 500
                protocol:
                  voting_timeout_blocks: 30
                  netting_interval_blocks: 3600
                  max_batch_size: 64
                """, Map.of("ASTRA_PROTOCOL_TOKEN_DECIMALS", "6", "ASTRA_PROTOCOL_RETRY_MAX", "3",
                "ASTRA_RELAYER_FALLBACK_MS", "0", "ASTRA_RELAYER_RESUBMIT_AFTER_MS", "2500"));
        assertThat(config.hub()).isEqualTo(new NodeConfig.Hub("bank-consortium.eu-1", "solo", 500));
        assertThat(config.relayer().fallback()).isZero();
        assertThat(config.relayer().resubmitAfter()).isEqualTo(Duration.ofMillis(2500));

        HubGenesis genesis = config.genesis("bilateral", "1.2.0");
        assertThat(genesis.chainId()).isEqualTo("bank-consortium.eu-1");
        assertThat(genesis.parameters()).isEqualTo(new HubParameters(30, 3600, 3, 64, 6));
        assertThat(genesis.nettingStrategyId()).isEqualTo("bilateral");
        assertThat(genesis.nettingStrategyVersion()).isEqualTo("1.2.0");
        assertThat(genesis.bank(BankId.of("BANK_B")).flatMap(member -> member.operator())).contains(Address.of(OPERATOR_B));
        assertThat(genesis.bank(BankId.of("BANK_A")).flatMap(member -> member.operator())).isEmpty();
    }

    @Test
    void hubAndProtocolValuesOutsideTheirBoundsNameTheKeyAndTheBounds() {
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_HUB_CHAIN_ID", "Astra Hub")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hub.chain_id must be 1 to 50 of a-z, 0-9").hasMessageContaining("'Astra Hub'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_HUB_ENGINE", "cometbft")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hub.engine must be 'solo'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_HUB_MAX_BLOCK_TRANSACTIONS", "0")))
                .hasMessageContaining("hub.max_block_transactions must be a whole number from 1 to 100000, got '0'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_MAX_BATCH_SIZE", "257")))
                .hasMessageContaining("protocol.max_batch_size must be a whole number from 1 to 256, got '257'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_TOKEN_DECIMALS", "78")))
                .hasMessageContaining("protocol.token_decimals must be a whole number from 0 to 77");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_VOTING_TIMEOUT_BLOCKS", "0")))
                .hasMessageContaining("protocol.voting_timeout_blocks must be a whole number from 1");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_NETTING_INTERVAL_BLOCKS", "many")))
                .hasMessageContaining("protocol.netting_interval_blocks must be a whole number from 1");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_RETRY_MAX", "31")))
                .hasMessageContaining("protocol.retry_max must be a whole number from 0 to " + HubParameters.MAX_RETRIES);
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_RELAYER_FALLBACK_MS", "-1")))
                .hasMessageContaining("relayer.fallback_ms must be a whole number from 0 to 600000");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_RELAYER_RESUBMIT_AFTER_MS", "3600001")))
                .hasMessageContaining("relayer.resubmit_after_ms must be a whole number from 0 to 3600000");
    }

    static Stream<Arguments> removedKeys() {
        return Stream.of(
                Arguments.of("protocol.voting_timeout_ticks", MINIMAL + "protocol:\n  voting_timeout_ticks: 100\n"),
                Arguments.of("protocol.netting_interval_ticks", MINIMAL + "protocol:\n  netting_interval_ticks: 720\n"),
                Arguments.of("relayer.batch_size", MINIMAL.replace("relayer:\n", "relayer:\n  batch_size: 50\n")),
                Arguments.of("relayer.batch_wait_ms", MINIMAL.replace("relayer:\n", "relayer:\n  batch_wait_ms: 20\n")));
    }

    /** Keys of the per-transfer vote pipeline, gone with it: a file that still sets one is refused, not half obeyed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("removedKeys")
    void removedKeysAreUnknownKeys(String key, String yaml) {
        assertThatThrownBy(() -> load(yaml, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("unknown key '" + key + "'");
    }

    @Test
    void theConsensusSectionOfTheHttpAgreementIsUnknown() {
        assertThatThrownBy(() -> load(MINIMAL + "consensus:\n  relay_fallback_ticks: 3\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown section 'consensus'").hasMessageContaining("hub");
    }

    @Test
    void moreThanOneValidatorIsRefusedWithWhatItNeeds() {
        String two = MINIMAL.replace("validators: [\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]",
                "validators: [\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\", \"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\"]");
        assertThatThrownBy(() -> load(two, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("2 validators need a consortium engine (CometBFT)")
                .hasMessageContaining("the solo engine runs exactly one validator");
    }

    @Test
    void operatorsHoldKeysOfBanksWithAnOperatorAddressAndRawKeysOnlyInDevMode() {
        String keystore = MINIMAL + "operators:\n  - {bank: BANK_B, keystore: /keys/bank-b.json, password_env: BANK_B_PASSWORD}\n";
        NodeConfig config = load(keystore, Map.of());
        assertThat(config.operators()).singleElement().satisfies(operator -> {
            assertThat(operator.bank()).isEqualTo(BankId.of("BANK_B"));
            assertThat(operator.key().keystore()).contains(java.nio.file.Path.of("/keys/bank-b.json"));
            assertThat(operator.key().passwordEnv()).contains("BANK_B_PASSWORD");
        });

        String raw = MINIMAL + "operators:\n  - {bank: BANK_B, dev_private_key: \"" + RAW_KEY + "\"}\n";
        assertThatThrownBy(() -> load(raw, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("operators[0].dev_private_key is accepted in dev mode only").hasMessageNotContaining("2a871d07");
        NodeConfig dev = load(raw, Map.of("ASTRA_NODE_DEV_MODE", "true"));
        assertThat(dev.operators().getFirst().key().devPrivateKey()).contains(RAW_KEY);
        assertThat(dev.operators().toString()).doesNotContain("2a871d07");
    }

    @Test
    void operatorEntriesThatCannotBeUsedAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> load(MINIMAL + "operators:\n  - {bank: BANK_A, keystore: /k.json, password_file: /p}\n", Map.of()))
                .hasMessageContaining("operators[0]: bank BANK_A has no operator address in banks; add banks[].operator");
        assertThatThrownBy(() -> load(MINIMAL + "operators:\n  - {bank: BANK_Q, keystore: /k.json, password_file: /p}\n", Map.of()))
                .hasMessageContaining("operators[0].bank names BANK_Q, which is not among the configured banks");
        assertThatThrownBy(() -> load(MINIMAL + "operators:\n  - {bank: BANK_B, keystore: /k.json}\n", Map.of()))
                .hasMessageContaining("operators[0].keystore needs password_file or password_env");
        assertThatThrownBy(() -> load(MINIMAL + "operators:\n  - {bank: BANK_B}\n", Map.of()))
                .hasMessageContaining("operators[0] needs exactly one of keystore");
        assertThatThrownBy(() -> load(MINIMAL + "operators:\n  - {bank: BANK_B, keystore: /k.json, password_file: /p}\n"
                + "  - {bank: BANK_B, keystore: /l.json, password_file: /p}\n", Map.of()))
                .hasMessageContaining("operators[1]: a second key for BANK_B");
        assertThatThrownBy(() -> load(MINIMAL + "operators:\n  - {bank: BANK_B, keystore: /k.json, password_file: /p, address: x}\n", Map.of()))
                .hasMessageContaining("operators[0]: unknown key 'address'");
        assertThatThrownBy(() -> load(MINIMAL + "operators: BANK_B\n", Map.of())).hasMessageContaining("operators must be a list");
        assertThatThrownBy(() -> load(MINIMAL.replace("operator: \"" + OPERATOR_B + "\"", "operator: \"0x1234\""), Map.of()))
                .hasMessageContaining("banks[1].operator");
    }

    @Test
    void environmentOverridesTheFile() {
        NodeConfig config = load(MINIMAL, Map.of("ASTRA_API_PORT", "9090", "ASTRA_PROTOCOL_BLOCK_TIME_MS", "250",
                "ASTRA_STORAGE_URL", "postgresql://postgres@127.0.0.1:5432/astra", "ASTRA_HUB_CHAIN_ID", "astra-test"));
        assertThat(config.api().port()).isEqualTo(9090);
        assertThat(config.protocol().blockTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.storage().url()).isEqualTo("postgresql://postgres@127.0.0.1:5432/astra");
        assertThat(config.hub().chainId()).isEqualTo("astra-test");
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
        assertThat(configured.protocol().blockTime()).isEqualTo(Duration.ofSeconds(5));

        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_POLL_INTERVAL_MS", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("protocol.poll_interval_ms must be a whole number from 10 to 60000, got '5'");
    }

    @Test
    void rejectsTyposAndBadValuesNamingTheKey() {
        assertThatThrownBy(() -> load(MINIMAL + "protocol:\n  block_tme_ms: 100\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'protocol.block_tme_ms'");
        assertThatThrownBy(() -> load(MINIMAL + "hub:\n  chain: x\n", Map.of())).hasMessageContaining("unknown key 'hub.chain'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_PROTOCOL_RETRY_MAX", "-1")))
                .hasMessageContaining("protocol.retry_max must be a whole number from 0 to 30");
        assertThatThrownBy(() -> load(MINIMAL.replace("chain_id: 1002", "chain_id: 1001"), Map.of()))
                .hasMessageContaining("chain id 1001 is used by two banks");
        assertThatThrownBy(() -> load(MINIMAL.replace("BANK_B", "bank-b"), Map.of()))
                .hasMessageContaining("banks[1].id").hasMessageContaining("[A-Z0-9_]{1,16}");
        assertThatThrownBy(() -> load(MINIMAL.replace("fee_mode: free", "fee_mode: free, finality: 3"), Map.of()))
                .hasMessageContaining("banks[1]: unknown key 'finality'");
        assertThatThrownBy(() -> load(MINIMAL, Map.of("ASTRA_STORAGE_URL", "mysql://x")))
                .hasMessageContaining("storage.url must be 'memory' or a postgresql:// URL");
        assertThatThrownBy(() -> load("banks: [}", Map.of())).hasMessageContaining("not valid YAML");
    }

    @Test
    void refusesARawKeyOutsideDevModeAndNeverPrintsIt() {
        String raw = MINIMAL.replace("keystore: /keys/validator.json\n  password_file: /keys/password.txt", "dev_private_key: \"" + RAW_KEY + "\"");
        assertThatThrownBy(() -> load(raw, Map.of())).hasMessageContaining("dev mode only").hasMessageNotContaining("2a871d07");
        NodeConfig dev = load(raw, Map.of("ASTRA_NODE_DEV_MODE", "true"));
        assertThat(dev.signer().devPrivateKey()).isEqualTo(Optional.of(RAW_KEY));
        assertThat(dev.signer().toString()).doesNotContain("2a871d07").contains("redacted");
        assertThat(dev.relayer().toString()).doesNotContain("59c6995e");
        assertThat(dev.toString()).doesNotContain("2a871d07").doesNotContain("59c6995e");
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
}
