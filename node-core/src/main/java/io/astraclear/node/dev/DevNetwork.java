package io.astraclear.node.dev;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.BankDeployer;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.DevAccount;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import io.astraclear.node.api.DevTransfers;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.Web3j;

/**
 * The local consortium of dev mode: one anvil chain per bank, BankToken/Gateway/Executor deployed
 * on each with this node's validator set, every bank registered with every other, demo customers
 * funded. {@link #close()} stops every chain.
 */
public final class DevNetwork implements AutoCloseable {
    public static final long FIRST_CHAIN_ID = 1001;
    public static final Amount DEMO_BALANCE = Amount.of(1_000_000);

    private final Options options;
    private final List<AnvilNode> chains = new ArrayList<>();
    private final List<BankContracts> deployments = new ArrayList<>();
    private final List<Web3j> clients = new ArrayList<>();
    private final List<DevAccount> accounts;
    /** The API's admin token of this dev network, written to network.json; random per start. */
    private final String adminToken = io.astraclear.node.auth.ApiTokens.generate();

    static final Duration INSTANT_MINING_POLL_INTERVAL = Duration.ofMillis(50);

    /** What to start. {@code blockTimeSeconds} 0 means instant mining. */
    public record Options(int banks, int validators, int apiPort, String storageUrl, long blockTimeSeconds, Path stateDirectory, Path pluginsDirectory) {
        public Options {
            if (banks < 2 || banks > 26) {
                throw new IllegalArgumentException("--banks must be from 2 to 26, got " + banks);
            }
            if (validators != 1) {
                throw new IllegalArgumentException("--validators " + validators + ": a consortium of several validators runs on the CometBFT engine, "
                        + "which this node does not drive yet; the solo engine runs one validator");
            }
            if (blockTimeSeconds < 0 || blockTimeSeconds > 60) {
                throw new IllegalArgumentException("--block-time must be from 0 (instant) to 60 seconds, got " + blockTimeSeconds);
            }
        }
    }

    /** API port of each validator's node, allocated on first use. */
    private final Map<Integer, Integer> apiPorts = new LinkedHashMap<>();
    /** The demo payers, one per chain, shared by every node's dev transfers: one key, one nonce sequence. */
    private Map<BankId, ChainAccount> payers;

    private DevNetwork(Options options) {
        this.options = options;
        this.accounts = io.astraclear.contracts.devnet.DevAccounts.derive(DevRoles.ACCOUNTS);
    }

    public static BankId bankId(int index) {
        return BankId.of("BANK_" + (char) ('A' + index));
    }

    /** Starts the chains and deploys the contracts, printing progress; stops what it started if anything fails. */
    public static DevNetwork start(Options options, PrintStream progress) {
        DevNetwork network = new DevNetwork(options);
        try {
            network.startChains(progress);
            network.deploy(progress);
            return network;
        } catch (Exception e) {
            network.close();
            throw new IllegalStateException("dev network failed to start: " + e.getMessage(), e);
        }
    }

    private void startChains(PrintStream progress) throws IOException {
        Files.createDirectories(options.stateDirectory());
        for (int index = 0; index < options.banks(); index++) {
            long chainId = FIRST_CHAIN_ID + index;
            AnvilNode anvil = AnvilNode.builder()
                    .chainId(chainId)
                    .blockTimeSeconds(options.blockTimeSeconds())
                    .accounts(accounts.size())
                    .logFile(options.stateDirectory().resolve("anvil-" + bankId(index).value() + ".log"))
                    .start();
            chains.add(anvil);
            clients.add(JsonRpcHttp.connect(anvil.rpcUrl()));
            progress.printf("  chain %-7s chain id %d  %s%n", bankId(index), chainId, anvil.rpcUrl());
        }
    }

    private void deploy(PrintStream progress) throws Exception {
        List<BankId> consortium = new ArrayList<>();
        for (int index = 0; index < options.banks(); index++) {
            consortium.add(bankId(index));
        }
        for (int index = 0; index < options.banks(); index++) {
            AnvilNode anvil = chains.get(index);
            BankDeployer deployer = new BankDeployer(ChainAccount.connect(clients.get(index), anvil.credentials(DevRoles.BANK_OWNER), anvil.chainId()));
            BankId bank = bankId(index);
            BankContracts contracts = deployer.deploy(bank, bank.value() + " deposit token", "TOK" + (char) ('A' + index), 2, validatorAddresses());
            deployer.registerBanks(contracts, consortium);
            Map<Address, Amount> demo = new LinkedHashMap<>();
            demo.put(account(DevRoles.ALICE).address(), DEMO_BALANCE);
            demo.put(account(DevRoles.BOB).address(), DEMO_BALANCE);
            deployer.fundAccounts(contracts, demo);
            deployments.add(contracts);
            progress.printf("  %-7s token %s  gateway %s  executor %s%n", bank, contracts.token(), contracts.gateway(), contracts.executor());
        }
    }

    /** The validators the contracts were deployed with, in validator-index order. */
    public List<Address> validatorAddresses() {
        List<Address> validators = new ArrayList<>();
        for (int i = 0; i < options.validators(); i++) {
            validators.add(validatorAddress(i));
        }
        return validators;
    }

    /** Validator {@code index}'s address; indexes past the initial set are spares that can join by rotation. */
    public Address validatorAddress(int index) {
        return account(validatorAccount(index)).address();
    }

    /** The signing key of spare validator {@code index}, for tests that sign as it. */
    public String validatorPrivateKey(int index) {
        return account(validatorAccount(index)).privateKey();
    }

    private int validatorAccount(int index) {
        if (index < 0 || index >= DevRoles.MAX_VALIDATORS || DevRoles.FIRST_VALIDATOR + index >= accounts.size()) {
            throw new IllegalArgumentException("validator index " + index + " is outside this dev network's keys");
        }
        return DevRoles.FIRST_VALIDATOR + index;
    }

    /** The API port of validator {@code index}'s node: {@code --port + index}, or a free port when {@code --port} is 0. */
    public synchronized int apiPort(int index) {
        return apiPorts.computeIfAbsent(index, i -> options.apiPort() > 0 ? options.apiPort() + i : freePort());
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private DevAccount account(int index) {
        return accounts.get(index);
    }

    /** The hub chain id of dev networks. */
    public static final String HUB_CHAIN_ID = "astra-dev";

    /** Bank {@code index}'s operator key: the hub accepts settlement confirmations to that bank from it alone. */
    public DevAccount operator(int bankIndex) {
        return account(DevRoles.FIRST_OPERATOR + bankIndex);
    }

    /**
     * The configuration of validator {@code validatorIndex}'s node on this network: the solo engine
     * with a block every second when idle, every bank's operator key (one node serves the whole
     * dev consortium), in-memory storage unless {@code storageUrl} names a database.
     */
    public NodeConfig nodeConfig(int validatorIndex, int apiPort, String storageUrl) {
        List<NodeConfig.Bank> banks = new ArrayList<>();
        List<NodeConfig.OperatorKey> operators = new ArrayList<>();
        for (int index = 0; index < deployments.size(); index++) {
            BankContracts contracts = deployments.get(index);
            banks.add(new NodeConfig.Bank(contracts.bankId(), contracts.chainId(), chains.get(index).rpcUrl(),
                    contracts.token(), contracts.gateway(), contracts.executor(), 0, "auto", Optional.of(operator(index).address())));
            operators.add(new NodeConfig.OperatorKey(contracts.bankId(), new NodeConfig.SignerKey(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(operator(index).privateKey()))));
        }
        NodeConfig.Protocol protocol = new NodeConfig.Protocol(Duration.ofSeconds(1), 30, 3_600, 5);
        if (options.blockTimeSeconds() == 0) {
            // instant mining: a block exists as soon as a transaction does, so the watchers look often
            protocol = protocol.withPollInterval(INSTANT_MINING_POLL_INTERVAL);
        }
        return new NodeConfig(
                "dev-validator-" + (validatorIndex + 1),
                protocol,
                NodeConfig.Hub.solo(HUB_CHAIN_ID),
                new NodeConfig.Api("127.0.0.1", apiPort)
                        .withTokens(List.of(new NodeConfig.ApiToken("dev-admin", io.astraclear.node.auth.ApiTokens.sha256Hex(adminToken), "admin")))
                        // one machine, one user: limits high enough for load tools and benchmarks
                        .withRateLimit(new NodeConfig.RateLimit(100_000, 200_000, 100_000, 200_000)),
                new NodeConfig.Storage(storageUrl, 8, 4096),
                new NodeConfig.Plugins(options.pluginsDirectory(), "secp256k1-bouncycastle", "bilateral"),
                new NodeConfig.SignerKey(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(account(DevRoles.FIRST_VALIDATOR + validatorIndex).privateKey())),
                operators,
                new NodeConfig.Relayer(account(DevRoles.RELAYER).privateKey()),
                validatorAddresses(),
                banks,
                true);
    }

    /** The account that pays gas for the node's Executor submissions. */
    public Address relayerAddress(int validatorIndex) {
        return account(DevRoles.RELAYER).address();
    }

    /** The bearer token of the dev node's API (role admin). */
    public String adminToken() {
        return adminToken;
    }

    /** Dev transfers pay from Alice at the source bank to Bob at the destination bank. */
    public synchronized DevTransfers devTransfers(Vertx vertx, NodeConfig config) {
        if (payers == null) {
            payers = new LinkedHashMap<>();
            for (int index = 0; index < deployments.size(); index++) {
                AnvilNode anvil = chains.get(index);
                payers.put(deployments.get(index).bankId(), ChainAccount.connect(clients.get(index), anvil.credentials(DevRoles.ALICE), anvil.chainId()));
            }
        }
        return new OnChainDevTransfers(vertx, config, payers, account(DevRoles.BOB).address());
    }

    public List<BankContracts> deployments() {
        return List.copyOf(deployments);
    }

    public List<AnvilNode> chains() {
        return List.copyOf(chains);
    }

    /** One running validator node, for {@code network.json}. */
    public record RunningNode(int validatorIndex, String apiUrl, String storageUrl) {}

    /** Everything a user or a script needs, written atomically to {@code network.json}. */
    public Path writeNetworkFile(String apiUrl, String adminToken) throws IOException {
        return writeNetworkFile(List.of(new RunningNode(0, apiUrl, options.storageUrl())), adminToken);
    }

    /** {@code network.json} with every running node; {@code api} is the first node's. */
    public Path writeNetworkFile(List<RunningNode> nodes, String adminToken) throws IOException {
        String apiUrl = nodes.get(0).apiUrl();
        JsonArray banks = new JsonArray();
        for (int index = 0; index < deployments.size(); index++) {
            BankContracts contracts = deployments.get(index);
            banks.add(new JsonObject()
                    .put("id", contracts.bankId().value())
                    .put("chainId", contracts.chainId())
                    .put("rpcUrl", chains.get(index).rpcUrl())
                    .put("token", contracts.token().value())
                    .put("gateway", contracts.gateway().value())
                    .put("executor", contracts.executor().value())
                    .put("owner", accountJson("bank owner", DevRoles.BANK_OWNER))
                    .put("operator", accountJson("operator of " + contracts.bankId() + " (confirms settlements to it)", DevRoles.FIRST_OPERATOR + index)));
        }
        JsonArray validators = new JsonArray();
        for (int i = 0; i < options.validators(); i++) {
            validators.add(accountJson("validator " + (i + 1), DevRoles.FIRST_VALIDATOR + i));
        }
        JsonArray nodeList = new JsonArray();
        for (RunningNode node : nodes) {
            nodeList.add(new JsonObject()
                    .put("name", "dev-validator-" + (node.validatorIndex() + 1))
                    .put("validator", validatorAddress(node.validatorIndex()).value())
                    .put("apiUrl", node.apiUrl())
                    .put("storage", node.storageUrl())
                    .put("relayer", accountJson("relayer of dev-validator-" + (node.validatorIndex() + 1), DevRoles.RELAYER)));
        }
        JsonObject network = new JsonObject()
                .put("warning", "dev mode: these keys are anvil's public test keys; never use them on a real chain")
                .put("api", new JsonObject().put("url", apiUrl).put("adminToken", adminToken))
                .put("hub", new JsonObject().put("chainId", HUB_CHAIN_ID).put("engine", "solo"))
                .put("banks", banks)
                .put("validators", validators)
                .put("threshold", io.astraclear.ports.domain.Threshold.of(options.validators()))
                .put("nodes", nodeList)
                .put("relayer", nodeList.getJsonObject(0).getJsonObject("relayer"))
                .put("demoAccounts", new JsonArray()
                        .add(accountJson("alice", DevRoles.ALICE).put("balanceAtEveryBank", DEMO_BALANCE.toString()).put("role", "payer of dev transfers"))
                        .add(accountJson("bob", DevRoles.BOB).put("balanceAtEveryBank", DEMO_BALANCE.toString()).put("role", "recipient of dev transfers")));
        Path file = options.stateDirectory().resolve("network.json");
        Path temporary = options.stateDirectory().resolve("network.json.tmp");
        Files.writeString(temporary, network.encodePrettily());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private JsonObject accountJson(String name, int index) {
        DevAccount account = account(index);
        return new JsonObject().put("name", name).put("address", account.address().value()).put("privateKey", account.privateKey());
    }

    @Override
    public void close() {
        clients.forEach(Web3j::shutdown);
        for (AnvilNode chain : chains) {
            chain.close();
        }
    }
}
