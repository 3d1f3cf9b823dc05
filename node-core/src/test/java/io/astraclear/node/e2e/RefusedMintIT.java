package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.protocol.Keccak256;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.TransferStatus;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A destination token that refuses every mint, on a real chain: BANK_B's owner points its token's
 * executor away from the Executor, so every entry of every batch ends {@code CommandFailed} (the
 * Executor leaves it unprocessed). The hub batches each such mint again, {@code retry_max} times
 * (dev configuration: 5), then reports it STUCK with the token's reason; nothing is minted. With the
 * executor pointed back, a new transfer goes through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedMintIT {
    private static final BankId BANK_A = DevNodeHarness.bankId(0);
    private static final BankId BANK_B = DevNodeHarness.bankId(1);
    private static final int RETRY_MAX = 5;

    private DevNodeHarness harness;

    @BeforeAll
    void start() throws Exception {
        harness = DevNodeHarness.start(2, "memory", Files.createTempDirectory("astra-refused-mint"));
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void everyRefusedMintIsBatchedAgainRetryMaxTimesThenStuckWithTheReasonAndNothingIsMinted() throws Exception {
        assertThat(harness.node.hub().genesis().parameters().retryMax()).as("the dev configuration's retry_max").isEqualTo(RETRY_MAX);
        BankChain destination = harness.chain(BANK_B);
        Address bob = harness.demoAccount(1);
        BigInteger supplyAtB = destination.totalSupply();
        BigInteger bobAtB = destination.balanceOf(bob);
        destination.setTokenExecutor(harness.demoAccount(0));
        List<TransferId> refused = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                refused.add(harness.send(BANK_A, BANK_B, 7 + i));
            }
            String notExecutor = "0x" + HexFormat.of().formatHex(Keccak256.hash("NotExecutor(address)".getBytes(StandardCharsets.US_ASCII)), 0, 4);
            for (TransferId id : refused) {
                HubTransfer transfer = harness.awaitFinal(id);
                assertThat(transfer.status()).as("transfer %s: %s", id, transfer.history()).isEqualTo(TransferStatus.STUCK);
                assertThat(transfer.history().stream().map(change -> change.status()).toList())
                        .containsExactly(TransferStatus.OBSERVED, TransferStatus.CONFIRMED, TransferStatus.STUCK);
                assertThat(transfer.history().getLast().reason()).contains("refused the mint " + (RETRY_MAX + 1) + " times").contains(notExecutor);
                assertThat(transfer.failedMints()).as("CommandFailed logs applied: the first attempt and %d retries", RETRY_MAX).hasSize(RETRY_MAX + 1);
                assertThat(transfer.mint()).isEmpty();
                assertThat(transfer.batch()).as("not in a live batch any more").isEmpty();

                List<HubEvent> failures = harness.liveEvents().stream()
                        .filter(event -> event.type() == HubEventType.TRANSFER_MINT_FAILED && event.data().get("transferId").equals(id.toString()))
                        .toList();
                assertThat(failures).hasSize(RETRY_MAX + 1);
                assertThat(failures.stream().map(event -> event.data().get("batch")).distinct()).as("each attempt in a batch of its own").hasSize(RETRY_MAX + 1);
                // read after this transfer is STUCK: the hub applied its last CommandFailed log, so the chain holds it
                Map<CommandId, List<BankChain.ExecutorLog>> failedOnChain = destination.executorLogs().stream()
                        .collect(Collectors.groupingBy(BankChain.ExecutorLog::commandId));
                CommandId command = transfer.confirmation().orElseThrow().command().commandId();
                assertThat(failedOnChain.get(command)).as("the Executor's logs of %s", command)
                        .hasSize(RETRY_MAX + 1)
                        .allSatisfy(log -> assertThat(log.kind()).isEqualTo(BankChain.LogKind.FAILED));
            }
            assertThat(destination.totalSupply()).as("nothing minted on BANK_B").isEqualTo(supplyAtB);
            assertThat(destination.balanceOf(bob)).isEqualTo(bobAtB);
        } finally {
            destination.setTokenExecutor(harness.contracts(1).executor());
        }

        TransferId after = harness.send(BANK_A, BANK_B, 11);
        HubTransfer minted = harness.awaitFinal(after);
        assertThat(minted.status()).as("a transfer after the executor is back: %s", minted.history()).isEqualTo(TransferStatus.EXECUTED);
        assertThat(minted.mint()).isPresent();
        assertThat(destination.balanceOf(bob)).isEqualTo(bobAtB.add(BigInteger.valueOf(11)));
        for (TransferId id : refused) {
            assertThat(StoreListings.await(harness.store().transfer(id)).orElseThrow().status()).as("a stuck transfer stays stuck").isEqualTo(TransferStatus.STUCK);
        }
    }
}
