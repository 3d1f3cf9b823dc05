package io.astraclear.adapters.besu;

import io.astraclear.ports.protocol.ProtocolDigests;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.BankDeployer;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.utils.Numeric;

/**
 * The adapter against a real Hyperledger Besu: a single-validator QBFT network with zero base fee
 * and {@code min-gas-price=0}, as bank consortiums run it, in a container. Needs a Docker engine:
 * without one this test is reported SKIPPED (never passed), loudly; with {@code -Dastra.besu=true}
 * a missing engine fails the build instead. The image is {@code -Dastra.besu.image} (default below).
 */
class BesuContainerIT {
    private static final String DEFAULT_IMAGE = "hyperledger/besu:24.12.2";
    private static final long CHAIN_ID = 1981;
    private static final int RPC_PORT = 8545;
    private static final BankId BANK_A = BankId.of("BANK_A");
    private static final BankId BANK_B = BankId.of("BANK_B");
    private static final TestValidators VALIDATORS = TestValidators.create("besu-container", 4);
    private static final Credentials NODE_KEY = key("besu qbft validator");
    private static final Credentials OWNER = key("besu bank owner");
    private static final Credentials PAYER = key("besu payer");
    private static final Credentials RELAYER = key("besu relayer, never funded");

    private static GenericContainer<?> besu;
    private static Web3j web3j;
    private static BankContracts bank;

    @BeforeAll
    static void startBesu() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // each test reports the skip itself, so that it counts as skipped, not as absent
        }
        besu = new GenericContainer<>(System.getProperty("astra.besu.image", DEFAULT_IMAGE))
                .withCopyToContainer(Transferable.of(genesis()), "/config/genesis.json")
                .withCopyToContainer(Transferable.of(Numeric.toHexStringNoPrefix(NODE_KEY.getEcKeyPair().getPrivateKey())), "/config/key")
                .withCommand("--genesis-file=/config/genesis.json", "--node-private-key-file=/config/key", "--data-path=/tmp/besu",
                        "--rpc-http-enabled", "--rpc-http-host=0.0.0.0", "--rpc-http-port=" + RPC_PORT, "--rpc-http-api=ETH,NET,WEB3,TXPOOL",
                        "--host-allowlist=*", "--rpc-http-cors-origins=all", "--min-gas-price=0", "--revert-reason-enabled",
                        "--p2p-enabled=false")
                .withExposedPorts(RPC_PORT)
                .waitingFor(Wait.forHttp("/liveness").forPort(RPC_PORT).withStartupTimeout(Duration.ofMinutes(3)));
        besu.start();
        web3j = Web3j.build(new HttpService(rpcUrl()));
        awaitFirstBlocks();
        ChainAccount owner = ChainAccount.connect(web3j, OWNER, CHAIN_ID);
        BankDeployer deployer = new BankDeployer(owner);
        bank = deployer.deploy(BANK_A, "BANK_A deposit token", "BKA", TestBanks.TOKEN_DECIMALS, VALIDATORS.addresses());
        deployer.registerBanks(bank, List.of(BANK_A, BANK_B));
        deployer.fundAccounts(bank, Map.of(Address.of(PAYER.getAddress()), Amount.of(1_000_000)));
    }

    @AfterAll
    static void stopBesu() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (besu != null) {
            besu.stop();
        }
    }

    @BeforeEach
    void requireBesu() {
        if (besu == null) {
            skipLoudly();
        }
    }

    @Test
    void watchesAndRelaysOnAZeroGasQbftBesu() throws Exception {
        try (ChainPort chain = AnvilBank.connect(ChainSettings.builder()
                .bank(BANK_A).rpcUrl(rpcUrl()).expectedChainId(CHAIN_ID)
                .gateway(bank.gateway()).executor(bank.executor()).knownBanks(Set.of(BANK_A, BANK_B))
                .relayerPrivateKey(Numeric.toHexStringWithPrefixZeroPadded(RELAYER.getEcKeyPair().getPrivateKey(), 64))
                .receiptPollInterval(Duration.ofMillis(200)).build())) {
            ChainAccount payer = ChainAccount.connect(web3j, PAYER, CHAIN_ID);
            payer.send(bank.gateway(), new Function(Gateway.FUNC_INITIATETRANSFER, List.of(
                    new org.web3j.abi.datatypes.generated.Bytes32(BANK_B.toBytes32().toByteArray()),
                    new org.web3j.abi.datatypes.Address(PAYER.getAddress()), new Uint256(BigInteger.valueOf(250))), List.of()));

            ChainEvents events = await(chain.readEvents(await(chain.genesisCheckpoint()), 100));
            assertThat(events.transfers()).singleElement().satisfies(transfer -> {
                assertThat(transfer.destinationBank()).isEqualTo(BANK_B);
                assertThat(transfer.amount()).isEqualTo(Amount.of(250));
            });

            MintCommand command = new MintCommand(TestBanks.commandId("besu-container"), BANK_B, BANK_A, Address.of(PAYER.getAddress()),
                    Amount.of(99), CHAIN_ID, bank.executor());
            List<Signature> signatures = VALIDATORS.signThreshold(ProtocolDigests.mintDigest(command)).stream().map(Signature::fromBytes).toList();
            assertThat(await(chain.execute(command, signatures))).isInstanceOf(ExecutionOutcome.Executed.class);
            assertThat(await(chain.execute(command, signatures))).isInstanceOf(ExecutionOutcome.AlreadyProcessed.class);

            MintCommand forged = new MintCommand(TestBanks.commandId("besu-forged"), BANK_B, BANK_A, Address.of(PAYER.getAddress()),
                    Amount.of(1), CHAIN_ID, bank.executor());
            List<Signature> outsiders = TestValidators.create("besu-outsiders", 4).signThreshold(ProtocolDigests.mintDigest(forged)).stream()
                    .map(Signature::fromBytes).toList();
            assertThat(await(chain.execute(forged, outsiders))).isInstanceOfSatisfying(ExecutionOutcome.Reverted.class,
                    reverted -> assertThat(reverted.reason()).startsWith("NotValidator(0, "));
        }
    }

    private static void skipLoudly() {
        String message = "SKIPPED: no Docker engine, Besu container test not run";
        System.err.println("\n" + "!".repeat(100) + "\n!! " + message
                + "\n!! The adapter was tested against anvil only. Run with a Docker engine to test it against Hyperledger Besu.\n"
                + "!".repeat(100) + "\n");
        if (Boolean.getBoolean("astra.besu")) {
            fail(message + ", but -Dastra.besu=true requires it");
        }
        Assumptions.abort(message);
    }

    /** Single-validator QBFT, London with zero base fee, the owner and payer funded. */
    private static String genesis() {
        String extraData = Numeric.toHexString(RlpEncoder.encode(new RlpList(
                RlpString.create(new byte[32]),
                new RlpList(RlpString.create(Numeric.hexStringToByteArray(NODE_KEY.getAddress()))),
                new RlpList(),
                RlpString.create(new byte[0]),
                new RlpList())));
        return """
                {
                  "config": {
                    "chainId": %d,
                    "berlinBlock": 0,
                    "londonBlock": 0,
                    "zeroBaseFee": true,
                    "qbft": { "blockperiodseconds": 1, "epochlength": 30000, "requesttimeoutseconds": 4 }
                  },
                  "nonce": "0x0",
                  "timestamp": "0x58ee40ba",
                  "gasLimit": "0x1fffffffffffff",
                  "difficulty": "0x1",
                  "mixHash": "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365",
                  "coinbase": "0x0000000000000000000000000000000000000000",
                  "extraData": "%s",
                  "alloc": {
                    "%s": { "balance": "0x3635C9ADC5DEA00000" },
                    "%s": { "balance": "0x3635C9ADC5DEA00000" }
                  }
                }
                """.formatted(CHAIN_ID, extraData, OWNER.getAddress().substring(2), PAYER.getAddress().substring(2));
    }

    private static void awaitFirstBlocks() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (web3j.ethBlockNumber().send().getBlockNumber().signum() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Besu produced no block within a minute:\n" + besu.getLogs());
            }
            Thread.sleep(200); // readiness probe of the container, not a wait for an event of the system under test
        }
    }

    private static String rpcUrl() {
        return "http://" + besu.getHost() + ":" + besu.getMappedPort(RPC_PORT);
    }

    private static Credentials key(String label) {
        return Credentials.create(Numeric.toHexString(Hash.sha3(label.getBytes(StandardCharsets.UTF_8))));
    }
}
