package io.astraclear.contracts.protocol;

import static io.astraclear.contracts.testing.RevertAssertions.assertReverts;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestChain;
import io.astraclear.contracts.testing.TestSignatures;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** A payment from a customer of BANK_A (chain 1001) to a customer of BANK_B (chain 1002), end to end on two real EVMs. */
class CrossChainTransferIT {
    private static final long CHAIN_A = 1001;
    private static final long CHAIN_B = 1002;
    private static final BankId BANK_A = BankId.of("BANK_A");
    private static final BankId BANK_B = BankId.of("BANK_B");
    private static final int PAYER = 1;
    private static final int RECIPIENT = 2;
    private static final int RELAYER = 3;
    private static final BigInteger PAYER_DEPOSIT = BigInteger.valueOf(1_000_00);
    private static final TestValidators VALIDATORS = TestValidators.create("cross-chain", 4);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_A, CHAIN_B);

    private static TestChain chainA;
    private static TestChain chainB;
    private static BankContracts bankA;
    private static BankContracts bankB;

    @BeforeAll
    static void deployConsortium() throws Exception {
        chainA = CHAINS.chain(0);
        chainB = CHAINS.chain(1);
        bankA = TestBanks.deploy(chainA, BANK_A, VALIDATORS.addresses());
        bankB = TestBanks.deploy(chainB, BANK_B, VALIDATORS.addresses());
        TestBanks.deployer(chainA).registerBanks(bankA, List.of(BANK_A, BANK_B));
        TestBanks.deployer(chainB).registerBanks(bankB, List.of(BANK_A, BANK_B));
        TestBanks.deployer(chainA).fundAccounts(bankA, Map.of(chainA.account(PAYER).address(), new Amount(PAYER_DEPOSIT)));
    }

    @Test
    void paymentBurnsOnTheSourceChainAndAThresholdOfValidatorsMintsOnTheDestination() throws Exception {
        Address payer = chainA.account(PAYER).address();
        Address recipient = chainB.account(RECIPIENT).address();
        BigInteger amount = BigInteger.valueOf(250_00);
        BankToken tokenA = chainA.account(PAYER).bankToken(bankA.token());
        BigInteger supplyBefore = tokenA.totalSupply().send();

        // 1. initiation on the source chain: the payer's tokens are burned
        TransactionReceipt initiated = chainA.account(PAYER).gateway(bankA.gateway())
                .initiateTransfer(TestBanks.bytes32(BANK_B), recipient.value(), amount).send();

        assertThat(tokenA.balanceOf(payer.value()).send()).isEqualTo(PAYER_DEPOSIT.subtract(amount));
        assertThat(tokenA.totalSupply().send()).isEqualTo(supplyBefore.subtract(amount));
        List<Gateway.TransferInitiatedEventResponse> events = Gateway.getTransferInitiatedEvents(initiated);
        assertThat(events).hasSize(1);
        Gateway.TransferInitiatedEventResponse event = events.getFirst();
        TransferId transferId = new TransferId(new Bytes32(event.transferId));
        assertThat(event.nonce).isEqualTo(BigInteger.ONE);
        assertThat(transferId).isEqualTo(ProtocolDigests.transferId(CHAIN_A, bankA.gateway(), event.nonce));
        assertThat(Address.of(event.sender)).isEqualTo(payer);
        assertThat(BankId.fromBytes32(new Bytes32(event.dstBank))).isEqualTo(BANK_B);
        assertThat(Address.of(event.recipient)).isEqualTo(recipient);
        assertThat(event.amount).isEqualTo(amount);
        assertThat(Address.of(event.log.getAddress())).isEqualTo(bankA.gateway());

        // 2. the validators sign the mint command the event calls for, bound to the destination Executor
        CommandId commandId = ProtocolDigests.commandId(CHAIN_A, bankA.gateway(), transferId);
        Bytes32 digest = ProtocolDigests.mintDigest(commandId, recipient, new Amount(amount), CHAIN_B, bankB.executor());
        Executor executorB = chainB.account(RELAYER).executor(bankB.executor());
        assertThat(new Bytes32(executorB.mintDigest(commandId.value().toByteArray(), recipient.value(), amount).send()))
                .as("the Executor's own digest").isEqualTo(digest);
        List<byte[]> signatures = TestSignatures.sortedBySigner(digest, VALIDATORS.signThreshold(digest));

        // 3. anyone relays: here a third account, neither bank nor validator
        TransactionReceipt executed = executorB.execute(commandId.value().toByteArray(), recipient.value(), amount, signatures).send();

        BankToken tokenB = chainB.account(RECIPIENT).bankToken(bankB.token());
        assertThat(tokenB.balanceOf(recipient.value()).send()).isEqualTo(amount);
        assertThat(executorB.processedCommands(commandId.value().toByteArray()).send()).isTrue();
        List<Executor.CommandExecutedEventResponse> commandEvents = Executor.getCommandExecutedEvents(executed);
        assertThat(commandEvents).hasSize(1);
        assertThat(new Bytes32(commandEvents.getFirst().commandId)).isEqualTo(commandId.value());
        assertThat(Address.of(commandEvents.getFirst().recipient)).isEqualTo(recipient);
        assertThat(commandEvents.getFirst().amount).isEqualTo(amount);
    }

    @Test
    void rejectsSignaturesMadeForAnotherChainEvenAtTheSameExecutorAddress() throws Exception {
        // same deployer, same nonces on fresh chains: both banks' Executors share one address, so only
        // the chain id in the digest tells a command for chain A from one for chain B
        assertThat(bankA.executor()).isEqualTo(bankB.executor());
        CommandId commandId = TestBanks.commandId("signed-for-chain-A");
        Address recipient = chainB.account(RECIPIENT).address();
        BigInteger amount = BigInteger.valueOf(7_00);
        Bytes32 digestForChainA = ProtocolDigests.mintDigest(commandId, recipient, new Amount(amount), CHAIN_A, bankA.executor());
        List<byte[]> signedForChainA = VALIDATORS.signThreshold(digestForChainA);

        // on chain B the Executor recovers other, unrelated addresses; the relayer orders by those
        Bytes32 digestOnChainB = ProtocolDigests.mintDigest(commandId, recipient, new Amount(amount), CHAIN_B, bankB.executor());
        List<byte[]> relayed = TestSignatures.sortedBySigner(digestOnChainB, signedForChainA);
        Address firstRecovered = TestSignatures.recoverSigner(digestOnChainB, relayed.getFirst());
        Executor executorB = chainB.account(RELAYER).executor(bankB.executor());
        assertReverts(() -> executorB.execute(commandId.value().toByteArray(), recipient.value(), amount, relayed).send(),
                "NotValidator", BigInteger.ZERO, firstRecovered);

        // the same signatures are valid where they were meant to be
        Executor executorA = chainA.account(RELAYER).executor(bankA.executor());
        executorA.execute(commandId.value().toByteArray(), recipient.value(), amount, signedForChainA).send();
        assertThat(executorA.processedCommands(commandId.value().toByteArray()).send()).isTrue();
        assertThat(executorB.processedCommands(commandId.value().toByteArray()).send()).isFalse();
    }
}
