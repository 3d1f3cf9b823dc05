package io.astraclear.adapters.besu;

import io.astraclear.ports.protocol.ProtocolDigests;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.signatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.utils.Numeric;

/** Relaying validator-signed commands, singly and in batches, to BANK_A's Executor on a fresh anvil with instant mining. */
class ExecutionIT {
    private static final TestValidators OUTSIDERS = TestValidators.create("not-validators", 4);

    @RegisterExtension
    static final ConnectedBank CONNECTED = new ConnectedBank(AnvilNode.builder().chainId(1201));

    @Test
    void executesACommandAndTheRecipientReceivesTheTokens() throws Exception {
        MintCommand command = CONNECTED.bank().mintCommand("happy-path", 1_234);
        Amount before = await(CONNECTED.chain().tokenBalance(command.recipient()));

        ExecutionOutcome outcome = await(CONNECTED.chain().execute(command, signatures(command)));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Executed.class);
        var executed = (ExecutionOutcome.Executed) outcome;
        assertThat(executed.attempts()).isEqualTo(1);
        assertThat(executed.gasUsed()).isPositive();
        var receipt = receipt(executed.transactionHash().value());
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getBlockNumber().longValueExact()).isEqualTo(executed.blockNumber());
        assertThat(receipt.getGasUsed().longValueExact()).isEqualTo(executed.gasUsed());
        assertThat(receipt.getFrom()).isEqualToIgnoringCase(CONNECTED.bank().account(AnvilBank.RELAYER).value());
        assertThat(await(CONNECTED.chain().tokenBalance(command.recipient()))).isEqualTo(before.plus(command.amount()));
    }

    @Test
    void aCommandAlreadyExecutedIsReportedAsAlreadyProcessedNotAsAFailure() throws Exception {
        MintCommand command = CONNECTED.bank().mintCommand("twice", 10);
        assertThat(await(CONNECTED.chain().execute(command, signatures(command)))).isInstanceOf(ExecutionOutcome.Executed.class);
        long relayerNonce = relayerNonce();

        ExecutionOutcome again = await(CONNECTED.chain().execute(command, signatures(command)));
        ExecutionOutcome byAnotherRelayer;
        try (ChainPort other = connect(CONNECTED.bank().settings().relayerPrivateKey(CONNECTED.bank().node().account(8).privateKey()).build())) {
            byAnotherRelayer = await(other.execute(command, signatures(command)));
        }

        assertThat(again).isEqualTo(new ExecutionOutcome.AlreadyProcessed(1));
        assertThat(byAnotherRelayer).isEqualTo(new ExecutionOutcome.AlreadyProcessed(1));
        assertThat(relayerNonce()).as("nothing was sent").isEqualTo(relayerNonce);
    }

    @Test
    void signaturesOfNonValidatorsAreRejectedWithTheDecodedReasonWithoutSendingATransaction() throws Exception {
        MintCommand command = CONNECTED.bank().mintCommand("outsiders", 10);
        List<Signature> forged = OUTSIDERS.signThreshold(ProtocolDigests.mintDigest(command)).stream().map(Signature::fromBytes).toList();
        long relayerNonce = relayerNonce();

        ExecutionOutcome outcome = await(CONNECTED.chain().execute(command, forged));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionOutcome.Reverted.class, reverted -> {
            assertThat(reverted.reason()).startsWith("NotValidator(0, " + OUTSIDERS.address(0));
            assertThat(reverted.attempts()).isEqualTo(1);
        });
        assertThat(relayerNonce()).isEqualTo(relayerNonce);
    }

    @Test
    void tooFewSignaturesAreRejectedWithTheCountsInTheReason() throws Exception {
        MintCommand command = CONNECTED.bank().mintCommand("too-few", 10);

        ExecutionOutcome outcome = await(CONNECTED.chain().execute(command, signatures(command).subList(0, 2)));

        assertThat(outcome).isEqualTo(new ExecutionOutcome.Reverted("InsufficientSignatures(2, 3)", 1));
    }

    @Test
    void fiftyConcurrentSubmissionsGetDistinctGapFreeNoncesAndAllExecute() throws Exception {
        long firstNonce = relayerNonce();
        List<MintCommand> commands = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            commands.add(CONNECTED.bank().mintCommand("concurrent-" + i, 100 + i));
        }
        Amount before = await(CONNECTED.chain().tokenBalance(CONNECTED.bank().account(AnvilBank.RECIPIENT)));

        List<CompletableFuture<ExecutionOutcome>> submitted = commands.stream()
                .map(command -> CONNECTED.chain().execute(command, signatures(command)).toCompletableFuture()).toList();
        List<ExecutionOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<ExecutionOutcome> outcome : submitted) {
            outcomes.add(await(outcome));
        }

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(ExecutionOutcome.Executed.class));
        List<Long> nonces = new ArrayList<>();
        for (ExecutionOutcome outcome : outcomes) {
            nonces.add(transaction(((ExecutionOutcome.Executed) outcome).transactionHash().value()).getNonce().longValueExact());
        }
        assertThat(nonces.stream().sorted().toList()).isEqualTo(java.util.stream.LongStream.range(firstNonce, firstNonce + 50).boxed().toList());
        BigInteger minted = commands.stream().map(c -> c.amount().value()).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(await(CONNECTED.chain().tokenBalance(CONNECTED.bank().account(AnvilBank.RECIPIENT)))).isEqualTo(before.plus(new Amount(minted)));
        assertThat(relayerNonce()).isEqualTo(firstNonce + 50);
    }

    /** A measurement, run on purpose: {@code -Dastra.excludedGroups=none -Dit.test=ExecutionIT}. */
    @Test
    @org.junit.jupiter.api.Tag("benchmark")
    void sustainsCommandsPerSecondWithInstantMining() throws Exception {
        int total = 400;
        int window = 100;
        long started = System.nanoTime();
        int executed = 0;
        for (int offset = 0; offset < total; offset += window) {
            List<CompletableFuture<ExecutionOutcome>> inFlight = new ArrayList<>();
            for (int i = offset; i < offset + window; i++) {
                MintCommand command = CONNECTED.bank().mintCommand("throughput-" + i, 1);
                inFlight.add(CONNECTED.chain().execute(command, signatures(command)).toCompletableFuture());
            }
            for (CompletableFuture<ExecutionOutcome> outcome : inFlight) {
                if (await(outcome) instanceof ExecutionOutcome.Executed) {
                    executed++;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(executed).isEqualTo(total);
        System.out.printf("[figure] submitter: %d commands executed in %.2f s = %.0f commands/s (anvil, instant mining, %d in flight)%n",
                total, seconds, total / seconds, window);
    }

    @Test
    void aRestartedAdapterContinuesTheRelayersNonces() throws Exception {
        long firstNonce = relayerNonce();
        try (ChainPort first = connect(CONNECTED.bank().settings().build())) {
            MintCommand command = CONNECTED.bank().mintCommand("before-restart", 5);
            assertThat(await(first.execute(command, signatures(command)))).isInstanceOf(ExecutionOutcome.Executed.class);
        }
        try (ChainPort second = connect(CONNECTED.bank().settings().build())) {
            MintCommand command = CONNECTED.bank().mintCommand("after-restart", 5);
            assertThat(await(second.execute(command, signatures(command)))).isInstanceOf(ExecutionOutcome.Executed.class);
        }
        assertThat(relayerNonce()).isEqualTo(firstNonce + 2);
    }

    @Test
    void recoversWhenTheRelayerKeyWasUsedBehindItsBack() throws Exception {
        MintCommand warmUp = CONNECTED.bank().mintCommand("warm-up", 1);
        assertThat(await(CONNECTED.chain().execute(warmUp, signatures(warmUp)))).isInstanceOf(ExecutionOutcome.Executed.class);
        // another program spends the relayer's next nonce: the adapter's local counter is now stale
        Credentials relayer = CONNECTED.bank().node().credentials(AnvilBank.RELAYER);
        RawTransaction selfTransfer = RawTransaction.createEtherTransaction(BigInteger.valueOf(relayerNonce()),
                BigInteger.valueOf(5_000_000_000L), BigInteger.valueOf(21_000), relayer.getAddress(), BigInteger.ONE);
        CONNECTED.bank().web3j().ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(selfTransfer, CONNECTED.bank().chainId(), relayer))).send();

        MintCommand command = CONNECTED.bank().mintCommand("after-nonce-theft", 5);
        ExecutionOutcome outcome = await(CONNECTED.chain().execute(command, signatures(command)));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Executed.class);
    }

    @Test
    void paysLegacyOrEip1559FeesAsConfigured() throws Exception {
        try (ChainPort legacy = connect(CONNECTED.bank().settings().feeMode(FeeMode.LEGACY).build());
                ChainPort dynamic = connect(CONNECTED.bank().settings().feeMode(FeeMode.EIP1559).build())) {
            MintCommand first = CONNECTED.bank().mintCommand("legacy-fees", 3);
            MintCommand second = CONNECTED.bank().mintCommand("eip1559-fees", 3);

            var viaLegacy = (ExecutionOutcome.Executed) await(legacy.execute(first, signatures(first)));
            var viaDynamic = (ExecutionOutcome.Executed) await(dynamic.execute(second, signatures(second)));

            assertThat(transaction(viaLegacy.transactionHash().value()).getType()).isEqualTo("0x0");
            assertThat(transaction(viaDynamic.transactionHash().value()).getType()).isEqualTo("0x2");
        }
    }

    @Test
    void aWatchOnlyChainRefusesToSubmit() throws Exception {
        ChainSettings watchOnly = ChainSettings.builder().bank(AnvilBank.BANK_A).rpcUrl(CONNECTED.bank().node().rpcUrl())
                .expectedChainId(CONNECTED.bank().chainId()).gateway(CONNECTED.bank().contracts().gateway()).executor(CONNECTED.bank().contracts().executor())
                .knownBanks(java.util.Set.of(AnvilBank.BANK_B)).build();
        assertThat(watchOnly.relayerAddress()).isEmpty();
        try (ChainPort watcher = connect(watchOnly)) {
            MintCommand command = CONNECTED.bank().mintCommand("watch-only", 1);
            assertThatThrownBy(() -> await(watcher.execute(command, signatures(command))))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("watch-only");
        }
    }

    @Test
    void aCommandForAnotherExecutorIsAProgrammingErrorNotAnOutcome() {
        MintCommand elsewhere = new MintCommand(CONNECTED.bank().mintCommand("elsewhere", 1).commandId(), AnvilBank.BANK_B, AnvilBank.BANK_A,
                CONNECTED.bank().account(AnvilBank.RECIPIENT), Amount.of(1), CONNECTED.bank().chainId(), Address.of("0x000000000000000000000000000000000000dead"));

        assertThatThrownBy(() -> await(CONNECTED.chain().execute(elsewhere, signatures(elsewhere))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mintsEveryEntryInOneTransactionAndReportsEachWithItsShareOfTheGas() throws Exception {
        List<MintCommand> commands = IntStream.range(0, 20).mapToObj(i -> CONNECTED.bank().mintCommand("batch-" + i, 100 + i)).toList();
        MintBatch batch = MintBatch.of(commands);
        Amount before = await(CONNECTED.chain().tokenBalance(CONNECTED.bank().account(AnvilBank.RECIPIENT)));
        Amount total = batch.amounts().stream().reduce(Amount.ZERO, Amount::plus);

        BatchOutcome outcome = await(CONNECTED.chain().executeBatch(batch, batchSignatures(batch, AnvilBank.VALIDATORS)));

        var transaction = (ExecutionOutcome.Executed) outcome.transaction();
        assertThat(outcome.entries()).hasSize(20);
        for (MintCommand command : batch.commands()) {
            assertThat(outcome.entries().get(command.commandId())).isEqualTo(new ExecutionOutcome.Executed(
                    transaction.transactionHash(), transaction.blockNumber(), transaction.gasUsed() / 20, 1));
        }
        assertThat(await(CONNECTED.chain().tokenBalance(CONNECTED.bank().account(AnvilBank.RECIPIENT)))).as("every entry minted once").isEqualTo(before.plus(total));
        assertThat(transaction.gasUsed() / 20).as("gas per mint in a batch of 20 is well below a single execute's ~90,000")
                .isLessThan(60_000);
    }

    @Test
    void anEntryExecutedBeforeIsReportedAlreadyProcessedAndTheOthersStillMint() throws Exception {
        MintCommand first = CONNECTED.bank().mintCommand("before-the-batch", 7);
        assertThat(await(CONNECTED.chain().execute(first, signatures(first)))).isInstanceOf(ExecutionOutcome.Executed.class);
        MintCommand second = CONNECTED.bank().mintCommand("in-the-batch", 8);
        Amount secondBefore = await(CONNECTED.chain().tokenBalance(second.recipient()));
        MintBatch batch = MintBatch.of(List.of(first, second));

        BatchOutcome outcome = await(CONNECTED.chain().executeBatch(batch, batchSignatures(batch, AnvilBank.VALIDATORS)));

        assertThat(outcome.transaction()).isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(outcome.entries().get(first.commandId())).isEqualTo(new ExecutionOutcome.AlreadyProcessed(1));
        assertThat(outcome.entries().get(second.commandId())).isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(await(CONNECTED.chain().tokenBalance(second.recipient()))).isEqualTo(secondBefore.plus(second.amount()));

        BatchOutcome replay = await(CONNECTED.chain().executeBatch(batch, batchSignatures(batch, AnvilBank.VALIDATORS)));
        assertThat(replay.entries().values()).as("a replayed batch mints nothing twice")
                .containsOnly(new ExecutionOutcome.AlreadyProcessed(1));
        assertThat(await(CONNECTED.chain().tokenBalance(second.recipient()))).isEqualTo(secondBefore.plus(second.amount()));
    }

    @Test
    void signaturesOfNonValidatorsRevertTheWholeBatchWithTheDecodedReason() throws Exception {
        MintBatch batch = MintBatch.of(List.of(CONNECTED.bank().mintCommand("forged-1", 5), CONNECTED.bank().mintCommand("forged-2", 6)));

        BatchOutcome outcome = await(CONNECTED.chain().executeBatch(batch, batchSignatures(batch, OUTSIDERS)));

        assertThat(outcome.entries()).isEmpty();
        assertThat(outcome.transaction()).isInstanceOfSatisfying(ExecutionOutcome.Reverted.class,
                reverted -> assertThat(reverted.reason()).startsWith("NotValidator(0, " + OUTSIDERS.address(0)));
    }

    @Test
    void singleCommandSignaturesDoNotAuthoriseABatch() throws Exception {
        MintCommand command = CONNECTED.bank().mintCommand("single-signed", 5);

        BatchOutcome outcome = await(CONNECTED.chain().executeBatch(MintBatch.of(List.of(command)), signatures(command)));

        assertThat(outcome.transaction()).isInstanceOf(ExecutionOutcome.Reverted.class);
        assertThat(outcome.entries()).isEmpty();
    }

    @Test
    void aBatchForAnotherExecutorIsAProgrammingErrorNotAnOutcome() {
        MintCommand command = CONNECTED.bank().mintCommand("elsewhere", 5);
        MintCommand elsewhere = new MintCommand(command.commandId(), command.sourceBank(), command.destinationBank(), command.recipient(),
                command.amount(), command.destinationChainId() + 1, command.destinationExecutor());
        MintBatch batch = MintBatch.of(List.of(elsewhere));

        assertThatThrownBy(() -> await(CONNECTED.chain().executeBatch(batch, List.of())))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    private static List<Signature> batchSignatures(MintBatch batch, TestValidators validators) {
        return validators.signThreshold(ProtocolDigests.batchDigest(batch)).stream().map(Signature::fromBytes).toList();
    }

    private static long relayerNonce() throws Exception {
        return CONNECTED.bank().web3j().ethGetTransactionCount(CONNECTED.bank().account(AnvilBank.RELAYER).value(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
    }

    private static org.web3j.protocol.core.methods.response.TransactionReceipt receipt(String hash) throws Exception {
        return CONNECTED.bank().web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow();
    }

    private static Transaction transaction(String hash) throws Exception {
        return CONNECTED.bank().web3j().ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
    }
}
