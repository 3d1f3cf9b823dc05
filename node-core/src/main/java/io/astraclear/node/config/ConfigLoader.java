package io.astraclear.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the node's YAML file, applies environment overrides and validates everything into an
 * immutable {@link NodeConfig}. Every scalar key {@code a.b_c} can be overridden by the
 * environment variable {@code ASTRA_A_B_C} (e.g. {@code ASTRA_API_PORT=9090},
 * {@code ASTRA_STORAGE_URL=postgresql://...}). Unknown keys are errors, so a typo never silently
 * falls back to a default.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every scalar key with its default ({@code null}: required or optional without default). */
    private static final Map<String, String> SCALAR_DEFAULTS = orderedDefaults();

    private static Map<String, String> orderedDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("node.name", "astra-node");
        defaults.put("node.dev_mode", "false");
        defaults.put("protocol.block_time_ms", "5000");
        defaults.put("protocol.voting_timeout_blocks", Integer.toString(HubParameters.DEFAULTS.votingTimeoutBlocks()));
        defaults.put("protocol.netting_interval_blocks", Integer.toString(HubParameters.DEFAULTS.nettingIntervalBlocks()));
        defaults.put("protocol.retry_max", Integer.toString(HubParameters.DEFAULTS.retryMax()));
        defaults.put("protocol.max_batch_size", Integer.toString(HubParameters.DEFAULTS.maxBatchSize()));
        defaults.put("protocol.token_decimals", Integer.toString(HubParameters.DEFAULTS.tokenDecimals()));
        defaults.put("protocol.poll_interval_ms", null);
        defaults.put("hub.chain_id", NodeConfig.Hub.DEFAULT_CHAIN_ID);
        defaults.put("hub.engine", "solo");
        defaults.put("hub.max_block_transactions", Integer.toString(NodeConfig.Hub.DEFAULT_MAX_BLOCK_TRANSACTIONS));
        defaults.put("api.host", "127.0.0.1");
        defaults.put("api.port", "8080");
        defaults.put("api.rate_limit_per_token_per_second", Integer.toString(NodeConfig.RateLimit.DEFAULT.perTokenPerSecond()));
        defaults.put("api.rate_limit_per_token_burst", Integer.toString(NodeConfig.RateLimit.DEFAULT.perTokenBurst()));
        defaults.put("api.rate_limit_per_address_per_second", Integer.toString(NodeConfig.RateLimit.DEFAULT.perAddressPerSecond()));
        defaults.put("api.rate_limit_per_address_burst", Integer.toString(NodeConfig.RateLimit.DEFAULT.perAddressBurst()));
        defaults.put("api.max_body_bytes", Integer.toString(NodeConfig.Api.DEFAULT_MAX_BODY_BYTES));
        defaults.put("api.request_timeout_ms", Long.toString(NodeConfig.Api.DEFAULT_REQUEST_TIMEOUT.toMillis()));
        defaults.put("api.websocket_max_connections", Integer.toString(NodeConfig.Api.DEFAULT_MAX_WEBSOCKET_CONNECTIONS));
        defaults.put("api.websocket_queue_bytes", Integer.toString(NodeConfig.Api.DEFAULT_WEBSOCKET_QUEUE_BYTES));
        defaults.put("api.ready_max_lag_blocks", Long.toString(NodeConfig.Api.DEFAULT_READY_MAX_LAG_BLOCKS));
        defaults.put("api.metrics_require_token", "false");
        defaults.put("storage.url", "memory");
        defaults.put("storage.pool_size", "8");
        defaults.put("storage.wait_queue_size", "1024");
        defaults.put("plugins.directory", "plugins");
        defaults.put("plugins.signer", "secp256k1-bouncycastle");
        defaults.put("plugins.netting", "bilateral");
        defaults.put("signer.keystore", null);
        defaults.put("signer.password_file", null);
        defaults.put("signer.password_env", null);
        defaults.put("signer.dev_private_key", null);
        defaults.put("relayer.private_key", null);
        defaults.put("relayer.fallback_ms", Long.toString(NodeConfig.Relayer.DEFAULT_FALLBACK.toMillis()));
        defaults.put("relayer.resubmit_after_ms", Long.toString(NodeConfig.Relayer.DEFAULT_RESUBMIT_AFTER.toMillis()));
        return Collections.unmodifiableMap(defaults);
    }

    /** Keys that hold a list rather than a scalar (not overridable from the environment). */
    private static final Set<String> LIST_KEYS = Set.of("api.tokens");
    private static final Set<String> TOKEN_KEYS = Set.of("name", "sha256", "role");
    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private static final java.util.regex.Pattern TOKEN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> BANK_KEYS = Set.of("id", "chain_id", "rpc_url", "token", "gateway", "executor", "finality_depth", "fee_mode",
            "operator");
    private static final Set<String> OPERATOR_KEYS = Set.of("bank", "keystore", "password_file", "password_env", "dev_private_key");
    private static final Set<String> FEE_MODES = Set.of("auto", "legacy", "eip1559", "free");

    private final Function<String, String> environment;

    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public NodeConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist; pass an existing YAML file with --config");
        }
        try {
            return load(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    public NodeConfig load(String yaml, String source) {
        JsonNode root;
        try {
            root = yaml.isBlank() ? JsonNodeFactory.instance.objectNode() : YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(source + " is not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(source + ": the top level must be a mapping of sections (node, protocol, api, ...)");
        }
        rejectUnknownKeys((ObjectNode) root, source);
        Values values = new Values((ObjectNode) root, environment, source);
        return build(values, (ObjectNode) root, source);
    }

    private static void rejectUnknownKeys(ObjectNode root, String source) {
        Set<String> sections = new HashSet<>();
        SCALAR_DEFAULTS.keySet().forEach(key -> sections.add(key.substring(0, key.indexOf('.'))));
        sections.add("validators");
        sections.add("banks");
        sections.add("operators");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String section = names.next();
            if (!sections.contains(section)) {
                throw new ConfigException(source + ": unknown section '" + section + "' (known: " + new TreeSet<>(sections) + ")");
            }
            JsonNode node = root.get(section);
            if (node.isObject()) {
                for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                    String key = section + "." + keys.next();
                    if (!SCALAR_DEFAULTS.containsKey(key) && !LIST_KEYS.contains(key)) {
                        throw new ConfigException(source + ": unknown key '" + key + "'");
                    }
                }
            }
        }
    }

    private NodeConfig build(Values values, ObjectNode root, String source) {
        boolean devMode = values.bool("node.dev_mode");
        NodeConfig.Protocol protocol = new NodeConfig.Protocol(
                Duration.ofMillis(values.positiveInt("protocol.block_time_ms", 1, 3_600_000)),
                values.positiveInt("protocol.voting_timeout_blocks", 1, 1_000_000),
                values.positiveInt("protocol.netting_interval_blocks", 1, 100_000_000),
                values.positiveInt("protocol.retry_max", 0, HubParameters.MAX_RETRIES),
                values.positiveInt("protocol.max_batch_size", 1, HubParameters.MAX_BATCH_SIZE),
                values.positiveInt("protocol.token_decimals", 0, 77),
                values.optional("protocol.poll_interval_ms")
                        .map(ignored -> Duration.ofMillis(values.positiveInt("protocol.poll_interval_ms", 10, 60_000)))
                        .orElse(null));
        String chainId = values.text("hub.chain_id");
        if (!chainId.matches("[a-z0-9][a-z0-9._-]{0,49}")) {
            throw new ConfigException(source + ": hub.chain_id must be 1 to 50 of a-z, 0-9, '.', '_', '-' (starting with a letter or digit), got '"
                    + chainId + "'");
        }
        String engine = values.text("hub.engine");
        if (!engine.equals("solo")) {
            throw new ConfigException(source + ": hub.engine must be 'solo' (the embedded single-validator engine); a consortium of several "
                    + "validators runs on CometBFT, which this node does not drive yet");
        }
        NodeConfig.Hub hub = new NodeConfig.Hub(chainId, engine, values.positiveInt("hub.max_block_transactions", 1, 100_000));
        NodeConfig.RateLimit rateLimit = new NodeConfig.RateLimit(
                values.positiveInt("api.rate_limit_per_token_per_second", 1, 1_000_000),
                values.positiveInt("api.rate_limit_per_token_burst", 1, 1_000_000),
                values.positiveInt("api.rate_limit_per_address_per_second", 1, 1_000_000),
                values.positiveInt("api.rate_limit_per_address_burst", 1, 1_000_000));
        NodeConfig.Api apiWithoutTokens = new NodeConfig.Api(values.text("api.host"), values.positiveInt("api.port", 0, 65535), List.of(), rateLimit,
                values.positiveInt("api.max_body_bytes", 1024, 16 * 1024 * 1024),
                Duration.ofMillis(values.positiveInt("api.request_timeout_ms", 100, 600_000)),
                values.positiveInt("api.websocket_max_connections", 1, 100_000),
                values.positiveInt("api.websocket_queue_bytes", 4096, 64 * 1024 * 1024),
                values.positiveInt("api.ready_max_lag_blocks", 0, 1_000_000_000),
                values.bool("api.metrics_require_token"));
        String storageUrl = values.text("storage.url");
        if (!"memory".equals(storageUrl) && !storageUrl.startsWith("postgresql://") && !storageUrl.startsWith("postgres://")) {
            throw new ConfigException(source + ": storage.url must be 'memory' or a postgresql:// URL, got '" + storageUrl + "'");
        }
        NodeConfig.Storage storage = new NodeConfig.Storage(storageUrl,
                values.positiveInt("storage.pool_size", 1, 256), values.positiveInt("storage.wait_queue_size", 1, 1_000_000));
        NodeConfig.Plugins plugins = new NodeConfig.Plugins(Path.of(values.text("plugins.directory")),
                values.text("plugins.signer"), values.text("plugins.netting"));
        NodeConfig.SignerKey signer = new NodeConfig.SignerKey(
                values.optional("signer.keystore").map(Path::of),
                values.optional("signer.password_file").map(Path::of),
                values.optional("signer.password_env"),
                values.optional("signer.dev_private_key"));
        if (signer.keystore().isEmpty() && signer.devPrivateKey().isEmpty()) {
            throw new ConfigException(source + ": signer.keystore is required (an Ethereum V3 keystore; create one with './astra keygen')");
        }
        if (signer.devPrivateKey().isPresent() && !devMode) {
            throw new ConfigException(source + ": signer.dev_private_key is accepted in dev mode only; use signer.keystore");
        }
        if (signer.keystore().isPresent() && signer.passwordFile().isEmpty() && signer.passwordEnv().isEmpty()) {
            throw new ConfigException(source + ": signer.keystore needs signer.password_file or signer.password_env");
        }
        String relayerKey = values.optional("relayer.private_key")
                .orElseThrow(() -> new ConfigException(source + ": relayer.private_key is required (the account that pays gas for Executor submissions; set ASTRA_RELAYER_PRIVATE_KEY)"));
        NodeConfig.Relayer relayer = new NodeConfig.Relayer(relayerKey,
                Duration.ofMillis(values.positiveInt("relayer.fallback_ms", 0, 600_000)),
                Duration.ofMillis(values.positiveInt("relayer.resubmit_after_ms", 0, 3_600_000)));

        List<Address> validators = new ArrayList<>();
        JsonNode validatorNodes = root.path("validators");
        if (!validatorNodes.isArray() || validatorNodes.isEmpty()) {
            throw new ConfigException(source + ": validators must be a non-empty list of addresses");
        }
        for (JsonNode node : validatorNodes) {
            validators.add(parse(() -> Address.of(node.asText()), source + ": validators entry '" + node.asText() + "'"));
        }
        List<NodeConfig.Bank> banks = banks(root.path("banks"), source);
        if (validators.size() > 1) {
            throw new ConfigException(source + ": " + validators.size() + " validators need a consortium engine (CometBFT), which this node "
                    + "does not drive yet; the solo engine runs exactly one validator");
        }
        List<NodeConfig.OperatorKey> operators = operators(root.path("operators"), banks, devMode, source);
        NodeConfig.Api api = apiWithoutTokens.withTokens(tokens(root.path("api").path("tokens"), banks, source));
        return new NodeConfig(values.text("node.name"), protocol, hub, api, storage, plugins, signer, operators, relayer, validators, banks, devMode);
    }

    /**
     * {@code operators}: the bank operator keys this node holds, a list of {bank, keystore,
     * password_file | password_env} (or {bank, dev_private_key} in dev mode). Each bank must have an
     * {@code operator} address in {@code banks}; the key's address is checked against it when loaded.
     */
    private static List<NodeConfig.OperatorKey> operators(JsonNode nodes, List<NodeConfig.Bank> banks, boolean devMode, String source) {
        if (nodes.isMissingNode() || nodes.isNull()) {
            return List.of();
        }
        if (!nodes.isArray()) {
            throw new ConfigException(source + ": operators must be a list of {bank, keystore, password_file} (or password_env)");
        }
        List<NodeConfig.OperatorKey> operators = new ArrayList<>();
        Set<BankId> seen = new HashSet<>();
        int index = 0;
        for (JsonNode node : nodes) {
            String where = source + ": operators[" + index++ + "]";
            if (!node.isObject()) {
                throw new ConfigException(where + " must be a mapping with bank and keystore");
            }
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!OPERATOR_KEYS.contains(key)) {
                    throw new ConfigException(where + ": unknown key '" + key + "' (known: " + new TreeSet<>(OPERATOR_KEYS) + ")");
                }
            }
            BankId bank = parse(() -> BankId.of(required(node, "bank", where)), where + ".bank");
            NodeConfig.Bank configured = banks.stream().filter(b -> b.id().equals(bank)).findFirst()
                    .orElseThrow(() -> new ConfigException(where + ".bank names " + bank + ", which is not among the configured banks"));
            if (configured.operator().isEmpty()) {
                throw new ConfigException(where + ": bank " + bank + " has no operator address in banks; add banks[].operator");
            }
            if (!seen.add(bank)) {
                throw new ConfigException(where + ": a second key for " + bank);
            }
            NodeConfig.SignerKey key = new NodeConfig.SignerKey(
                    Optional.ofNullable(text(node, "keystore")).map(Path::of),
                    Optional.ofNullable(text(node, "password_file")).map(Path::of),
                    Optional.ofNullable(text(node, "password_env")),
                    Optional.ofNullable(text(node, "dev_private_key")));
            if (key.keystore().isEmpty() == key.devPrivateKey().isEmpty()) {
                throw new ConfigException(where + " needs exactly one of keystore (an Ethereum V3 keystore) and dev_private_key (dev mode only)");
            }
            if (key.devPrivateKey().isPresent() && !devMode) {
                throw new ConfigException(where + ".dev_private_key is accepted in dev mode only; use a keystore");
            }
            if (key.keystore().isPresent() && key.passwordFile().isEmpty() && key.passwordEnv().isEmpty()) {
                throw new ConfigException(where + ".keystore needs password_file or password_env");
            }
            operators.add(new NodeConfig.OperatorKey(bank, key));
        }
        return operators;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** {@code api.tokens}: a list of {name, sha256, role}; only hashes of the secrets are configured. */
    private static List<NodeConfig.ApiToken> tokens(JsonNode tokenNodes, List<NodeConfig.Bank> banks, String source) {
        if (tokenNodes.isMissingNode() || tokenNodes.isNull()) {
            return List.of();
        }
        if (!tokenNodes.isArray()) {
            throw new ConfigException(source + ": api.tokens must be a list of {name, sha256, role}");
        }
        List<NodeConfig.ApiToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        int index = 0;
        for (JsonNode node : tokenNodes) {
            String where = source + ": api.tokens[" + index++ + "]";
            if (!node.isObject()) {
                throw new ConfigException(where + " must be a mapping with name, sha256 and role");
            }
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!TOKEN_KEYS.contains(key)) {
                    throw new ConfigException(where + ": unknown key '" + key + "' (known: " + new TreeSet<>(TOKEN_KEYS) + ")");
                }
            }
            String name = required(node, "name", where);
            if (!TOKEN_NAME.matcher(name).matches()) {
                throw new ConfigException(where + ".name must be 1 to 64 letters, digits, '_', '.' or '-', got '" + name + "'");
            }
            String hash = required(node, "sha256", where).toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new ConfigException(where + ".sha256 must be the SHA-256 of the token in hex (64 characters; e.g. printf %s \"$TOKEN\" | sha256sum)");
            }
            String role = required(node, "role", where);
            if (role.startsWith("bank:")) {
                BankId bank = parse(() -> BankId.of(role.substring("bank:".length())), where + ".role");
                if (banks.stream().noneMatch(configured -> configured.id().equals(bank))) {
                    throw new ConfigException(where + ".role names bank " + bank + ", which is not among the configured banks");
                }
            } else if (!role.equals("admin") && !role.equals("read")) {
                throw new ConfigException(where + ".role must be admin, read or bank:<BANK_ID>, got '" + role + "'");
            }
            if (!names.add(name)) {
                throw new ConfigException(where + ": token name '" + name + "' appears twice");
            }
            if (!hashes.add(hash)) {
                throw new ConfigException(where + ": the same token hash is configured twice");
            }
            tokens.add(new NodeConfig.ApiToken(name, hash, role));
        }
        return tokens;
    }

    private static List<NodeConfig.Bank> banks(JsonNode bankNodes, String source) {
        if (!bankNodes.isArray() || bankNodes.size() < 2) {
            throw new ConfigException(source + ": banks must list at least two banks (id, chain_id, rpc_url, token, gateway, executor)");
        }
        List<NodeConfig.Bank> banks = new ArrayList<>();
        Set<BankId> ids = new HashSet<>();
        Set<Long> chainIds = new HashSet<>();
        int index = 0;
        for (JsonNode node : bankNodes) {
            String where = source + ": banks[" + index++ + "]";
            if (!node.isObject()) {
                throw new ConfigException(where + " must be a mapping");
            }
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!BANK_KEYS.contains(key)) {
                    throw new ConfigException(where + ": unknown key '" + key + "' (known: " + new TreeSet<>(BANK_KEYS) + ")");
                }
            }
            BankId id = parse(() -> BankId.of(required(node, "id", where)), where + ".id");
            long chainId = parse(() -> Long.parseLong(required(node, "chain_id", where)), where + ".chain_id");
            if (chainId <= 0) {
                throw new ConfigException(where + ".chain_id must be positive");
            }
            String rpcUrl = required(node, "rpc_url", where);
            if (!rpcUrl.startsWith("http://") && !rpcUrl.startsWith("https://")) {
                throw new ConfigException(where + ".rpc_url must be an http(s) URL, got '" + rpcUrl + "'");
            }
            Address token = parse(() -> Address.of(required(node, "token", where)), where + ".token");
            Address gateway = parse(() -> Address.of(required(node, "gateway", where)), where + ".gateway");
            Address executor = parse(() -> Address.of(required(node, "executor", where)), where + ".executor");
            int finalityDepth = node.has("finality_depth") ? parse(() -> Integer.parseInt(node.get("finality_depth").asText()), where + ".finality_depth") : 0;
            if (finalityDepth < 0 || finalityDepth > 1000) {
                throw new ConfigException(where + ".finality_depth must be between 0 and 1000");
            }
            String feeMode = node.has("fee_mode") ? node.get("fee_mode").asText().toLowerCase(Locale.ROOT) : "auto";
            if (!FEE_MODES.contains(feeMode)) {
                throw new ConfigException(where + ".fee_mode must be one of " + new TreeSet<>(FEE_MODES) + ", got '" + feeMode + "'");
            }
            if (!ids.add(id)) {
                throw new ConfigException(where + ": bank id " + id + " appears twice");
            }
            if (!chainIds.add(chainId)) {
                throw new ConfigException(where + ": chain id " + chainId + " is used by two banks; each bank runs its own chain");
            }
            Optional<Address> operator = node.has("operator")
                    ? Optional.of(parse(() -> Address.of(node.get("operator").asText()), where + ".operator"))
                    : Optional.empty();
            banks.add(new NodeConfig.Bank(id, chainId, rpcUrl, token, gateway, executor, finalityDepth, feeMode, operator));
        }
        return banks;
    }

    private static String required(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new ConfigException(where + "." + key + " is required");
        }
        return value.asText();
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String where) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    /** The name of the environment variable that overrides {@code key}. */
    public static String environmentVariable(String key) {
        return "ASTRA_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Scalar lookups: environment first, then the file, then the default. */
    private static final class Values {
        private final ObjectNode root;
        private final Function<String, String> environment;
        private final String source;

        Values(ObjectNode root, Function<String, String> environment, String source) {
            this.root = root;
            this.environment = environment;
            this.source = source;
        }

        Optional<String> optional(String key) {
            String fromEnvironment = environment.apply(environmentVariable(key));
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return Optional.of(fromEnvironment.trim());
            }
            String[] parts = key.split("\\.", 2);
            JsonNode node = root.path(parts[0]).path(parts[1]);
            if (!node.isMissingNode() && !node.isNull()) {
                if (node.isContainerNode()) {
                    throw new ConfigException(source + ": " + key + " must be a single value");
                }
                return Optional.of(node.asText());
            }
            return Optional.ofNullable(SCALAR_DEFAULTS.get(key));
        }

        String text(String key) {
            return optional(key).filter(value -> !value.isBlank())
                    .orElseThrow(() -> new ConfigException(source + ": " + key + " is required (or set " + environmentVariable(key) + ")"));
        }

        boolean bool(String key) {
            String value = text(key).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new ConfigException(source + ": " + key + " must be true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        int positiveInt(String key, int min, int max) {
            String value = text(key);
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new ConfigException(source + ": " + key + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
            }
        }
    }
}
