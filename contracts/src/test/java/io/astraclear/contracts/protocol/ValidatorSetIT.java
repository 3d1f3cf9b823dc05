package io.astraclear.contracts.protocol;

import static io.astraclear.contracts.testing.RevertAssertions.assertReverts;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestChain;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.domain.Threshold;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Validator-set changes, signed by the current set, and the threshold the Executor computes. */
class ValidatorSetIT {
    private static final long CHAIN_ID = 3001;
    private static final int RECIPIENT = 2;
    private static final int RELAYER = 3;
    private static final BigInteger AMOUNT = BigInteger.valueOf(10_00);
    private static final TestValidators OLD_SET = TestValidators.create("validator-set-old", 4);
    private static final TestValidators NEW_SET = TestValidators.create("validator-set-new", 5);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_ID);

    private static TestChain chain;
    private static ChainAccount relayer;
    private BankContracts bank;
    private Executor executor;

    @BeforeAll
    static void connect() {
        chain = CHAINS.chain(0);
        relayer = chain.account(RELAYER);
    }

    /** A fresh bank per test: validator-set changes are not undone. */
    @BeforeEach
    void deployBank(TestInfo test) throws Exception {
        String method = test.getTestMethod().orElseThrow().getName();
        BankId bankId = BankId.of("VS_" + Integer.toUnsignedString(method.hashCode(), 36).toUpperCase(java.util.Locale.ROOT));
        bank = TestBanks.deploy(chain, bankId, OLD_SET.addresses());
        executor = relayer.executor(bank.executor());
    }

    @Test
    void rotatesFromFourToFiveValidatorsSignedByAThresholdOfTheOldSet() throws Exception {
        Bytes32 digest = updateDigest(1, NEW_SET.addresses());
        assertThat(new Bytes32(executor.validatorSetDigest(BigInteger.ONE, NEW_SET.addressStrings()).send()))
                .as("the Executor's own digest").isEqualTo(digest);

        TransactionReceipt updated = executor.updateValidators(BigInteger.ONE, NEW_SET.addressStrings(), OLD_SET.signThreshold(digest)).send();

        List<Executor.ValidatorSetUpdatedEventResponse> events = Executor.getValidatorSetUpdatedEvents(updated);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().nonce).isEqualTo(BigInteger.ONE);
        assertThat(events.getFirst().validators).containsExactlyElementsOf(NEW_SET.addressStrings());
        assertThat(events.getFirst().threshold).isEqualTo(BigInteger.valueOf(4));
        assertThat(TestBanks.validators(executor)).containsExactlyElementsOf(NEW_SET.addressStrings());
        assertThat(executor.threshold().send()).isEqualTo(BigInteger.valueOf(4));
        assertThat(executor.validatorSetNonce().send()).isEqualTo(BigInteger.TWO);
        for (Address removed : OLD_SET.addresses()) {
            assertThat(executor.isValidator(removed.value()).send()).as("%s removed", removed).isFalse();
        }

        // the whole old set is no longer enough, not even for threshold(5) = 4 signatures
        CommandId commandId = TestBanks.commandId("after-rotation");
        Bytes32 mintDigest = mintDigest(commandId);
        assertReverts(() -> execute(commandId, OLD_SET.sign(mintDigest, 4)), "NotValidator", BigInteger.ZERO, OLD_SET.address(0));

        execute(commandId, NEW_SET.signThreshold(mintDigest));
        assertThat(executor.processedCommands(commandId.value().toByteArray()).send()).isTrue();
    }

    @Test
    void rejectsAReplayedValidatorSetUpdate() throws Exception {
        List<byte[]> signatures = OLD_SET.signThreshold(updateDigest(1, NEW_SET.addresses()));
        executor.updateValidators(BigInteger.ONE, NEW_SET.addressStrings(), signatures).send();

        assertReverts(() -> executor.updateValidators(BigInteger.ONE, NEW_SET.addressStrings(), signatures).send(),
                "StaleValidatorSetNonce", BigInteger.TWO, BigInteger.ONE);
    }

    @Test
    void rejectsAnUpdateThatSkipsANonce() {
        List<byte[]> signatures = OLD_SET.signThreshold(updateDigest(2, NEW_SET.addresses()));

        assertReverts(() -> executor.updateValidators(BigInteger.TWO, NEW_SET.addressStrings(), signatures).send(),
                "StaleValidatorSetNonce", BigInteger.ONE, BigInteger.TWO);
    }

    @Test
    void rejectsAnUpdateSignedByTooFewOfTheCurrentSet() {
        List<byte[]> signatures = OLD_SET.sign(updateDigest(1, NEW_SET.addresses()), 2);

        assertReverts(() -> executor.updateValidators(BigInteger.ONE, NEW_SET.addressStrings(), signatures).send(),
                "InsufficientSignatures", BigInteger.TWO, BigInteger.valueOf(3));
    }

    @Test
    void rejectsANewSetThatAuthorisesItself() {
        List<byte[]> signatures = NEW_SET.signThreshold(updateDigest(1, NEW_SET.addresses()));

        assertReverts(() -> executor.updateValidators(BigInteger.ONE, NEW_SET.addressStrings(), signatures).send(),
                "NotValidator", BigInteger.ZERO, NEW_SET.address(0));
    }

    @Test
    void rejectsAnUpdateToAnUnsortedSetEvenWhenProperlySigned() {
        List<Address> unsorted = new ArrayList<>(NEW_SET.addresses()).reversed();
        List<byte[]> signatures = OLD_SET.signThreshold(updateDigest(1, unsorted));

        assertReverts(() -> executor.updateValidators(BigInteger.ONE, unsorted.stream().map(Address::value).toList(), signatures).send(),
                "InvalidValidatorSet", "validators must be non-zero and strictly ascending");
    }

    @Test
    void rejectsADeploymentWithAnUnsortedOrEmptyValidatorSet() {
        List<Address> unsorted = new ArrayList<>(OLD_SET.addresses()).reversed();

        assertReverts(() -> relayer.awaitSuccess(relayer.submitDeployment(executorDeployment(bank.token(), unsorted))),
                "InvalidValidatorSet", "validators must be non-zero and strictly ascending");
        assertReverts(() -> relayer.awaitSuccess(relayer.submitDeployment(executorDeployment(bank.token(), List.of()))),
                "InvalidValidatorSet", "empty");
    }

    @Test
    void thresholdIsMoreThanTwoThirdsForOneToTenValidators() throws Exception {
        Map<Integer, Integer> expectedFromTheProtocol = Map.of(1, 1, 2, 2, 3, 3, 4, 3, 5, 4, 6, 5, 7, 5, 8, 6, 9, 7, 10, 7);
        List<String> hashes = new ArrayList<>();
        for (int count = 1; count <= 10; count++) {
            hashes.add(relayer.submitDeployment(executorDeployment(bank.token(), TestValidators.create("threshold", count).addresses())));
        }
        for (int count = 1; count <= 10; count++) {
            Executor deployed = relayer.executor(Address.of(relayer.awaitSuccess(hashes.get(count - 1)).getContractAddress()));
            BigInteger onChain = deployed.threshold().send();

            assertThat(deployed.validatorCount().send()).isEqualTo(BigInteger.valueOf(count));
            assertThat(onChain).as("threshold(%d) on chain", count).isEqualTo(BigInteger.valueOf(Threshold.of(count)));
            assertThat(onChain).as("threshold(%d) in the protocol table", count).isEqualTo(BigInteger.valueOf(expectedFromTheProtocol.get(count)));
            assertThat(onChain.multiply(BigInteger.valueOf(3))).as("strictly more than two thirds").isGreaterThan(BigInteger.valueOf(2L * count));
        }
    }

    private Bytes32 updateDigest(long nonce, List<Address> validators) {
        return ProtocolDigests.validatorSetDigest(CHAIN_ID, bank.executor(), nonce, validators);
    }

    private Bytes32 mintDigest(CommandId commandId) {
        return ProtocolDigests.mintDigest(commandId, chain.account(RECIPIENT).address(), new Amount(AMOUNT), CHAIN_ID, bank.executor());
    }

    private TransactionReceipt execute(CommandId commandId, List<byte[]> signatures) throws Exception {
        return executor.execute(commandId.value().toByteArray(), chain.account(RECIPIENT).address().value(), AMOUNT, signatures).send();
    }

    private static String executorDeployment(Address token, List<Address> validators) {
        return "0x" + Executor.BINARY + FunctionEncoder.encodeConstructor(List.of(
                new org.web3j.abi.datatypes.Address(token.value()),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        validators.stream().map(v -> new org.web3j.abi.datatypes.Address(v.value())).toList())));
    }
}
