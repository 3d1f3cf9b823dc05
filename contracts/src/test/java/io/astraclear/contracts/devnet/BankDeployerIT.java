package io.astraclear.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestChain;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

class BankDeployerIT {
    private static final long CHAIN_ID = 5001;
    private static final BankId BANK_A = BankId.of("BANK_A");
    private static final TestValidators VALIDATORS = TestValidators.create("deployer", 4);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_ID);

    private static TestChain chain;
    private static BankDeployer deployer;
    private static BankContracts bank;

    @BeforeAll
    static void deploy() throws Exception {
        chain = CHAINS.chain(0);
        deployer = BankDeployer.connect(chain.web3j(), chain.node().credentials(0));
        List<Address> shuffled = new ArrayList<>(VALIDATORS.addresses()).reversed();
        bank = deployer.deploy(BANK_A, "Bank A deposit token", "BKA", 2, shuffled);
    }

    @Test
    void deploysTheThreeContractsWiredToEachOther() throws Exception {
        ChainAccount reader = chain.account(5);
        BankToken token = reader.bankToken(bank.token());
        Gateway gateway = reader.gateway(bank.gateway());
        Executor executor = reader.executor(bank.executor());
        String owner = chain.node().account(0).address().value();

        assertThat(bank.bankId()).isEqualTo(BANK_A);
        assertThat(bank.chainId()).isEqualTo(CHAIN_ID);
        assertThat(token.name().send()).isEqualTo("Bank A deposit token");
        assertThat(token.symbol().send()).isEqualTo("BKA");
        assertThat(token.decimals().send()).isEqualTo(BigInteger.TWO);
        assertThat(token.owner().send()).isEqualTo(owner);
        assertThat(Address.of(token.gateway().send())).isEqualTo(bank.gateway());
        assertThat(Address.of(token.executor().send())).isEqualTo(bank.executor());
        assertThat(Address.of(gateway.token().send())).isEqualTo(bank.token());
        assertThat(BankId.fromBytes32(new Bytes32(gateway.localBank().send()))).isEqualTo(BANK_A);
        assertThat(gateway.owner().send()).isEqualTo(owner);
        assertThat(Address.of(executor.token().send())).isEqualTo(bank.token());
        assertThat(TestBanks.validators(executor)).as("sorted ascending").containsExactlyElementsOf(VALIDATORS.addressStrings());
        assertThat(executor.threshold().send()).isEqualTo(BigInteger.valueOf(3));
    }

    @Test
    void registersEveryOtherBankOfTheConsortium() throws Exception {
        List<BankId> consortium = List.of(BANK_A, BankId.of("BANK_B"), BankId.of("BANK_C"));

        List<TransactionReceipt> receipts = deployer.registerBanks(bank, consortium);

        assertThat(receipts).hasSize(2);
        Gateway gateway = chain.account(5).gateway(bank.gateway());
        assertThat(gateway.registeredBanks(BankId.of("BANK_B").toBytes32().toByteArray()).send()).isTrue();
        assertThat(gateway.registeredBanks(BankId.of("BANK_C").toBytes32().toByteArray()).send()).isTrue();
        assertThat(gateway.registeredBanks(BANK_A.toBytes32().toByteArray()).send()).isFalse();
    }

    @Test
    void fundsDemoAccounts() throws Exception {
        Address alice = chain.node().account(6).address();
        Address bob = chain.node().account(7).address();
        BankToken token = chain.account(5).bankToken(bank.token());
        BigInteger supplyBefore = token.totalSupply().send();

        deployer.fundAccounts(bank, Map.of(alice, Amount.of(1_000_00), bob, Amount.of(250_00)));

        assertThat(token.balanceOf(alice.value()).send()).isEqualTo(BigInteger.valueOf(1_000_00));
        assertThat(token.balanceOf(bob.value()).send()).isEqualTo(BigInteger.valueOf(250_00));
        assertThat(token.totalSupply().send()).isEqualTo(supplyBefore.add(BigInteger.valueOf(1_250_00)));
    }

    @Test
    void keepsPayingTheNodesQuoteOverManyTransactions() throws Exception {
        BigInteger quoteBefore = chain.web3j().ethGasPrice().send().getGasPrice();
        Map<Address, Amount> balances = new java.util.TreeMap<>();
        for (int i = 0; i < 20; i++) {
            balances.put(Address.of(String.format("0x%040x", 0x1000 + i)), Amount.of(1));
        }
        for (int round = 0; round < 3; round++) {
            deployer.fundAccounts(bank, balances);
        }

        // paying more than the quote makes anvil quote more: a feedback loop that once drained accounts
        BigInteger quoteAfter = chain.web3j().ethGasPrice().send().getGasPrice();
        assertThat(quoteAfter).isLessThanOrEqualTo(quoteBefore.multiply(BigInteger.TWO));
    }

    @Test
    void deploysWithIntervalMining() throws Exception {
        try (AnvilNode anvil = AnvilNode.builder().chainId(5002).blockTimeSeconds(1).start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
            try {
                BankDeployer slowChainDeployer = BankDeployer.connect(web3j, anvil.credentials(0));
                BankContracts deployed = slowChainDeployer.deploy(BankId.of("BANK_SLOW"), "Slow", "SLW", 2, VALIDATORS.addresses());

                Executor executor = slowChainDeployer.owner().executor(deployed.executor());
                assertThat(TestBanks.validators(executor)).containsExactlyElementsOf(VALIDATORS.addressStrings());
            } finally {
                web3j.shutdown();
            }
        }
    }
}
