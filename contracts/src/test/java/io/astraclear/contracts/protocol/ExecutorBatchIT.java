package io.astraclear.contracts.protocol;

import static io.astraclear.contracts.testing.RevertAssertions.assertReverts;
import static io.astraclear.contracts.testing.TestSignatures.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.ContractError;
import io.astraclear.contracts.ContractErrors;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.testing.AnvilExtension;
import io.astraclear.contracts.testing.TestBanks;
import io.astraclear.contracts.testing.TestBatch;
import io.astraclear.contracts.testing.TestChain;
import io.astraclear.contracts.testing.TestSignatures;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
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
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * {@code Executor.executeBatch}: the batch twin of every attack in {@link ExecutorSignatureChecksIT},
 * each asserting the exact custom error, plus what only a batch has: domain separation from single
 * mint signatures, tampered entries, per-entry replay protection (skip, not revert), entries the
 * token refuses (failed, retryable) and the shape limits. Four validators, threshold 3.
 */
class ExecutorBatchIT {
    private static final long CHAIN_ID = 2101;
    private static final long OTHER_CHAIN_ID = 2102;
    private static final BankId BANK = BankId.of("BANK_B");
    private static final BankId TWIN_BANK = BankId.of("BANK_B_TWIN");
    private static final int RECIPIENT_A = 2;
    private static final int RELAYER = 3;
    private static final int RECIPIENT_B = 4;
    private static final BigInteger AMOUNT = BigInteger.valueOf(42_00);
    private static final BigInteger SKIP_ALREADY_PROCESSED = BigInteger.ZERO;
    private static final BigInteger SKIP_ZERO_AMOUNT = BigInteger.ONE;
    private static final BigInteger SKIP_ZERO_RECIPIENT = BigInteger.TWO;
    private static final TestValidators VALIDATORS = TestValidators.create("executor-checks", 4);
    private static final TestValidators OUTSIDERS = TestValidators.create("executor-checks-outsiders", 1);

    @RegisterExtension
    static final AnvilExtension CHAINS = AnvilExtension.withChainIds(CHAIN_ID, OTHER_CHAIN_ID);

    private static TestChain chain;
    private static BankContracts bank;
    /** A second Executor on the same chain with the same validators. */
    private static BankContracts twinBank;
    /** The same deployment on another chain: same addresses, other chain id. */
    private static BankContracts otherChainBank;
    private static Executor executor;
    private static BankToken token;
    private static Address recipientA;
    private static Address recipientB;

    private String label;
    private TestBatch batch;
    private Bytes32 digest;

    @BeforeAll
    static void deployBanks() throws Exception {
        chain = CHAINS.chain(0);
        bank = TestBanks.deploy(chain, BANK, VALIDATORS.addresses());
        otherChainBank = TestBanks.deploy(CHAINS.chain(1), BANK, VALIDATORS.addresses());
        twinBank = TestBanks.deploy(chain, TWIN_BANK, VALIDATORS.addresses());
        executor = chain.account(RELAYER).executor(bank.executor());
        token = chain.account(RELAYER).bankToken(bank.token());
        recipientA = chain.account(RECIPIENT_A).address();
        recipientB = chain.account(RECIPIENT_B).address();
        assertThat(otherChainBank.executor()).as("same deployer, same nonces").isEqualTo(bank.executor());
        assertThat(VALIDATORS.threshold()).isEqualTo(3);
    }

    /** Three entries with command ids unique to the test: A gets AMOUNT, B gets 2 AMOUNT, A gets 3 AMOUNT. */
    @BeforeEach
    void freshBatch(TestInfo test) {
        label = test.getTestMethod().orElseThrow().getName();
        batch = TestBatch.builder()
                .add(TestBanks.commandId(label + "-0"), recipientA, AMOUNT)
                .add(TestBanks.commandId(label + "-1"), recipientB, AMOUNT.multiply(BigInteger.TWO))
                .add(TestBanks.commandId(label + "-2"), recipientA, AMOUNT.multiply(BigInteger.valueOf(3)))
                .build();
        digest = digestHere(batch);
    }

    // --- what a batch does --------------------------------------------------------------------

    @Test
    void batchDigestEqualsTheExecutorsOwnView() throws Exception {
        byte[] onChain = executor.batchDigest(batch.commandIdBytes(), batch.recipientStrings(), batch.amounts()).send();

        assertThat(new Bytes32(onChain)).isEqualTo(digest);
        assertThat(new Bytes32(executor.MINT_BATCH_TYPE_TAG().send())).isEqualTo(ProtocolDigests.MINT_BATCH_TYPE_TAG);
        assertThat(executor.MAX_BATCH_SIZE().send()).isEqualTo(BigInteger.valueOf(MintBatch.MAX_SIZE));
    }

    @Test
    void mintsEveryEntryWithOneSetOfSignaturesAndReportsEachAsASingleExecuteWould() throws Exception {
        BigInteger balanceA = token.balanceOf(recipientA.value()).send();
        BigInteger balanceB = token.balanceOf(recipientB.value()).send();

        TransactionReceipt receipt = batch.execute(executor, VALIDATORS.signThreshold(digest));

        assertExecuted(receipt, batch);
        assertThat(Executor.getCommandSkippedEvents(receipt)).isEmpty();
        assertThat(Executor.getCommandFailedEvents(receipt)).isEmpty();
        assertThat(token.balanceOf(recipientA.value()).send().subtract(balanceA)).isEqualTo(AMOUNT.multiply(BigInteger.valueOf(4)));
        assertThat(token.balanceOf(recipientB.value()).send().subtract(balanceB)).isEqualTo(AMOUNT.multiply(BigInteger.TWO));
        for (CommandId commandId : batch.commandIds()) {
            assertThat(processed(commandId)).as("processed %s", commandId).isTrue();
        }
    }

    @Test
    void executesWithSignaturesFromEveryValidator() throws Exception {
        assertExecuted(batch.execute(executor, VALIDATORS.sign(digest, 4)), batch);
    }

    // --- twins of the single-command signature attacks ---------------------------------------

    @Test
    void rejectsTheSameSignatureTwice() throws Exception {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        signatures.add(signatures.get(1));

        assertReverts(() -> batch.execute(executor, signatures), "SignersNotAscending", BigInteger.TWO, VALIDATORS.address(1));
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsDuplicateSignerEvenWhenSignaturesDiffer() throws Exception {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        byte[] secondSignatureOfValidator1 = TestSignatures.signWithOtherNonce(digest, VALIDATORS.key(1));
        assertThat(secondSignatureOfValidator1).isNotEqualTo(signatures.get(1));
        assertThat(TestSignatures.recoverSigner(digest, secondSignatureOfValidator1)).isEqualTo(VALIDATORS.address(1));
        signatures.add(secondSignatureOfValidator1);

        assertReverts(() -> batch.execute(executor, signatures), "SignersNotAscending", BigInteger.TWO, VALIDATORS.address(1));
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsTheMalleatedHighSTwinOfAValidSignature() throws Exception {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        byte[] twin = TestSignatures.highSTwin(signatures.get(1));
        assertThat(TestSignatures.recoverSigner(digest, twin)).as("the twin is a valid ECDSA signature").isEqualTo(VALIDATORS.address(1));
        signatures.add(twin);

        assertReverts(() -> batch.execute(executor, signatures), "SignatureHighS", BigInteger.TWO);
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsAHighSSignatureEvenFromADistinctValidator() throws Exception {
        List<byte[]> signatures = VALIDATORS.sign(digest, 3);
        signatures.set(1, TestSignatures.highSTwin(signatures.get(1)));

        assertReverts(() -> batch.execute(executor, signatures), "SignatureHighS", BigInteger.ONE);
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsASignerOutsideTheValidatorSet() throws Exception {
        List<byte[]> signatures = VALIDATORS.sign(digest, 2);
        signatures.add(TestSignatures.sign(digest, OUTSIDERS.key(0)));
        List<byte[]> ordered = TestSignatures.sortedBySigner(digest, signatures);
        int outsiderIndex = indexOfSigner(digest, ordered, OUTSIDERS.address(0));

        assertReverts(() -> batch.execute(executor, ordered), "NotValidator", BigInteger.valueOf(outsiderIndex), OUTSIDERS.address(0));
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsOneSignatureShortOfTheThreshold() throws Exception {
        assertReverts(() -> batch.execute(executor, VALIDATORS.sign(digest, 2)), "InsufficientSignatures", BigInteger.TWO, BigInteger.valueOf(3));
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsSignaturesMadeForAnotherChainAtTheSameExecutorAddress() throws Exception {
        Bytes32 digestForOtherChain = batch.digest(OTHER_CHAIN_ID, bank.executor());
        List<byte[]> signedForOtherChain = VALIDATORS.signThreshold(digestForOtherChain);

        assertRejectedAsSignedForAnotherDigest(batch, signedForOtherChain);

        Executor otherChainExecutor = CHAINS.chain(1).account(RELAYER).executor(otherChainBank.executor());
        assertExecuted(batch.execute(otherChainExecutor, signedForOtherChain), batch);
    }

    @Test
    void rejectsSignaturesMadeForAnotherExecutorOnTheSameChain() throws Exception {
        Bytes32 digestForTwin = batch.digest(CHAIN_ID, twinBank.executor());
        List<byte[]> signedForTwin = VALIDATORS.signThreshold(digestForTwin);

        assertRejectedAsSignedForAnotherDigest(batch, signedForTwin);

        Executor twinExecutor = chain.account(RELAYER).executor(twinBank.executor());
        assertExecuted(batch.execute(twinExecutor, signedForTwin), batch);
    }

    @Test
    void replayedBatchSkipsEveryEntryAndMintsNothingTwice() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        batch.execute(executor, signatures);
        BigInteger supply = token.totalSupply().send();

        TransactionReceipt replay = batch.execute(executor, signatures);

        assertThat(Executor.getCommandExecutedEvents(replay)).isEmpty();
        assertSkipped(replay, batch.commandIds(), SKIP_ALREADY_PROCESSED);
        assertThat(token.totalSupply().send()).isEqualTo(supply);
    }

    @Test
    void rejectsASignatureWithRZeroThatRecoversToTheZeroAddress() throws Exception {
        List<byte[]> signatures = new ArrayList<>();
        signatures.add(concat(BigInteger.ZERO, BigInteger.ONE, 27));
        signatures.addAll(VALIDATORS.sign(digest, 3));

        assertReverts(() -> batch.execute(executor, signatures), "InvalidSignature", BigInteger.ZERO);
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsASignatureWhoseRIsNoPointOnTheCurve() throws Exception {
        List<byte[]> signatures = new ArrayList<>();
        signatures.add(concat(TestSignatures.xNotOnCurve(BigInteger.valueOf(1_000)), BigInteger.ONE, 27));
        signatures.addAll(VALIDATORS.sign(digest, 3));

        assertReverts(() -> batch.execute(executor, signatures), "InvalidSignature", BigInteger.ZERO);
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsARecoveryIdInsteadOfV() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        byte[] rawRecoveryId = signatures.getFirst().clone();
        rawRecoveryId[64] = (byte) (rawRecoveryId[64] - 27);
        signatures.set(0, rawRecoveryId);

        assertReverts(() -> batch.execute(executor, signatures), "InvalidSignatureV", BigInteger.ZERO, BigInteger.valueOf(rawRecoveryId[64]));
        assertNothingProcessed(batch);
    }

    @Test
    void rejectsASignatureOfTheWrongLength() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        signatures.set(2, Arrays.copyOf(signatures.get(2), 64));

        assertReverts(() -> batch.execute(executor, signatures), "InvalidSignatureLength", BigInteger.TWO, BigInteger.valueOf(64));
        assertNothingProcessed(batch);
    }

    // --- domain separation and tampering ------------------------------------------------------

    @Test
    void rejectsABatchSignatureReusedForTheSameCommandAsASingleExecute() throws Exception {
        CommandId commandId = batch.commandIds().getFirst();
        TestBatch ofOne = TestBatch.builder().add(commandId, recipientA, AMOUNT).build();
        List<byte[]> batchSignatures = VALIDATORS.signThreshold(digestHere(ofOne));
        Bytes32 singleDigest = ProtocolDigests.mintDigest(commandId, recipientA, new Amount(AMOUNT), CHAIN_ID, bank.executor());
        List<byte[]> relayed = TestSignatures.sortedBySigner(singleDigest, batchSignatures);

        assertReverts(() -> executor.execute(commandId.value().toByteArray(), recipientA.value(), AMOUNT, relayed).send(),
                "NotValidator", BigInteger.ZERO, TestSignatures.recoverSigner(singleDigest, relayed.getFirst()));
        assertThat(processed(commandId)).isFalse();
    }

    @Test
    void rejectsASingleCommandSignatureReusedForABatchOfThatCommand() throws Exception {
        CommandId commandId = batch.commandIds().getFirst();
        Bytes32 singleDigest = ProtocolDigests.mintDigest(commandId, recipientA, new Amount(AMOUNT), CHAIN_ID, bank.executor());
        List<byte[]> singleSignatures = VALIDATORS.signThreshold(singleDigest);
        TestBatch ofOne = TestBatch.builder().add(commandId, recipientA, AMOUNT).build();

        assertRejectedAsSignedForAnotherDigest(ofOne, singleSignatures);
    }

    @Test
    void rejectsARelayerChangingAnAmount() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        TestBatch inflated = batch.with(1, batch.commandIds().get(1), recipientB, AMOUNT.multiply(BigInteger.valueOf(1_000)));

        assertRejectedAsSignedForAnotherDigest(inflated, signatures);
    }

    @Test
    void rejectsARelayerChangingARecipient() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        Address thief = chain.account(RELAYER).address();
        TestBatch redirected = batch.with(1, batch.commandIds().get(1), thief, batch.amounts().get(1));

        assertRejectedAsSignedForAnotherDigest(redirected, signatures);
    }

    @Test
    void rejectsARelayerChangingACommandId() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        TestBatch renamed = batch.with(1, TestBanks.commandId(label + "-other"), recipientB, batch.amounts().get(1));

        assertRejectedAsSignedForAnotherDigest(renamed, signatures);
    }

    @Test
    void rejectsARelayerDroppingOrReorderingEntries() throws Exception {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        TestBatch dropped = new TestBatch(batch.commandIds().subList(0, 2), batch.recipients().subList(0, 2), batch.amounts().subList(0, 2));
        TestBatch reordered = new TestBatch(batch.commandIds().reversed(), batch.recipients().reversed(), batch.amounts().reversed());

        assertRejectedAsSignedForAnotherDigest(dropped, signatures);
        assertRejectedAsSignedForAnotherDigest(reordered, signatures);
    }

    // --- entries standing alone ---------------------------------------------------------------

    @Test
    void mixedBatchWithACommandAlreadyExecutedSinglyMintsOnlyTheOthers() throws Exception {
        CommandId executedAlone = batch.commandIds().get(1);
        Bytes32 singleDigest = ProtocolDigests.mintDigest(executedAlone, recipientB, new Amount(batch.amounts().get(1)), CHAIN_ID, bank.executor());
        executor.execute(executedAlone.value().toByteArray(), recipientB.value(), batch.amounts().get(1), VALIDATORS.signThreshold(singleDigest)).send();
        BigInteger balanceB = token.balanceOf(recipientB.value()).send();
        BigInteger supply = token.totalSupply().send();

        TransactionReceipt receipt = batch.execute(executor, VALIDATORS.signThreshold(digest));

        assertSkipped(receipt, List.of(executedAlone), SKIP_ALREADY_PROCESSED);
        assertExecuted(receipt, TestBatch.builder()
                .add(batch.commandIds().get(0), recipientA, batch.amounts().get(0))
                .add(batch.commandIds().get(2), recipientA, batch.amounts().get(2))
                .build());
        assertThat(token.balanceOf(recipientB.value()).send()).as("not minted twice").isEqualTo(balanceB);
        assertThat(token.totalSupply().send().subtract(supply)).isEqualTo(batch.amounts().get(0).add(batch.amounts().get(2)));
    }

    @Test
    void singleExecuteOfACommandAlreadyMintedInABatchRevertsAsAReplay() throws Exception {
        batch.execute(executor, VALIDATORS.signThreshold(digest));
        CommandId commandId = batch.commandIds().getFirst();
        Bytes32 singleDigest = ProtocolDigests.mintDigest(commandId, recipientA, new Amount(AMOUNT), CHAIN_ID, bank.executor());

        assertReverts(() -> executor.execute(commandId.value().toByteArray(), recipientA.value(), AMOUNT,
                VALIDATORS.signThreshold(singleDigest)).send(), "CommandAlreadyProcessed", commandId.value());
    }

    @Test
    void aCommandRepeatedInsideOneBatchMintsOnce() throws Exception {
        CommandId repeated = batch.commandIds().getFirst();
        TestBatch withRepeat = TestBatch.builder()
                .add(repeated, recipientA, AMOUNT)
                .add(repeated, recipientB, AMOUNT)
                .build();
        BigInteger balanceB = token.balanceOf(recipientB.value()).send();

        TransactionReceipt receipt = withRepeat.execute(executor, VALIDATORS.signThreshold(digestHere(withRepeat)));

        assertExecuted(receipt, TestBatch.builder().add(repeated, recipientA, AMOUNT).build());
        assertSkipped(receipt, List.of(repeated), SKIP_ALREADY_PROCESSED);
        assertThat(token.balanceOf(recipientB.value()).send()).isEqualTo(balanceB);
    }

    @Test
    void skipsZeroAmountAndZeroRecipientEntriesAndMintsTheRest() throws Exception {
        CommandId zeroAmount = TestBanks.commandId(label + "-zero-amount");
        CommandId zeroRecipient = TestBanks.commandId(label + "-zero-recipient");
        TestBatch withBadEntries = TestBatch.builder()
                .add(batch.commandIds().get(0), recipientA, AMOUNT)
                .add(zeroAmount, recipientB, BigInteger.ZERO)
                .add(zeroRecipient, Address.ZERO, AMOUNT)
                .add(batch.commandIds().get(1), recipientB, AMOUNT)
                .build();

        TransactionReceipt receipt = withBadEntries.execute(executor, VALIDATORS.signThreshold(digestHere(withBadEntries)));

        List<Executor.CommandSkippedEventResponse> skipped = Executor.getCommandSkippedEvents(receipt);
        assertThat(skipped).hasSize(2);
        assertThat(new Bytes32(skipped.get(0).commandId)).isEqualTo(zeroAmount.value());
        assertThat(skipped.get(0).reason).isEqualTo(SKIP_ZERO_AMOUNT);
        assertThat(new Bytes32(skipped.get(1).commandId)).isEqualTo(zeroRecipient.value());
        assertThat(skipped.get(1).reason).isEqualTo(SKIP_ZERO_RECIPIENT);
        assertExecuted(receipt, TestBatch.builder()
                .add(batch.commandIds().get(0), recipientA, AMOUNT)
                .add(batch.commandIds().get(1), recipientB, AMOUNT)
                .build());
        assertThat(processed(zeroAmount)).isFalse();
        assertThat(processed(zeroRecipient)).isFalse();
    }

    @Test
    void aMintTheTokenRefusesFailsAloneAndStaysUnprocessed() throws Exception {
        // whatever the supply, minting 2^256 - 1 more overflows totalSupply: the token reverts with Panic(0x11)
        CommandId overflowing = TestBanks.commandId(label + "-overflow");
        TestBatch withRefusal = TestBatch.builder()
                .add(batch.commandIds().get(0), recipientA, AMOUNT)
                .add(overflowing, recipientB, Amount.MAX_UINT256)
                .add(batch.commandIds().get(1), recipientB, AMOUNT)
                .build();

        TransactionReceipt receipt = withRefusal.execute(executor, VALIDATORS.signThreshold(digestHere(withRefusal)));

        List<Executor.CommandFailedEventResponse> failed = Executor.getCommandFailedEvents(receipt);
        assertThat(failed).hasSize(1);
        assertThat(new Bytes32(failed.getFirst().commandId)).isEqualTo(overflowing.value());
        ContractError reason = ContractErrors.bundled().decode(Numeric.toHexString(failed.getFirst().reason)).orElseThrow();
        assertThat(reason.name()).isEqualTo("Panic");
        assertThat(reason.arguments()).containsExactly(BigInteger.valueOf(0x11));
        assertExecuted(receipt, TestBatch.builder()
                .add(batch.commandIds().get(0), recipientA, AMOUNT)
                .add(batch.commandIds().get(1), recipientB, AMOUNT)
                .build());
        assertThat(processed(overflowing)).as("left for a retry").isFalse();
    }

    @Test
    void failedEntriesAreRetriedByReplayingTheSameBatch() throws Exception {
        // a bank of its own: its token is rewired to refuse this Executor for a while
        BankContracts ownBank = TestBanks.deploy(chain, BankId.of("BANK_RETRY"), VALIDATORS.addresses());
        Executor ownExecutor = chain.account(RELAYER).executor(ownBank.executor());
        BankToken ownTokenAsOwner = chain.account(TestBanks.OWNER_ACCOUNT).bankToken(ownBank.token());
        List<byte[]> signatures = VALIDATORS.signThreshold(batch.digest(CHAIN_ID, ownBank.executor()));
        Address someoneElse = chain.account(RELAYER).address();
        ownTokenAsOwner.setExecutor(someoneElse.value()).send();

        TransactionReceipt refused = batch.execute(ownExecutor, signatures);

        List<Executor.CommandFailedEventResponse> failed = Executor.getCommandFailedEvents(refused);
        assertThat(failed).extracting(event -> new Bytes32(event.commandId))
                .containsExactlyElementsOf(batch.commandIds().stream().map(CommandId::value).toList());
        ContractError reason = ContractErrors.bundled().decode(Numeric.toHexString(failed.getFirst().reason)).orElseThrow();
        assertThat(reason.name()).isEqualTo("NotExecutor");
        assertThat(reason.arguments()).containsExactly(ownBank.executor());
        assertThat(Executor.getCommandExecutedEvents(refused)).isEmpty();
        for (CommandId commandId : batch.commandIds()) {
            assertThat(ownExecutor.processedCommands(commandId.value().toByteArray()).send()).isFalse();
        }

        ownTokenAsOwner.setExecutor(ownBank.executor().value()).send();
        TransactionReceipt retried = batch.execute(ownExecutor, signatures);

        assertExecuted(retried, batch);
        assertThat(Executor.getCommandFailedEvents(retried)).isEmpty();
    }

    // --- shape --------------------------------------------------------------------------------

    @Test
    void rejectsAnEmptyBatch() {
        TestBatch empty = TestBatch.builder().build();

        assertReverts(() -> empty.execute(executor, VALIDATORS.signThreshold(digestHere(empty))), "EmptyBatch");
    }

    @Test
    void rejectsABatchAboveMaxBatchSize() {
        TestBatch tooLarge = TestBatch.uniform(label, MintBatch.MAX_SIZE + 1, recipientA, AMOUNT);

        assertReverts(() -> tooLarge.execute(executor, VALIDATORS.signThreshold(digestHere(tooLarge))),
                "BatchTooLarge", BigInteger.valueOf(MintBatch.MAX_SIZE + 1), BigInteger.valueOf(MintBatch.MAX_SIZE));
    }

    @Test
    void rejectsEntryArraysOfUnequalLength() {
        List<byte[]> signatures = VALIDATORS.signThreshold(digest);
        List<byte[]> ids = batch.commandIdBytes();
        List<String> recipients = batch.recipientStrings();
        List<BigInteger> amounts = batch.amounts();

        assertReverts(() -> executor.executeBatch(ids, recipients.subList(0, 2), amounts, signatures).send(),
                "BatchLengthMismatch", BigInteger.valueOf(3), BigInteger.TWO, BigInteger.valueOf(3));
        assertReverts(() -> executor.executeBatch(ids, recipients, amounts.subList(0, 1), signatures).send(),
                "BatchLengthMismatch", BigInteger.valueOf(3), BigInteger.valueOf(3), BigInteger.ONE);
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Bytes32 digestHere(TestBatch entries) {
        return entries.digest(CHAIN_ID, bank.executor());
    }

    /** Signatures over some other digest recover to other addresses here: the first is no validator. */
    private static void assertRejectedAsSignedForAnotherDigest(TestBatch relayedBatch, List<byte[]> signatures) throws Exception {
        Bytes32 relayedDigest = digestHere(relayedBatch);
        List<byte[]> relayed = TestSignatures.sortedBySigner(relayedDigest, signatures);

        assertReverts(() -> relayedBatch.execute(executor, relayed),
                "NotValidator", BigInteger.ZERO, TestSignatures.recoverSigner(relayedDigest, relayed.getFirst()));
        assertNothingProcessed(relayedBatch);
    }

    private static void assertExecuted(TransactionReceipt receipt, TestBatch expected) {
        List<Executor.CommandExecutedEventResponse> events = Executor.getCommandExecutedEvents(receipt);
        assertThat(events).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Executor.CommandExecutedEventResponse event = events.get(i);
            assertThat(new Bytes32(event.commandId)).as("command id of entry %d", i).isEqualTo(expected.commandIds().get(i).value());
            assertThat(Address.of(event.recipient)).as("recipient of entry %d", i).isEqualTo(expected.recipients().get(i));
            assertThat(event.amount).as("amount of entry %d", i).isEqualTo(expected.amounts().get(i));
        }
    }

    private static void assertSkipped(TransactionReceipt receipt, List<CommandId> expected, BigInteger reason) {
        List<Executor.CommandSkippedEventResponse> events = Executor.getCommandSkippedEvents(receipt);
        assertThat(events).extracting(event -> new Bytes32(event.commandId))
                .containsExactlyElementsOf(expected.stream().map(CommandId::value).toList());
        assertThat(events).extracting(event -> event.reason).containsOnly(reason);
    }

    private static void assertNothingProcessed(TestBatch entries) throws Exception {
        for (CommandId commandId : entries.commandIds()) {
            assertThat(processed(commandId)).as("processed %s", commandId).isFalse();
        }
    }

    private static boolean processed(CommandId commandId) throws Exception {
        return executor.processedCommands(commandId.value().toByteArray()).send();
    }

    private static int indexOfSigner(Bytes32 signedDigest, List<byte[]> signatures, Address signer) {
        for (int i = 0; i < signatures.size(); i++) {
            if (TestSignatures.recoverSigner(signedDigest, signatures.get(i)).equals(signer)) {
                return i;
            }
        }
        throw new IllegalArgumentException(signer + " did not sign");
    }
}
