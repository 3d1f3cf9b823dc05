package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.BANK_A;
import static io.astraclear.adapters.besu.AnvilBank.BANK_B;
import static io.astraclear.adapters.besu.AnvilBank.BANK_C;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.readToHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** Following BANK_A's Gateway on a fresh anvil: order, checkpoints, block boundaries, quarantine, finality, reorganisations. */
class WatchingIT {
    @RegisterExtension
    static final ConnectedBank CONNECTED = new ConnectedBank(AnvilNode.builder().chainId(1101));

    @Test
    void genesisCheckpointIsTheBlockBeforeTheGatewaysDeployment() throws Exception {
        Checkpoint genesis = await(CONNECTED.chain().genesisCheckpoint());

        assertThat(genesis.bank()).isEqualTo(BANK_A);
        assertThat(genesis.blockNumber()).isEqualTo(CONNECTED.bank().deploymentBlock() - 1);
        assertThat(genesis.blockHash()).isEqualTo(CONNECTED.bank().blockHash(CONNECTED.bank().deploymentBlock() - 1));
    }

    @Test
    void deliversEveryTransferFromGenesisInChainOrderWithItsBlockAndTransaction() throws Exception {
        CONNECTED.bank().initiateTransfers(3, BANK_B, 100, 1);
        CONNECTED.bank().initiateTransfers(4, BANK_B, 200, 4);

        List<ObservedTransfer> transfers = transfersOf(readToHead(CONNECTED.chain(), await(CONNECTED.chain().genesisCheckpoint()), 1_000));

        assertThat(transfers).extracting(ObservedTransfer::nonce)
                .as("every Gateway nonce once, in order").isEqualTo(sequence(1, transfers.size()));
        assertThat(transfers.size()).isGreaterThanOrEqualTo(7);
        for (ObservedTransfer transfer : transfers) {
            assertThat(transfer.transferId()).isEqualTo(ProtocolDigests.transferId(CONNECTED.bank().chainId(), CONNECTED.bank().contracts().gateway(), transfer.nonce()));
            assertThat(transfer.sourceBank()).isEqualTo(BANK_A);
            assertThat(transfer.sourceChainId()).isEqualTo(CONNECTED.bank().chainId());
            assertThat(transfer.sourceGateway()).isEqualTo(CONNECTED.bank().contracts().gateway());
            assertThat(transfer.sender()).isEqualTo(CONNECTED.bank().account(AnvilBank.PAYER));
            assertThat(transfer.recipient()).isEqualTo(CONNECTED.bank().account(AnvilBank.RECIPIENT));
            assertThat(transfer.blockHash()).isEqualTo(CONNECTED.bank().blockHash(transfer.blockNumber()));
            var receipt = CONNECTED.bank().web3j().ethGetTransactionReceipt(transfer.transactionHash().value()).send().getTransactionReceipt().orElseThrow();
            assertThat(receipt.getBlockNumber().longValueExact()).isEqualTo(transfer.blockNumber());
            assertThat(receipt.getLogs()).anySatisfy(log -> assertThat(log.getLogIndex().intValueExact()).isEqualTo(transfer.logIndex()));
        }
        List<ObservedTransfer> lastSeven = transfers.subList(transfers.size() - 7, transfers.size());
        assertThat(lastSeven).extracting(t -> t.amount().value().longValueExact()).containsExactly(100L, 100L, 100L, 200L, 200L, 200L, 200L);
        assertThat(lastSeven.subList(3, 7)).extracting(ObservedTransfer::blockNumber).containsOnly(lastSeven.get(3).blockNumber());
        assertThat(lastSeven.subList(3, 7)).extracting(ObservedTransfer::logIndex).isSorted();
        assertThat(lastSeven).extracting(ObservedTransfer::destinationBank).containsOnly(BANK_B);
    }

    @Test
    void resumesFromACheckpointAndNeverDeliversAnEventTwice() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        CONNECTED.bank().initiateTransfers(5, BANK_B, 7, 1);

        List<ChainEvents> reads = readToHead(CONNECTED.chain(), start, 2);

        List<ObservedTransfer> transfers = transfersOf(reads);
        assertThat(transfers).hasSize(5);
        assertThat(transfers).extracting(ObservedTransfer::transferId).doesNotHaveDuplicates();
        assertThat(reads).allSatisfy(read -> assertThat(read.transfers().size()).isLessThanOrEqualTo(2));
        assertThat(reads.getLast().next().blockNumber()).isEqualTo(CONNECTED.bank().headBlock());
        ChainEvents again = await(CONNECTED.chain().readEvents(reads.getLast().next(), 10));
        assertThat(again.transfers()).isEmpty();
        assertThat(again.next()).isEqualTo(reads.getLast().next());
    }

    @Test
    void neverSplitsABlockBetweenTwoReads() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        List<Long> blocks = new ArrayList<>(CONNECTED.bank().initiateTransfers(3, BANK_B, 5, 3));
        blocks.addAll(CONNECTED.bank().initiateTransfers(6, BANK_B, 5, 6));

        ChainEvents first = await(CONNECTED.chain().readEvents(start, 4));
        ChainEvents second = await(CONNECTED.chain().readEvents(first.next(), 4));

        assertThat(first.transfers()).as("the first block only: 3 + 6 would exceed 4").hasSize(3);
        assertThat(first.next().blockNumber()).isEqualTo(blocks.getFirst());
        assertThat(second.transfers()).as("a block of 6 is delivered whole though 4 were asked for").hasSize(6);
        assertThat(second.next().blockNumber()).isEqualTo(blocks.getLast());
    }

    @Test
    void aRestartedAdapterResumesFromTheCheckpointOfTheFirstWithoutLossOrDuplicates() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        CONNECTED.bank().initiateTransfers(8, BANK_B, 11, 2);
        List<ObservedTransfer> delivered = new ArrayList<>();
        Checkpoint stored;
        try (ChainPort first = connect(CONNECTED.bank().settings().build())) {
            ChainEvents read = await(first.readEvents(start, 3));
            delivered.addAll(read.transfers());
            stored = read.next();
        }
        CONNECTED.bank().initiateTransfers(2, BANK_B, 11, 1);

        try (ChainPort second = connect(CONNECTED.bank().settings().build())) {
            delivered.addAll(transfersOf(readToHead(second, stored, 3)));
        }

        assertThat(delivered).hasSize(10);
        assertThat(delivered).extracting(ObservedTransfer::nonce).isSorted().doesNotHaveDuplicates();
        BigInteger firstNonce = delivered.getFirst().nonce();
        assertThat(delivered).extracting(ObservedTransfer::nonce).isEqualTo(sequence(firstNonce.longValueExact(), 10));
    }

    @Test
    void quarantinesATransferToABankTheNodeDoesNotKnowAndKeepsWatching() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        CONNECTED.bank().initiateTransfers(1, BANK_B, 1, 1);
        CONNECTED.bank().initiateTransfers(1, BANK_C, 2, 1);
        CONNECTED.bank().initiateTransfers(1, BANK_B, 3, 1);

        List<ChainEvents> reads = readToHead(CONNECTED.chain(), start, 100);

        assertThat(transfersOf(reads)).extracting(t -> t.amount().value().longValueExact()).containsExactly(1L, 3L);
        List<QuarantinedLog> quarantined = reads.stream().flatMap(read -> read.quarantined().stream()).toList();
        assertThat(quarantined).singleElement().satisfies(log -> {
            assertThat(log.sourceBank()).isEqualTo(BANK_A);
            assertThat(log.reason()).contains("unknown destination bank BANK_C");
            assertThat(log.rawData()).contains(EventEncoder.encode(TransferLogDecoder.TRANSFER_INITIATED));
        });
    }

    @Test
    void quarantinesAnUndecodableGatewayLogAndKeepsWatching() throws Exception {
        Checkpoint start = CONNECTED.bank().checkpointAtHead();
        CONNECTED.bank().initiateTransfers(1, BANK_B, 21, 1);
        String gatewayCode = CONNECTED.bank().web3j().ethGetCode(CONNECTED.bank().contracts().gateway().value(), DefaultBlockParameterName.LATEST).send().getCode();
        // for one transaction the Gateway's address runs `LOG1(offset 0, size 5, topic TransferInitiated)`: right topic, wrong shape
        String emitter = "0x7f" + TransferLogDecoder.TRANSFER_INITIATED_TOPIC.substring(2) + "6005" + "6000" + "a1" + "00";
        CONNECTED.bank().rpc("anvil_setCode", CONNECTED.bank().contracts().gateway().value(), emitter);
        long malformedBlock;
        try {
            malformedBlock = CONNECTED.bank().transact(AnvilBank.PAYER, CONNECTED.bank().contracts().gateway(), "0x");
        } finally {
            CONNECTED.bank().rpc("anvil_setCode", CONNECTED.bank().contracts().gateway().value(), gatewayCode);
        }
        CONNECTED.bank().initiateTransfers(1, BANK_B, 22, 1);

        List<ChainEvents> reads = readToHead(CONNECTED.chain(), start, 100);

        assertThat(transfersOf(reads)).extracting(t -> t.amount().value().longValueExact()).containsExactly(21L, 22L);
        assertThat(reads.stream().flatMap(read -> read.quarantined().stream())).singleElement().satisfies(log -> {
            assertThat(log.blockNumber()).isEqualTo(malformedBlock);
            assertThat(log.reason()).contains("not a TransferInitiated log");
        });
    }

    @Test
    void withholdsTransfersUntilTheyAreFinalityDepthDeep() throws Exception {
        try (ChainPort deep = connect(CONNECTED.bank().settings().finalityDepth(3).build())) {
            Checkpoint start = CONNECTED.bank().checkpointAtHead();
            long block = CONNECTED.bank().initiateTransfers(1, BANK_B, 31, 1).getFirst();
            CONNECTED.bank().mineEmptyBlocks(2);

            ChainEvents tooShallow = await(deep.readEvents(start, 10));
            assertThat(tooShallow.transfers()).isEmpty();
            assertThat(tooShallow.next().blockNumber()).isEqualTo(block - 1);

            CONNECTED.bank().mineEmptyBlocks(1);
            ChainEvents deepEnough = await(deep.readEvents(tooShallow.next(), 10));
            assertThat(deepEnough.transfers()).singleElement().satisfies(t -> assertThat(t.blockNumber()).isEqualTo(block));
            assertThat(deepEnough.next().blockNumber()).isEqualTo(block);
        }
    }

    @Test
    void reportsAReorganisationUnderTheCheckpointAndDeliversNothing() throws Exception {
        try (ChainPort deep = connect(CONNECTED.bank().settings().finalityDepth(1).build())) {
            Checkpoint start = CONNECTED.bank().checkpointAtHead();
            String snapshot = CONNECTED.bank().snapshot();
            CONNECTED.bank().initiateTransfers(1, BANK_B, 41, 1);
            CONNECTED.bank().mineEmptyBlocks(1);
            ChainEvents delivered = await(deep.readEvents(start, 10));
            assertThat(delivered.transfers()).hasSize(1);

            CONNECTED.bank().rpc("evm_revert", snapshot); // the chain forgets both blocks; another history grows in their place
            CONNECTED.bank().initiateTransfers(1, BANK_B, 42, 1);
            CONNECTED.bank().mineEmptyBlocks(2);
            ChainEvents afterReorg = await(deep.readEvents(delivered.next(), 10));

            assertThat(afterReorg.reorg()).hasValueSatisfying(reorg -> {
                assertThat(reorg.stored()).isEqualTo(delivered.next());
                assertThat(reorg.canonicalBlockHash()).isNotEqualTo(delivered.next().blockHash().value());
            });
            assertThat(afterReorg.transfers()).isEmpty();
            assertThat(afterReorg.next()).isEqualTo(delivered.next());
        }
    }

    @Test
    void aNodeBehindTheCheckpointIsNotMistakenForAReorganisation() throws Exception {
        long head = CONNECTED.bank().headBlock();
        Checkpoint ahead = new Checkpoint(BANK_A, head + 1_000, CONNECTED.bank().blockHash(head));

        ChainEvents events = await(CONNECTED.chain().readEvents(ahead, 10));

        assertThat(events.reorg()).isEmpty();
        assertThat(events.transfers()).isEmpty();
        assertThat(events.next()).isEqualTo(ahead);
    }

    @Test
    void refusesAnotherBanksCheckpoint() {
        Checkpoint ofBankB = new Checkpoint(BANK_B, 0, CONNECTED.bank().checkpointAtHeadUnchecked().blockHash());

        assertThatThrownBy(() -> await(CONNECTED.chain().readEvents(ofBankB, 10)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToConnectToAChainWithAnotherChainId() {
        assertThatThrownBy(() -> connect(CONNECTED.bank().settings().expectedChainId(4242).build()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("serves chain id 1101").hasMessageContaining("expect 4242");
    }

    @Test
    void refusesToConnectToAGatewayOfAnotherBank() {
        assertThatThrownBy(() -> connect(CONNECTED.bank().settings().bank(BANK_B).build()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to bank");
    }

    static List<ObservedTransfer> transfersOf(List<ChainEvents> reads) {
        return reads.stream().flatMap(read -> read.transfers().stream()).toList();
    }

    static List<BigInteger> sequence(long first, int count) {
        List<BigInteger> numbers = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            numbers.add(BigInteger.valueOf(first + i));
        }
        return numbers;
    }
}
