package io.astraclear.contracts.protocol;

import static io.astraclear.contracts.testing.RevertAssertions.assertReverts;
import static io.astraclear.contracts.testing.TestSignatures.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.generated.Executor;
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
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every check the Executor makes on a mint command, one attack per test, each asserting the exact
 * custom error. Four validators, threshold 3.
 */
class ExecutorSignatureChecksIT {
    private static final long CHAIN_ID = 2001;
    private static final BankId BANK = BankId.of("BANK_B");
    private static final BankId TWIN_BANK = BankId.of("BANK_B_TWIN");
    private static final int RECIPIENT = 2;
    private static final int RELAYER = 3;
    private static final BigInteger AMOUNT = BigInteger.valueOf(42_00);
    private static final TestValidators VALIDATORS = TestValidators.create("executor-checks", 4);
    private static final TestValidators OUTSIDERS = TestValidators.create("executor-checks-outsiders", 1);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_ID);

    private static TestChain chain;
    private static BankContracts bank;
    /** A second Executor on the same chain with the same validators. */
    private static BankContracts twinBank;
    private static Executor executor;
    private static Address recipient;

    private CommandId commandId;
    private Bytes32 digest;

    @BeforeAll
    static void deployBanks() throws Exception {
        chain = CHAINS.chain(0);
        bank = TestBanks.deploy(chain, BANK, VALIDATORS.addresses());
        twinBank = TestBanks.deploy(chain, TWIN_BANK, VALIDATORS.addresses());
        executor = chain.account(RELAYER).executor(bank.executor());
        recipient = chain.account(RECIPIENT).address();
        assertThat(VALIDATORS.threshold()).isEqualTo(3);
    }

    @BeforeEach
    void freshCommand(TestInfo test) {
        commandId = TestBanks.commandId(test.getDisplayName());
        digest = mintDigest(commandId, recipient, AMOUNT, bank.executor());
    }

    @Test
    void executesWithSignaturesFromEveryValidator() throws Exception {
        execute(VALIDATORS.sign(digest, 4));

        assertThat(executor.processedCommands(commandIdBytes()).send()).isTrue();
    }

    @Test
    void rejectsTheSameSignatureTwice() {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        signatures.add(signatures.get(1));

        assertReverts(() -> execute(signatures), "SignersNotAscending", BigInteger.TWO, VALIDATORS.address(1));
    }

    @Test
    void rejectsDuplicateSignerEvenWhenSignaturesDiffer() {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        byte[] secondSignatureOfValidator1 = TestSignatures.signWithOtherNonce(digest, VALIDATORS.key(1));
        assertThat(secondSignatureOfValidator1).isNotEqualTo(signatures.get(1));
        assertThat(TestSignatures.s(secondSignatureOfValidator1)).isLessThanOrEqualTo(TestSignatures.CURVE_ORDER.shiftRight(1));
        assertThat(TestSignatures.recoverSigner(digest, secondSignatureOfValidator1)).isEqualTo(VALIDATORS.address(1));
        signatures.add(secondSignatureOfValidator1);

        assertReverts(() -> execute(signatures), "SignersNotAscending", BigInteger.TWO, VALIDATORS.address(1));
    }

    @Test
    void rejectsTheMalleatedHighSTwinOfAValidSignature() {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        byte[] twin = TestSignatures.highSTwin(signatures.get(1));
        assertThat(TestSignatures.recoverSigner(digest, twin)).as("the twin is a valid ECDSA signature").isEqualTo(VALIDATORS.address(1));
        signatures.add(twin);

        assertReverts(() -> execute(signatures), "SignatureHighS", BigInteger.TWO);
    }

    @Test
    void rejectsAHighSSignatureEvenFromADistinctValidator() {
        List<byte[]> signatures = VALIDATORS.sign(digest, 3);
        signatures.set(1, TestSignatures.highSTwin(signatures.get(1)));

        assertReverts(() -> execute(signatures), "SignatureHighS", BigInteger.ONE);
    }

    @Test
    void rejectsASignerOutsideTheValidatorSet() {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        signatures.add(TestSignatures.sign(digest, OUTSIDERS.key(0)));
        List<byte[]> ordered = TestSignatures.sortedBySigner(digest, signatures);
        int outsiderIndex = indexOfSigner(ordered, OUTSIDERS.address(0));

        assertReverts(() -> execute(ordered), "NotValidator", BigInteger.valueOf(outsiderIndex), OUTSIDERS.address(0));
    }

    @Test
    void rejectsOneSignatureShortOfTheThreshold() {
        assertReverts(() -> execute(VALIDATORS.sign(digest, 2)), "InsufficientSignatures", BigInteger.TWO, BigInteger.valueOf(3));
    }

    @Test
    void rejectsSignaturesMadeForAnotherExecutorOnTheSameChain() throws Exception {
        Bytes32 digestForTwin = mintDigest(commandId, recipient, AMOUNT, twinBank.executor());
        List<byte[]> signedForTwin = VALIDATORS.signThreshold(digestForTwin);
        List<byte[]> relayed = TestSignatures.sortedBySigner(digest, signedForTwin);
        Address firstRecovered = TestSignatures.recoverSigner(digest, relayed.getFirst());

        assertReverts(() -> execute(relayed), "NotValidator", BigInteger.ZERO, firstRecovered);

        Executor twinExecutor = chain.account(RELAYER).executor(twinBank.executor());
        twinExecutor.execute(commandIdBytes(), recipient.value(), AMOUNT, signedForTwin).send();
        assertThat(twinExecutor.processedCommands(commandIdBytes()).send()).as("valid where they were meant to be").isTrue();
    }

    @Test
    void rejectsARelayerChangingTheAmount() {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        BigInteger inflated = AMOUNT.multiply(BigInteger.TEN);
        Bytes32 inflatedDigest = mintDigest(commandId, recipient, inflated, bank.executor());
        List<byte[]> relayed = TestSignatures.sortedBySigner(inflatedDigest, signatures);
        Address firstRecovered = TestSignatures.recoverSigner(inflatedDigest, relayed.getFirst());

        assertReverts(() -> executor.execute(commandIdBytes(), recipient.value(), inflated, relayed).send(),
                "NotValidator", BigInteger.ZERO, firstRecovered);
    }

    @Test
    void rejectsAReplayedCommandAndMintsOnlyOnce() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        BigInteger balanceBefore = chain.account(RECIPIENT).bankToken(bank.token()).balanceOf(recipient.value()).send();
        execute(signatures);

        assertReverts(() -> execute(signatures), "CommandAlreadyProcessed", commandId.value());
        BigInteger balanceAfter = chain.account(RECIPIENT).bankToken(bank.token()).balanceOf(recipient.value()).send();
        assertThat(balanceAfter.subtract(balanceBefore)).isEqualTo(AMOUNT);
    }

    @Test
    void rejectsASignatureWithRZeroThatRecoversToTheZeroAddress() {
        List<byte[]> signatures = new ArrayList<>();
        signatures.add(concat(BigInteger.ZERO, BigInteger.ONE, 27));
        signatures.addAll(VALIDATORS.sign(digest, 3));

        assertReverts(() -> execute(signatures), "InvalidSignature", BigInteger.ZERO);
    }

    @Test
    void rejectsASignatureWhoseRIsNoPointOnTheCurve() {
        BigInteger notAnXCoordinate = TestSignatures.xNotOnCurve(BigInteger.valueOf(1_000));
        List<byte[]> signatures = new ArrayList<>();
        signatures.add(concat(notAnXCoordinate, BigInteger.ONE, 27));
        signatures.addAll(VALIDATORS.sign(digest, 3));

        assertReverts(() -> execute(signatures), "InvalidSignature", BigInteger.ZERO);
    }

    @Test
    void rejectsARecoveryIdInsteadOfV() {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        byte[] rawRecoveryId = signatures.getFirst().clone();
        rawRecoveryId[64] = (byte) (rawRecoveryId[64] - 27); // 0 or 1, as some signers emit it
        signatures.set(0, rawRecoveryId);

        assertReverts(() -> execute(signatures), "InvalidSignatureV", BigInteger.ZERO, BigInteger.valueOf(rawRecoveryId[64]));
    }

    @Test
    void rejectsASignatureOfTheWrongLength() {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        signatures.set(2, Arrays.copyOf(signatures.get(2), 64));

        assertReverts(() -> execute(signatures), "InvalidSignatureLength", BigInteger.TWO, BigInteger.valueOf(64));
    }

    @Test
    void rejectsAZeroAmount() {
        Bytes32 zeroAmountDigest = mintDigest(commandId, recipient, BigInteger.ZERO, bank.executor());
        List<byte[]> signatures = VALIDATORS.signThreshold(zeroAmountDigest);

        assertReverts(() -> executor.execute(commandIdBytes(), recipient.value(), BigInteger.ZERO, signatures).send(), "ZeroAmount");
    }

    @Test
    void rejectsTheZeroRecipient() {
        Bytes32 zeroRecipientDigest = mintDigest(commandId, Address.ZERO, AMOUNT, bank.executor());
        List<byte[]> signatures = VALIDATORS.signThreshold(zeroRecipientDigest);

        assertReverts(() -> executor.execute(commandIdBytes(), Address.ZERO.value(), AMOUNT, signatures).send(), "ZeroRecipient");
    }

    private Object execute(List<byte[]> signatures) throws Exception {
        return executor.execute(commandIdBytes(), recipient.value(), AMOUNT, signatures).send();
    }

    private byte[] commandIdBytes() {
        return commandId.value().toByteArray();
    }

    private static Bytes32 mintDigest(CommandId commandId, Address recipient, BigInteger amount, Address executorAddress) {
        return ProtocolDigests.mintDigest(commandId, recipient, new Amount(amount), CHAIN_ID, executorAddress);
    }

    private int indexOfSigner(List<byte[]> signatures, Address signer) {
        for (int i = 0; i < signatures.size(); i++) {
            if (TestSignatures.recoverSigner(digest, signatures.get(i)).equals(signer)) {
                return i;
            }
        }
        throw new IllegalArgumentException(signer + " did not sign");
    }
}
