package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.Address;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The relayer batches what is pending for one Executor into {@code executeBatch}: on real anvil
 * chains with one node, transfers that become pending together are minted in shared
 * transactions, each recorded as its own attempt and outcome, every recipient paid exactly once;
 * with {@code relayer.batch_size: 1} every transfer has a transaction of its own; an entry the
 * token refused in a batch is relayed again alone, and that outcome is final.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchRelayIT {
    private static final String ZERO_HASH = "0x" + "0".repeat(64);

    DevNodeHarness harness;
    Address bob;

    @BeforeAll
    void start() throws Exception {
        harness = DevNodeHarness.start(2, "memory", Files.createTempDirectory("astra-batch"));
        bob = harness.demoAccount(1);
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void pendingTransfersForOneExecutorAreMintedInSharedTransactionsEachExactlyOnce() throws Exception {
        restartWithBatching(50, Duration.ofSeconds(2));
        BigInteger bobAtB = harness.tokenBalance(1, bob);
        List<String> transfers = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 24; i++) {
            transfers.add(harness.transfer("BANK_A", "BANK_B", 10 + i));
            total += 10 + i;
        }

        Map<String, List<String>> byTransaction = executions(transfers);

        assertThat(harness.tokenBalance(1, bob)).as("every transfer minted exactly once").isEqualTo(bobAtB.add(BigInteger.valueOf(total)));
        assertThat(byTransaction.size()).as("transactions for %d transfers: %s", transfers.size(), byTransaction.keySet())
                .isLessThan(transfers.size() / 2);
        assertThat(byTransaction.values()).anySatisfy(shared -> assertThat(shared).hasSizeGreaterThan(2));
        for (String transfer : transfers) {
            String hash = command(transfer).getJsonObject("execution").getString("transactionHash");
            // the commands in its transaction: these transfers, and any older one the restarted node (memory storage) relayed again
            assertThat(Integer.parseInt(harness.awaitFinal(transfer).data().get("batchSize"))).as("batch size in the executed event of %s", transfer)
                    .isGreaterThanOrEqualTo(byTransaction.get(hash).size());
            JsonArray attempts = command(transfer).getJsonArray("attempts");
            assertThat(attempts).as("attempts of %s", transfer).hasSize(1);
            JsonObject attempt = attempts.getJsonObject(0);
            assertThat(attempt.getString("outcome")).isEqualTo("EXECUTED");
            if (byTransaction.get(hash).size() > 1) {
                assertThat(attempt.getString("detail")).contains("in a batch of");
            }
        }
    }

    @Test
    void theMetricsCountTransfersByTheSizeOfTheBatchThatMintedThem() throws Exception {
        restartWithBatching(50, Duration.ofSeconds(1));
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            transfers.add(harness.transfer("BANK_A", "BANK_B", 1 + i));
        }
        executions(transfers);
        double batchSizes = 0;
        for (String transfer : transfers) {
            batchSizes += Integer.parseInt(harness.awaitFinal(transfer).data().get("batchSize"));
        }

        String metrics = harness.get("/metrics").body();
        assertThat(metric(metrics, "astra_relay_batch_size_count")).as("transfers minted by this relayer since the restart")
                .isEqualTo(transfers.size());
        assertThat(metric(metrics, "astra_relay_batch_size_sum")).as("Σ of the batch sizes in their executed events").isEqualTo(batchSizes);
        assertThat(batchSizes).as("they went in batches").isGreaterThan(transfers.size());
    }

    private static double metric(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in /metrics"));
    }

    /**
     * Last: its transfers end STUCK, and a later restart on memory storage reads the chains again and
     * mints them once the executor is back, which the other tests would count.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anEntryTheTokenRefusedInABatchIsRelayedAgainAloneWhoseOutcomeIsFinal() throws Exception {
        restartWithBatching(50, Duration.ofSeconds(5)); // the three transfers surely share one batch
        BigInteger supplyAtB = harness.totalSupply(1);
        // BANK_B points its token's executor elsewhere: every mint through its Executor reverts in the token
        harness.setTokenExecutor(1, harness.demoAccount(0));
        try {
            List<String> transfers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                transfers.add(harness.transfer("BANK_A", "BANK_B", 7 + i));
            }
            for (String transfer : transfers) {
                assertThat(harness.awaitFinal(transfer).type()).as("transfer %s", transfer).isEqualTo(NodeEvent.TRANSFER_STUCK);
                JsonArray attempts = command(transfer).getJsonArray("attempts");
                assertThat(attempts).as("attempts of %s", transfer).hasSize(2);
                // the batch's transaction succeeded; the Executor reported the entry as failed and left it unprocessed
                assertThat(attempts.getJsonObject(0).getString("outcome")).isEqualTo("REVERTED");
                assertThat(attempts.getJsonObject(0).getString("detail")).startsWith("CommandFailed(NotExecutor(").contains("in a batch of");
                // alone, with its votes: the token's own reason, final
                assertThat(attempts.getJsonObject(1).getString("outcome")).isEqualTo("REVERTED");
                assertThat(attempts.getJsonObject(1).getString("detail")).startsWith("NotExecutor(").doesNotContain("in a batch");
                assertThat(command(transfer).getString("failureReason")).contains("NotExecutor(");
            }
            assertThat(harness.totalSupply(1)).as("nothing minted on BANK_B").isEqualTo(supplyAtB);
        } finally {
            harness.setTokenExecutor(1, harness.contracts(1).executor());
        }
    }

    @Test
    void withBatchSizeOneEveryTransferHasATransactionOfItsOwn() throws Exception {
        restartWithBatching(1, Duration.ZERO);
        BigInteger bobAtA = harness.tokenBalance(0, bob);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            transfers.add(harness.transfer("BANK_B", "BANK_A", 5 + i));
        }

        Map<String, List<String>> byTransaction = executions(transfers);

        assertThat(byTransaction).hasSize(transfers.size());
        assertThat(harness.tokenBalance(0, bob)).isEqualTo(bobAtA.add(BigInteger.valueOf(5 + 6 + 7 + 8 + 9 + 10)));
    }

    private void restartWithBatching(int size, Duration wait) throws Exception {
        harness.stopNode();
        harness.startNode(config -> config.withRelayer(config.relayer().withBatching(size, wait)));
        harness.awaitCaughtUp();
    }

    /** Waits until every transfer is EXECUTED; the transfers by the transaction that minted them. */
    private Map<String, List<String>> executions(List<String> transfers) throws Exception {
        Map<String, List<String>> byTransaction = new HashMap<>();
        for (String transfer : transfers) {
            assertThat(harness.awaitFinal(transfer).type()).as("transfer %s", transfer).isEqualTo(NodeEvent.TRANSFER_EXECUTED);
            String hash = command(transfer).getJsonObject("execution").getString("transactionHash");
            assertThat(hash).isNotEqualTo(ZERO_HASH);
            byTransaction.computeIfAbsent(hash, h -> new ArrayList<>()).add(transfer);
        }
        return byTransaction;
    }

    private JsonObject command(String transfer) throws Exception {
        return harness.get("/api/v1/transfers/" + transfer).json().getJsonObject("command");
    }
}
