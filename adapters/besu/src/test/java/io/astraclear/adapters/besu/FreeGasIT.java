package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.signatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.MintCommand;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * A zero-gas-price network, as many Besu consortiums run (base fee 0, min gas price 0): the relayer
 * holds no ether at all and still relays.
 */
class FreeGasIT {
    private static final String UNFUNDED_RELAYER_KEY = Numeric.toHexString(Hash.sha3("unfunded relayer".getBytes(StandardCharsets.UTF_8)));

    private static AnvilBank bank;

    @BeforeAll
    static void start() throws Exception {
        bank = AnvilBank.start(AnvilNode.builder().chainId(1601).extraArguments("--base-fee", "0", "--gas-price", "0"));
    }

    @AfterAll
    static void stop() {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void anUnfundedRelayerExecutesAtGasPriceZero() throws Exception {
        try (ChainPort chain = connect(bank.settings().relayerPrivateKey(UNFUNDED_RELAYER_KEY).feeMode(FeeMode.FREE).build())) {
            MintCommand command = bank.mintCommand("free-gas", 50);

            ExecutionOutcome outcome = await(chain.execute(command, signatures(command)));

            assertThat(outcome).isInstanceOf(ExecutionOutcome.Executed.class);
            String hash = ((ExecutionOutcome.Executed) outcome).transactionHash().value();
            assertThat(bank.web3j().ethGetTransactionByHash(hash).send().getTransaction().orElseThrow().getGasPrice()).isZero();
            assertThat(relayerBalance()).isZero();
        }
    }

    @Test
    void autoDetectsAFreeGasNetworkFromAZeroGasPrice() throws Exception {
        // anvil reports 1 gwei even when it accepts 0; Besu with min-gas-price 0 reports 0, as this proxy does
        try (RpcProxy besuLike = new RpcProxy(bank.node().rpcUrl()).answer("eth_gasPrice", "\"0x0\"");
                ChainPort chain = connect(bank.settings().rpcUrl(besuLike.url()).relayerPrivateKey(UNFUNDED_RELAYER_KEY)
                        .feeMode(FeeMode.AUTO).build())) {
            MintCommand command = bank.mintCommand("auto-free-gas", 60);

            assertThat(await(chain.execute(command, signatures(command)))).isInstanceOf(ExecutionOutcome.Executed.class);
            assertThat(relayerBalance()).isZero();
        }
    }

    private static BigInteger relayerBalance() throws Exception {
        return bank.web3j().ethGetBalance(Credentials.create(UNFUNDED_RELAYER_KEY).getAddress(), DefaultBlockParameterName.LATEST).send()
                .getBalance();
    }
}
