package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.BANK_B;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.signatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.MintCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** HTTP 503s and a node that stays away, simulated by a proxy in front of anvil. */
class TransientFaultIT {
    private static AnvilBank bank;
    private static RpcProxy proxy;
    private static ChainPort chain;

    @BeforeAll
    static void start() throws Exception {
        bank = AnvilBank.start(AnvilNode.builder().chainId(1501));
        proxy = new RpcProxy(bank.node().rpcUrl());
        chain = connect(bank.settings().rpcUrl(proxy.url()).retryMax(3).baseBackoff(Duration.ofMillis(50)).build());
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void retriesThroughAFewServiceUnavailableAnswersAndExecutes() throws Exception {
        MintCommand command = bank.mintCommand("through-503s", 17);
        proxy.failNext(2);

        ExecutionOutcome outcome = await(chain.execute(command, signatures(command)));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionOutcome.Executed.class,
                executed -> assertThat(executed.attempts()).isEqualTo(3));
    }

    @Test
    void aTransactionWhoseSendAnswerWasLostIsFoundAgainNotMistakenForAnotherRelayers() throws Exception {
        MintCommand command = bank.mintCommand("send-answer-lost", 23);
        long relayerNonce = relayerNonce();
        proxy.loseAnswersTo("eth_sendRawTransaction", 1);

        ExecutionOutcome outcome = await(chain.execute(command, signatures(command)));

        assertThat(outcome).isInstanceOfSatisfying(ExecutionOutcome.Executed.class,
                executed -> assertThat(executed.attempts()).isEqualTo(2));
        assertThat(relayerNonce()).as("sent once").isEqualTo(relayerNonce + 1);
    }

    @Test
    void givesUpAfterRetryMaxWhenTheNodeStaysUnavailable() throws Exception {
        MintCommand command = bank.mintCommand("node-stays-away", 17);
        long relayerNonce = relayerNonce();
        proxy.failNext(1_000);
        ExecutionOutcome outcome;
        try {
            outcome = await(chain.execute(command, signatures(command)));
        } finally {
            proxy.failNext(0);
        }

        assertThat(outcome).isInstanceOfSatisfying(ExecutionOutcome.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.attempts()).isEqualTo(4);
            assertThat(gaveUp.lastError()).contains("HTTP 503");
        });
        assertThat(relayerNonce()).isEqualTo(relayerNonce);
        assertThat(await(chain.execute(command, signatures(command)))).as("the same command later")
                .isInstanceOf(ExecutionOutcome.Executed.class);
    }

    @Test
    void aReadDuringAnOutageFailsAndTheNextReadDeliversEverything() throws Exception {
        Checkpoint start = bank.checkpointAtHead();
        bank.initiateTransfers(4, BANK_B, 3, 2);
        proxy.failNext(1);

        assertThatThrownBy(() -> await(chain.readEvents(start, 100)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
        ChainEvents events = await(chain.readEvents(start, 100));

        assertThat(events.transfers()).hasSize(4);
    }

    @Test
    void closingTheAdapterFailsASubmissionWaitingToRetryInsteadOfLeavingItHanging() throws Exception {
        ChainPort closing = connect(bank.settings().rpcUrl(proxy.url()).baseBackoff(Duration.ofMinutes(1))
                .maxBackoff(Duration.ofMinutes(1)).build());
        MintCommand command = bank.mintCommand("closed-while-waiting", 1);
        int failuresBefore = proxy.injectedFailures();
        proxy.failNext(1);
        var outcome = closing.execute(command, signatures(command)).toCompletableFuture();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (proxy.injectedFailures() == failuresBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the first attempt has failed and the submission waits a minute to retry
        }
        assertThat(proxy.injectedFailures()).as("the first attempt met the injected 503").isGreaterThan(failuresBefore);

        closing.close();

        assertThatThrownBy(() -> outcome.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void rejectsSubmissionsBeyondItsBoundInsteadOfQueueingThem() throws Exception {
        try (ChainPort narrow = connect(bank.settings().maxCommandsInFlight(2).build())) {
            MintCommand first = bank.mintCommand("bound-1", 1);
            MintCommand second = bank.mintCommand("bound-2", 1);
            MintCommand third = bank.mintCommand("bound-3", 1);
            var one = narrow.execute(first, signatures(first)).toCompletableFuture();
            var two = narrow.execute(second, signatures(second)).toCompletableFuture();
            var three = narrow.execute(third, signatures(third)).toCompletableFuture();

            assertThatThrownBy(() -> await(three)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RejectedExecutionException.class).hasMessageContaining("in flight");
            assertThat(await(one)).isInstanceOf(ExecutionOutcome.Executed.class);
            assertThat(await(two)).isInstanceOf(ExecutionOutcome.Executed.class);
        }
    }

    private static long relayerNonce() throws Exception {
        return bank.web3j().ethGetTransactionCount(bank.account(AnvilBank.RELAYER).value(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
    }
}
