package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.BANK_B;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.readToHead;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Catching up a Gateway with 10,000 transfers: 40 per block, stretches of empty blocks between, read
 * in pages a node limits. Prints the read rate.
 */
class CatchUpIT {
    private static final int TRANSFERS = 10_000;
    private static final int PER_BLOCK = 40;
    private static final int ROUNDS = 10;
    private static final int EMPTY_BLOCKS_BETWEEN_ROUNDS = 300;
    private static final int MAX_EVENTS_PER_READ = 1_000;

    private static AnvilBank bank;
    private static Checkpoint genesis;

    @BeforeAll
    static void generateTransfers() throws Exception {
        bank = AnvilBank.start(AnvilNode.builder().chainId(1301));
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            bank.initiateTransfers(TRANSFERS / ROUNDS, BANK_B, 1 + round, PER_BLOCK);
            bank.mineEmptyBlocks(EMPTY_BLOCKS_BETWEEN_ROUNDS);
        }
        System.out.printf("[figure] generated %d transfers in %d blocks in %.1f s%n",
                TRANSFERS, bank.headBlock(), (System.nanoTime() - started) / 1e9);
        try (ChainPort chain = connect(bank.settings().build())) {
            genesis = await(chain.genesisCheckpoint());
        }
    }

    @AfterAll
    static void stop() {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void catchesUpTenThousandTransfersWithASmallForcedPageLimit() throws Exception {
        try (ChainPort chain = connect(bank.settings().logPaging(new LogPaging(1_000, 5_000, 100, 200)).build())) {
            long started = System.nanoTime();
            List<ChainEvents> reads = readToHead(chain, genesis, MAX_EVENTS_PER_READ);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertComplete(reads);
            System.out.printf("[figure] catch-up, forced limit of 100 logs per page: %d transfers in %.2f s = %.0f events/s (%d reads)%n",
                    TRANSFERS, seconds, TRANSFERS / seconds, reads.size());
        }
    }

    @Test
    void catchesUpTenThousandTransfersWithDefaultPaging() throws Exception {
        try (ChainPort chain = connect(bank.settings().build())) {
            long started = System.nanoTime();
            List<ChainEvents> reads = readToHead(chain, genesis, MAX_EVENTS_PER_READ);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertComplete(reads);
            System.out.printf("[figure] catch-up, default paging: %d transfers in %.2f s = %.0f events/s (%d reads)%n",
                    TRANSFERS, seconds, TRANSFERS / seconds, reads.size());
        }
    }

    @Test
    void catchesUpThroughANodeThatRefusesWideRangesAndLargeResults() throws Exception {
        try (RpcProxy strictNode = new RpcProxy(bank.node().rpcUrl()).maxBlockRange(64).maxResults(150);
                ChainPort chain = connect(bank.settings().rpcUrl(strictNode.url()).build())) {
            long started = System.nanoTime();
            List<ChainEvents> reads = readToHead(chain, genesis, MAX_EVENTS_PER_READ);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertComplete(reads);
            assertThat(strictNode.refusedLogQueries()).as("the node refused pages, the adapter shrank them").isPositive();
            System.out.printf("[figure] catch-up through a node refusing > 64 blocks (Besu wording) or > 150 logs (geth wording): "
                    + "%d transfers in %.2f s = %.0f events/s (%d pages refused)%n",
                    TRANSFERS, seconds, TRANSFERS / seconds, strictNode.refusedLogQueries());
        }
    }

    private static void assertComplete(List<ChainEvents> reads) throws Exception {
        List<ObservedTransfer> transfers = reads.stream().flatMap(read -> read.transfers().stream()).toList();
        assertThat(transfers).hasSize(TRANSFERS);
        assertThat(transfers).extracting(ObservedTransfer::nonce).isEqualTo(WatchingIT.sequence(1, TRANSFERS));
        assertThat(reads).allSatisfy(read -> assertThat(read.quarantined()).isEmpty());
        assertThat(reads).allSatisfy(read -> assertThat(read.transfers().size()).isLessThanOrEqualTo(MAX_EVENTS_PER_READ));
        assertThat(reads.getLast().next().blockNumber()).isEqualTo(bank.headBlock());
    }
}
