package io.astraclear.contracts.protocol;

import static io.astraclear.contracts.testing.RevertAssertions.assertReverts;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestChain;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** What the Gateway refuses to start and who may burn and mint a BankToken. */
class GatewayAndTokenGuardsIT {
    private static final long CHAIN_ID = 4001;
    private static final BankId BANK_A = BankId.of("BANK_A");
    private static final BankId BANK_B = BankId.of("BANK_B");
    private static final BankId BANK_C = BankId.of("BANK_C");
    private static final int PAYER = 1;
    private static final int RECIPIENT = 2;
    private static final BigInteger DEPOSIT = BigInteger.valueOf(500_00);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_ID);

    private static TestChain chain;
    private static BankContracts bank;
    private static Gateway payerGateway;
    private static BankToken payerToken;
    private static Address payer;
    private static Address recipient;

    @BeforeAll
    static void deployBank() throws Exception {
        chain = CHAINS.chain(0);
        bank = TestBanks.deploy(chain, BANK_A, TestValidators.create("guards", 4).addresses());
        TestBanks.deployer(chain).registerBanks(bank, List.of(BANK_A, BANK_B, BANK_C));
        payer = chain.account(PAYER).address();
        recipient = chain.account(RECIPIENT).address();
        TestBanks.deployer(chain).fundAccounts(bank, Map.of(payer, new Amount(DEPOSIT)));
        payerGateway = chain.account(PAYER).gateway(bank.gateway());
        payerToken = chain.account(PAYER).bankToken(bank.token());
    }

    @Test
    void consecutiveTransfersGetIncreasingNoncesAndDistinctIds() throws Exception {
        BigInteger nonceBefore = payerGateway.nonce().send();
        TransactionReceipt first = payerGateway.initiateTransfer(TestBanks.bytes32(BANK_B), recipient.value(), BigInteger.ONE).send();
        TransactionReceipt second = payerGateway.initiateTransfer(TestBanks.bytes32(BANK_C), recipient.value(), BigInteger.TWO).send();

        Gateway.TransferInitiatedEventResponse firstEvent = Gateway.getTransferInitiatedEvents(first).getFirst();
        Gateway.TransferInitiatedEventResponse secondEvent = Gateway.getTransferInitiatedEvents(second).getFirst();
        assertThat(firstEvent.nonce).isEqualTo(nonceBefore.add(BigInteger.ONE));
        assertThat(secondEvent.nonce).isEqualTo(nonceBefore.add(BigInteger.TWO));
        assertThat(new Bytes32(firstEvent.transferId)).isNotEqualTo(new Bytes32(secondEvent.transferId));
        assertThat(new Bytes32(secondEvent.transferId))
                .isEqualTo(ProtocolDigests.transferId(CHAIN_ID, bank.gateway(), secondEvent.nonce).value());
    }

    @Test
    void rejectsAZeroAmount() {
        assertReverts(() -> payerGateway.initiateTransfer(TestBanks.bytes32(BANK_B), recipient.value(), BigInteger.ZERO).send(),
                "ZeroAmount");
    }

    @Test
    void rejectsTheZeroRecipient() {
        assertReverts(() -> payerGateway.initiateTransfer(TestBanks.bytes32(BANK_B), Address.ZERO.value(), BigInteger.ONE).send(),
                "ZeroRecipient");
    }

    @Test
    void rejectsAnUnregisteredDestinationBank() {
        BankId unknown = BankId.of("BANK_Z");

        assertReverts(() -> payerGateway.initiateTransfer(TestBanks.bytes32(unknown), recipient.value(), BigInteger.ONE).send(),
                "UnknownDestinationBank", unknown.toBytes32());
    }

    @Test
    void rejectsABankUnregisteredAfterwards() throws Exception {
        BankId leaving = BankId.of("BANK_LEAVING");
        Gateway ownerGateway = TestBanks.deployer(chain).owner().gateway(bank.gateway());
        ownerGateway.registerBank(TestBanks.bytes32(leaving)).send();
        ownerGateway.unregisterBank(TestBanks.bytes32(leaving)).send();

        assertReverts(() -> payerGateway.initiateTransfer(TestBanks.bytes32(leaving), recipient.value(), BigInteger.ONE).send(),
                "UnknownDestinationBank", leaving.toBytes32());
    }

    @Test
    void rejectsRegisteringTheBankItself() {
        Gateway ownerGateway = TestBanks.deployer(chain).owner().gateway(bank.gateway());

        assertReverts(() -> ownerGateway.registerBank(TestBanks.bytes32(BANK_A)).send(), "InvalidBankId", BANK_A.toBytes32());
    }

    @Test
    void rejectsAPaymentAboveTheBalanceAndBurnsNothing() throws Exception {
        BigInteger balance = payerToken.balanceOf(payer.value()).send();
        BigInteger tooMuch = balance.add(BigInteger.ONE);

        assertReverts(() -> payerGateway.initiateTransfer(TestBanks.bytes32(BANK_B), recipient.value(), tooMuch).send(),
                "InsufficientBalance", payer, balance, tooMuch);
        assertThat(payerToken.balanceOf(payer.value()).send()).isEqualTo(balance);
    }

    @Test
    void onlyTheOwnerMayRegisterBanks() {
        assertReverts(() -> payerGateway.registerBank(TestBanks.bytes32(BankId.of("BANK_EVIL"))).send(), "NotOwner", payer);
    }

    @Test
    void onlyTheGatewayMayBurn() {
        assertReverts(() -> payerToken.gatewayBurn(payer.value(), BigInteger.ONE).send(), "NotGateway", payer);
    }

    @Test
    void onlyTheExecutorMayMint() {
        assertReverts(() -> payerToken.executorMint(payer.value(), BigInteger.ONE).send(), "NotExecutor", payer);
    }

    @Test
    void onlyTheOwnerMayMintDeposits() {
        assertReverts(() -> payerToken.mint(payer.value(), BigInteger.ONE).send(), "NotOwner", payer);
    }

    @Test
    void onlyTheOwnerMayRewireTheToken() {
        assertReverts(() -> payerToken.setExecutor(payer.value()).send(), "NotOwner", payer);
        assertReverts(() -> payerToken.setGateway(payer.value()).send(), "NotOwner", payer);
    }
}
