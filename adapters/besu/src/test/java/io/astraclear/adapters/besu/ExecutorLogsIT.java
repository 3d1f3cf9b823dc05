package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.BANK_A;
import static io.astraclear.adapters.besu.AnvilBank.BANK_B;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.readToHead;
import static io.astraclear.adapters.besu.AnvilBank.signatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.chain.BatchOutcome;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.abi.FunctionEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Watching BANK_A's Executor beside its Gateway on a fresh anvil: command outcomes of single commands
 * and batches, validator-set updates, quarantine, paging across both contracts and agreement of two
 * independent readers. What the adapter delivers is compared with receipts and an unfiltered
 * {@code eth_getLogs} asked for directly, not with the adapter's own decoding.
 */
class ExecutorLogsIT {
    /** {@code Panic(uint256 0x11)}: the token's revert when a mint overflows its total supply. */
    private static final String PANIC_OVERFLOW = "0x4e487b71" + "0".repeat(62) + "11";
    private static final TestValidators NEXT = TestValidators.create("executor-logs-next", 5);

    @RegisterExtension
    static final ConnectedBank CONNECTED = new ConnectedBank(AnvilNode.builder().chainId(1801));

    @Test
    void readingFromGenesisDeliversTheDeploymentsValidatorSetAsNonceZero() throws Exception {
        List<ChainEvents> reads = readToHead(CONNECTED.chain(), await(CONNECTED.chain().genesisCheckpoint()), 1_000);

        Observation.ExecutorLog first = executorLogsOf(reads).getFirst();
        assertThat(first).isInstanceOf(Observation.ExecutorSetUpdated.class);
        var deployed = (Observation.ExecutorSetUpdated) first;
        assertThat(deployed.bank()).isEqualTo(BANK_A);
        assertThat(deployed.nonce()).isZero();
        assertThat(deployed.validators()).isEqualTo(AnvilBank.VALIDATORS.addresses());
        TransactionReceipt deployment = receipt(deployed.position().transactionHash());
        assertThat(deployment.getContractAddress()).as("logged by the Executor's own deployment")
                .isEqualToIgnoringCase(CONNECTED.bank().contracts().executor().value());
        assertThat(deployed.position().blockNumber()).isEqualTo(deployment.getBlockNumber().longValueExact());
        assertThat(deployed.position()).isEqualTo(position(executorLogsOf(deployment).getFirst()));
    }

    @Test
    void theGenesisCheckpointLiesBeforeAnExecutorOlderThanTheGateway() throws Exception {
        AnvilBank bank = CONNECTED.bank();
        ChainAccount owner = ChainAccount.connect(bank.web3j(), bank.node().credentials(AnvilBank.OWNER), bank.chainId());
        Address laterGateway = Address.of(owner.awaitSuccess(owner.submitDeployment("0x" + Gateway.BINARY + FunctionEncoder.encodeConstructor(List.of(
                new org.web3j.abi.datatypes.Address(bank.contracts().token().value()),
                new org.web3j.abi.datatypes.generated.Bytes32(BANK_A.toBytes32().toByteArray()))))).getContractAddress());
        long executorDeployed = logsOf(bank.contracts().executor(), 0, bank.headBlock()).getFirst().getBlockNumber().longValueExact();

        try (ChainPort chain = connect(bank.settings().gateway(laterGateway).build())) {
            Checkpoint genesis = await(chain.genesisCheckpoint());

            assertThat(genesis.blockNumber()).isEqualTo(executorDeployed - 1);
            assertThat(executorLogsOf(readToHead(chain, genesis, 1_000)).getFirst()).isInstanceOfSatisfying(Observation.ExecutorSetUpdated.class,
                    deployed -> assertThat(deployed.nonce()).isZero());
        }
    }

    @Test
    void deliversEveryOutcomeOfABatchInChainOrderWithPositionsCommandsAndValues() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        MintCommand processedBefore = CONNECTED.bank().mintCommand("outcomes-processed-before", 5);
        var single = (ExecutionOutcome.Executed) await(CONNECTED.chain().execute(processedBefore, signatures(processedBefore)));
        MintCommand overflowing = withAmount(CONNECTED.bank().mintCommand("outcomes-overflowing", 1), new Amount(Amount.MAX_UINT256));
        MintBatch batch = MintBatch.of(List.of(CONNECTED.bank().mintCommand("outcomes-mint-1", 100), processedBefore, overflowing,
                CONNECTED.bank().mintCommand("outcomes-mint-2", 200)));
        BatchOutcome outcome = await(CONNECTED.chain().executeBatch(batch, batchSignatures(batch, AnvilBank.VALIDATORS)));
        var batchTransaction = (ExecutionOutcome.Executed) outcome.transaction();

        List<ChainEvents> reads = readToHead(CONNECTED.chain(), start, 100);

        List<Log> singleLogs = executorLogsOf(receipt(single.transactionHash()));
        List<Log> batchLogs = executorLogsOf(receipt(batchTransaction.transactionHash()));
        assertThat(batchLogs).as("one Executor log per entry").hasSize(batch.size());
        List<Observation.ExecutorLog> expected = new ArrayList<>();
        expected.add(new Observation.CommandExecuted(BANK_A, processedBefore.commandId(), processedBefore.recipient(), processedBefore.amount(),
                position(singleLogs.getFirst())));
        for (int i = 0; i < batch.size(); i++) {
            MintCommand entry = batch.commands().get(i);
            Observation.LogPosition at = position(batchLogs.get(i));
            if (entry.equals(processedBefore)) {
                expected.add(new Observation.CommandSkipped(BANK_A, entry.commandId(), SkipReason.ALREADY_PROCESSED.ordinal(), at));
            } else if (entry.equals(overflowing)) {
                expected.add(new Observation.CommandFailed(BANK_A, entry.commandId(), Bytes.fromHex(PANIC_OVERFLOW), at));
            } else {
                expected.add(new Observation.CommandExecuted(BANK_A, entry.commandId(), entry.recipient(), entry.amount(), at));
            }
        }
        assertThat(executorLogsOf(reads)).containsExactlyElementsOf(expected);
        assertThat(expected).extracting(log -> log.position().blockNumber())
                .containsExactly(single.blockNumber(), batchTransaction.blockNumber(), batchTransaction.blockNumber(),
                        batchTransaction.blockNumber(), batchTransaction.blockNumber());
        assertThat(expected.subList(1, 5)).extracting(log -> log.position().transactionHash()).containsOnly(batchTransaction.transactionHash());
        assertThat(reads).allSatisfy(read -> {
            assertThat(read.transfers()).isEmpty();
            assertThat(read.quarantined()).isEmpty();
        });
    }

    @Test
    void cutsARevertLongerThanTheBoundToItsFirstBytes() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        byte[] revert = new byte[2_000];
        for (int i = 0; i < revert.length; i++) {
            revert[i] = (byte) (1 + i % 251);
        }
        Address token = CONNECTED.bank().contracts().token();
        String tokenCode = CONNECTED.bank().web3j().ethGetCode(token.value(), DefaultBlockParameterName.LATEST).send().getCode();
        // for one batch the token runs `CODECOPY(0, 14, 2000); REVERT(0, 2000)`: it reverts with the 2,000 bytes after the prefix
        String reverter = "0x" + "6107d0" + "600e" + "6000" + "39" + "6107d0" + "6000" + "fd" + HexFormat.of().formatHex(revert);
        MintCommand refused = CONNECTED.bank().mintCommand("long-revert", 3);
        MintBatch batch = MintBatch.of(List.of(refused));
        BatchOutcome outcome;
        CONNECTED.bank().rpc("anvil_setCode", token.value(), reverter);
        try {
            outcome = await(CONNECTED.chain().executeBatch(batch, batchSignatures(batch, AnvilBank.VALIDATORS)));
        } finally {
            CONNECTED.bank().rpc("anvil_setCode", token.value(), tokenCode);
        }
        assertThat(outcome.entries().get(refused.commandId())).isInstanceOf(ExecutionOutcome.Reverted.class);

        List<Observation.ExecutorLog> delivered = executorLogsOf(readToHead(CONNECTED.chain(), start, 100));

        assertThat(delivered).singleElement().isInstanceOfSatisfying(Observation.CommandFailed.class, failed -> {
            assertThat(failed.commandId()).isEqualTo(refused.commandId());
            assertThat(failed.revertData()).isEqualTo(Bytes.of(java.util.Arrays.copyOf(revert, Observation.CommandFailed.MAX_REVERT_DATA_BYTES)));
        });
    }

    @Test
    void aHandOverAndBackOfTheValidatorSetAreDeliveredWithTheirNoncesAndValidators() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        long nonce = await(CONNECTED.chain().validatorSet()).nonce() + 1;
        var handOver = (ExecutionOutcome.Executed) await(CONNECTED.chain().updateValidators(nonce, NEXT.addresses(),
                signedBy(AnvilBank.VALIDATORS, nonce, NEXT.addresses())));
        var handBack = (ExecutionOutcome.Executed) await(CONNECTED.chain().updateValidators(nonce + 1, AnvilBank.VALIDATORS.addresses(),
                signedBy(NEXT, nonce + 1, AnvilBank.VALIDATORS.addresses())));

        List<Observation.ExecutorLog> delivered = executorLogsOf(readToHead(CONNECTED.chain(), start, 100));

        assertThat(delivered).containsExactly(
                new Observation.ExecutorSetUpdated(BANK_A, nonce, NEXT.addresses(), position(executorLogsOf(receipt(handOver.transactionHash())).getFirst())),
                new Observation.ExecutorSetUpdated(BANK_A, nonce + 1, AnvilBank.VALIDATORS.addresses(),
                        position(executorLogsOf(receipt(handBack.transactionHash())).getFirst())));
    }

    @Test
    void transfersAndExecutorLogsInterleavedAcrossSmallPagesAreDeliveredOnceEachWithoutGaps() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        produceEveryKindOfLog("interleaved");
        CONNECTED.bank().mineEmptyBlocks(5);
        produceEveryKindOfLog("interleaved-again");
        int maxEvents = 3;

        List<ChainEvents> reads;
        // at most 2 logs or 8 blocks a page, 3 pages a read: most reads stop at the page budget, many pages hold a single block
        try (ChainPort narrow = connect(CONNECTED.bank().settings().logPaging(new LogPaging(2, 8, 2, 3)).build())) {
            reads = readToHead(narrow, start, maxEvents);
        }

        List<Log> onChain = logsOfBothContracts(start.blockNumber() + 1, reads.getLast().next().blockNumber());
        assertThat(onChain).extracting(log -> Address.of(log.getAddress())).contains(CONNECTED.bank().contracts().gateway(),
                CONNECTED.bank().contracts().executor());
        List<String> delivered = reads.stream().flatMap(read -> positionsOf(read).stream()).toList();
        assertThat(delivered).as("every log of both contracts once, in chain order")
                .containsExactlyElementsOf(onChain.stream().map(log -> Bytes32.of(log.getTransactionHash()).value() + "#" + log.getLogIndex()).toList());
        Checkpoint previous = start;
        for (ChainEvents read : reads) {
            long from = previous.blockNumber();
            List<Long> blocks = blocksOf(read);
            assertThat(blocks).as("a read delivers the blocks after its checkpoint up to its next one")
                    .allSatisfy(block -> assertThat(block).isGreaterThan(from).isLessThanOrEqualTo(read.next().blockNumber()));
            if (blocks.stream().distinct().count() > 1) {
                assertThat(blocks).as("more than maxEvents only when one block holds them").hasSizeLessThanOrEqualTo(maxEvents);
            }
            assertThat(read.next().blockHash()).isEqualTo(CONNECTED.bank().blockHash(read.next().blockNumber()));
            assertThat(read.quarantined()).isEmpty();
            previous = read.next();
        }
        assertThat(reads).as("paged and read in many steps").hasSizeGreaterThan(5);
        assertThat(reads.getLast().next().blockNumber()).isEqualTo(CONNECTED.bank().headBlock());
    }

    @Test
    void twoIndependentAdaptersReadObservationsWithEqualDigests() throws Exception {
        Checkpoint genesis = await(CONNECTED.chain().genesisCheckpoint());
        produceEveryKindOfLog("two-readers");

        List<Observation> first;
        List<Observation> second;
        try (ChainPort one = connect(CONNECTED.bank().settings().build());
                ChainPort other = connect(CONNECTED.bank().settings().logPaging(new LogPaging(1, 4, 3, 2)).build())) {
            first = observationsOf(readToHead(one, genesis, 1_000));
            second = observationsOf(readToHead(other, genesis, 2));
        }

        assertThat(first).extracting(Observation::getClass).contains(Observation.TransferInitiated.class, Observation.CommandExecuted.class,
                Observation.CommandSkipped.class, Observation.CommandFailed.class, Observation.ExecutorSetUpdated.class);
        assertThat(second).extracting(Observation::digest).containsExactlyElementsOf(first.stream().map(Observation::digest).toList());
        assertThat(second).extracting(Observation::key).containsExactlyElementsOf(first.stream().map(Observation::key).toList());
        assertThat(first).extracting(Observation::key).doesNotHaveDuplicates();
    }

    @Test
    void quarantinesAnUndecodableExecutorLogAndKeepsWatching() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        Address executor = CONNECTED.bank().contracts().executor();
        String executorCode = CONNECTED.bank().web3j().ethGetCode(executor.value(), DefaultBlockParameterName.LATEST).send().getCode();
        // for one transaction the Executor's address runs `LOG1(offset 0, size 5, topic CommandExecuted)`: right topic, wrong shape
        CONNECTED.bank().rpc("anvil_setCode", executor.value(), emitterOf(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC));
        long malformedBlock;
        try {
            malformedBlock = CONNECTED.bank().transact(AnvilBank.PAYER, executor, "0x");
        } finally {
            CONNECTED.bank().rpc("anvil_setCode", executor.value(), executorCode);
        }
        MintCommand after = CONNECTED.bank().mintCommand("after-the-malformed-log", 4);
        assertThat(await(CONNECTED.chain().execute(after, signatures(after)))).isInstanceOf(ExecutionOutcome.Executed.class);

        List<ChainEvents> reads = readToHead(CONNECTED.chain(), start, 100);

        assertThat(reads.stream().flatMap(read -> read.quarantined().stream())).singleElement().satisfies(log -> {
            assertThat(log.sourceBank()).isEqualTo(BANK_A);
            assertThat(log.blockNumber()).isEqualTo(malformedBlock);
            assertThat(log.reason()).contains("CommandExecuted must have 3 topics");
            assertThat(log.rawData()).contains(ExecutorLogDecoder.COMMAND_EXECUTED_TOPIC);
        });
        assertThat(executorLogsOf(reads)).singleElement().isInstanceOfSatisfying(Observation.CommandExecuted.class,
                executed -> assertThat(executed.commandId()).isEqualTo(after.commandId()));
    }

    @Test
    void executorEventsOfAnyOtherContractAreNeverDelivered() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        Address impostor = Address.of("0x00000000000000000000000000000000000b0b05");
        CONNECTED.bank().rpc("anvil_setCode", impostor.value(), emitterOf(ExecutorLogDecoder.COMMAND_SKIPPED_TOPIC));
        long impostorBlock = CONNECTED.bank().transact(AnvilBank.PAYER, impostor, "0x");
        assertThat(logsOf(impostor, impostorBlock, impostorBlock)).as("the impostor did log").hasSize(1);

        List<ChainEvents> reads = readToHead(CONNECTED.chain(), start, 100);

        assertThat(reads).allSatisfy(read -> {
            assertThat(read.executorLogs()).isEmpty();
            assertThat(read.quarantined()).isEmpty();
        });
        assertThat(reads.getLast().next().blockNumber()).isGreaterThanOrEqualTo(impostorBlock);
    }

    // --- making logs -------------------------------------------------------------------------------------------------

    /**
     * One of each: a transfer, a single command, a batch with an executed, a skipped and a failed entry,
     * a validator-set hand-over and back, and a transfer mined in the same block as a command.
     */
    private static void produceEveryKindOfLog(String label) throws Exception {
        AnvilBank bank = CONNECTED.bank();
        ChainPort chain = CONNECTED.chain();
        bank.initiateTransfers(2, BANK_B, 10, 1);
        MintCommand single = bank.mintCommand(label + "-single", 11);
        assertThat(await(chain.execute(single, signatures(single)))).isInstanceOf(ExecutionOutcome.Executed.class);
        MintBatch batch = MintBatch.of(List.of(single, bank.mintCommand(label + "-batched", 12),
                withAmount(bank.mintCommand(label + "-overflowing", 1), new Amount(Amount.MAX_UINT256))));
        assertThat(await(chain.executeBatch(batch, batchSignatures(batch, AnvilBank.VALIDATORS))).transaction())
                .isInstanceOf(ExecutionOutcome.Executed.class);
        bank.initiateTransfers(3, BANK_B, 13, 3);
        long nonce = await(chain.validatorSet()).nonce() + 1;
        assertThat(await(chain.updateValidators(nonce, NEXT.addresses(), signedBy(AnvilBank.VALIDATORS, nonce, NEXT.addresses()))))
                .isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(await(chain.updateValidators(nonce + 1, AnvilBank.VALIDATORS.addresses(),
                signedBy(NEXT, nonce + 1, AnvilBank.VALIDATORS.addresses())))).isInstanceOf(ExecutionOutcome.Executed.class);
        // a command and transfers in one block: automine off, the relayer's transaction waits in the pool, the transfers mine it
        MintCommand together = bank.mintCommand(label + "-beside-transfers", 14);
        bank.rpc("evm_setAutomine", false);
        CompletableFuture<ExecutionOutcome> pending;
        try {
            pending = chain.execute(together, signatures(together)).toCompletableFuture();
            awaitRelayerTransactionInThePool();
        } finally {
            bank.initiateTransfers(2, BANK_B, 15, 2); // mines one block, then turns automine back on
        }
        var executed = (ExecutionOutcome.Executed) await(pending);
        assertThat(executed.blockNumber()).as("the command shares its block with the transfers").isEqualTo(bank.headBlock());
    }

    /** Bounded poll of anvil's pool (no event to wait for): until the relayer has a transaction the node has not mined. */
    private static void awaitRelayerTransactionInThePool() throws Exception {
        String relayer = CONNECTED.bank().account(AnvilBank.RELAYER).value();
        for (int attempt = 0; attempt < 2_000; attempt++) {
            BigInteger pending = CONNECTED.bank().web3j().ethGetTransactionCount(relayer, DefaultBlockParameterName.PENDING).send().getTransactionCount();
            BigInteger mined = CONNECTED.bank().web3j().ethGetTransactionCount(relayer, DefaultBlockParameterName.LATEST).send().getTransactionCount();
            if (pending.compareTo(mined) > 0) {
                return;
            }
        }
        throw new AssertionError("the relayer never had a transaction in the pool");
    }

    /** Runtime code that emits {@code LOG1(memory[0..5), topic)} and stops: a log with the right first topic and the wrong shape. */
    private static String emitterOf(String topic) {
        return "0x7f" + topic.substring(2) + "6005" + "6000" + "a1" + "00";
    }

    private static MintCommand withAmount(MintCommand command, Amount amount) {
        return new MintCommand(command.commandId(), command.sourceBank(), command.destinationBank(), command.recipient(), amount,
                command.destinationChainId(), command.destinationExecutor());
    }

    private static List<Signature> batchSignatures(MintBatch batch, TestValidators validators) {
        return validators.signThreshold(ProtocolDigests.batchDigest(batch)).stream().map(Signature::fromBytes).toList();
    }

    private static List<Signature> signedBy(TestValidators signers, long nonce, List<Address> newValidators) {
        Bytes32 digest = ProtocolDigests.validatorSetDigest(CONNECTED.bank().chainId(), CONNECTED.bank().contracts().executor(), nonce, newValidators);
        return signers.signThreshold(digest).stream().map(Signature::fromBytes).toList();
    }

    // --- what the chain says, asked directly --------------------------------------------------------------------------

    private static TransactionReceipt receipt(Bytes32 transactionHash) throws Exception {
        return CONNECTED.bank().web3j().ethGetTransactionReceipt(transactionHash.value()).send().getTransactionReceipt().orElseThrow();
    }

    private static List<Log> executorLogsOf(TransactionReceipt receipt) {
        return receipt.getLogs().stream()
                .filter(log -> CONNECTED.bank().contracts().executor().value().equalsIgnoreCase(log.getAddress())).toList();
    }

    private static Observation.LogPosition position(Log log) {
        return new Observation.LogPosition(Bytes32.of(log.getTransactionHash()), log.getBlockNumber().longValueExact(),
                log.getLogIndex().intValueExact());
    }

    /** Every log of the Gateway and the Executor in {@code [from, to]}, whatever its topics, in the node's order. */
    private static List<Log> logsOfBothContracts(long from, long to) throws Exception {
        return logs(new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                List.of(CONNECTED.bank().contracts().gateway().value(), CONNECTED.bank().contracts().executor().value())));
    }

    private static List<Log> logsOf(Address contract, long from, long to) throws Exception {
        return logs(new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                contract.value()));
    }

    private static List<Log> logs(EthFilter filter) throws Exception {
        EthLog response = CONNECTED.bank().web3j().ethGetLogs(filter).send();
        assertThat(response.hasError()).isFalse();
        return response.getLogs().stream().map(result -> (Log) result.get()).toList();
    }

    // --- what the adapter delivered -----------------------------------------------------------------------------------

    private static List<Observation.ExecutorLog> executorLogsOf(List<ChainEvents> reads) {
        return reads.stream().flatMap(read -> read.executorLogs().stream()).toList();
    }

    /** A read's transfers and Executor logs merged into chain order. */
    private static List<Observation> observationsOf(List<ChainEvents> reads) {
        return reads.stream().flatMap(read -> Stream.concat(
                        read.transfers().stream().map(transfer -> new Positioned(transfer.blockNumber(), transfer.logIndex(),
                                new Observation.TransferInitiated(transfer))),
                        read.executorLogs().stream().map(log -> new Positioned(log.position().blockNumber(), log.position().logIndex(), log)))
                .sorted(Comparator.comparingLong(Positioned::block).thenComparingInt(Positioned::logIndex)))
                .map(Positioned::observation).toList();
    }

    private record Positioned(long block, int logIndex, Observation observation) {}

    /** "transactionHash#logIndex" of every log a read delivered, in chain order. */
    private static List<String> positionsOf(ChainEvents read) {
        return observationsOf(List.of(read)).stream().map(observation -> switch (observation) {
            case Observation.TransferInitiated(ObservedTransfer transfer) -> transfer.transactionHash().value() + "#" + transfer.logIndex();
            case Observation.ExecutorLog log -> log.position().transactionHash().value() + "#" + log.position().logIndex();
        }).toList();
    }

    private static List<Long> blocksOf(ChainEvents read) {
        return Stream.concat(read.transfers().stream().map(ObservedTransfer::blockNumber),
                read.executorLogs().stream().map(log -> log.position().blockNumber())).toList();
    }

}
