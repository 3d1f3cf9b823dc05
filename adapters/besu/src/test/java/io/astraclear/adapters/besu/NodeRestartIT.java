package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.BANK_B;
import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.connect;
import static io.astraclear.adapters.besu.AnvilBank.readToHead;
import static io.astraclear.adapters.besu.AnvilBank.signatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.MintCommand;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The chain's RPC goes away while transfers and commands are in flight: anvil is stopped (it dumps
 * its state), stays down a while, and is started again from the dump on the same port. The adapter
 * reports the outage (failed reads, retried submissions) and recovers with nothing lost or doubled.
 */
class NodeRestartIT {
    private static final int COMMANDS = 30;
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    @TempDir
    Path directory;

    private AnvilBank bank;

    @AfterEach
    void stop() {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void recoversFromANodeRestartWithNothingLostOrDoubled() throws Exception {
        int port = freeLoopbackPort();
        Path state = directory.resolve("anvil-state.json");
        bank = AnvilBank.start(AnvilNode.builder().chainId(1401).port(port).state(state));
        bank.initiateTransfers(60, BANK_B, 5, 6);
        ChainSettings settings = bank.settings()
                .retryMax(8).baseBackoff(Duration.ofMillis(400)).maxBackoff(Duration.ofSeconds(3))
                .rpcTimeout(Duration.ofSeconds(2)).receiptTimeout(Duration.ofSeconds(20))
                .build();

        try (ChainPort chain = connect(settings)) {
            Checkpoint genesis = await(chain.genesisCheckpoint());
            ChainEvents firstRead = await(chain.readEvents(genesis, 25));
            Amount recipientBefore = await(chain.tokenBalance(bank.account(AnvilBank.RECIPIENT)));

            // from here blocks come once a second: transfers and commands wait in the pool when the node goes away
            bank.rpc("evm_setIntervalMining", 1);
            bank.submitTransfersWithoutWaiting(20, BANK_B, 7);
            List<MintCommand> commands = new ArrayList<>();
            List<CompletableFuture<ExecutionOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                MintCommand command = bank.mintCommand("restart-" + i, 1_000 + i);
                commands.add(command);
                outcomes.add(chain.execute(command, signatures(command)).toCompletableFuture());
            }
            CompletableFuture<ChainEvents> readInFlight = chain.readEvents(firstRead.next(), 10).toCompletableFuture();
            awaitRelayerTransactionsInThePool();

            bank.node().close(); // SIGTERM: anvil writes its state (mined blocks only, not its pool) and exits

            assertThatThrownBy(() -> await(chain.headBlock())).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
            assertThatThrownBy(() -> await(chain.readEvents(firstRead.next(), 10)))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
            Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for an event
            bank.replaceNode(AnvilNode.builder().chainId(1401).port(port).state(state).blockTimeSeconds(1).start());

            List<ExecutionOutcome> results = new ArrayList<>();
            for (CompletableFuture<ExecutionOutcome> outcome : outcomes) {
                results.add(await(outcome));
            }
            readInFlight.handle((read, failure) -> null).get(); // it may have finished before the stop or failed: either is fine
            bank.rpc("evm_setAutomine", true);
            bank.initiateTransfers(3, BANK_B, 9, 1);

            // commands: every one executed on chain exactly once, and the outage showed as retries
            assertThat(results).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOfAny(ExecutionOutcome.Executed.class, ExecutionOutcome.AlreadyProcessed.class));
            assertThat(results).filteredOn(ExecutionOutcome.Executed.class::isInstance).hasSize(COMMANDS);
            assertThat(results).anySatisfy(outcome -> assertThat(((ExecutionOutcome.Executed) outcome).attempts()).isGreaterThan(1));
            BigInteger minted = commands.stream().map(command -> command.amount().value()).reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(await(chain.tokenBalance(bank.account(AnvilBank.RECIPIENT)))).isEqualTo(recipientBefore.plus(new Amount(minted)));
            System.out.printf("[figure] node restart: %d commands, attempts per command %s%n", COMMANDS,
                    results.stream().map(outcome -> ((ExecutionOutcome.Executed) outcome).attempts()).sorted().toList());

            // transfers: every one on the chain delivered once, in order, across the outage
            List<ObservedTransfer> transfers = new ArrayList<>(firstRead.transfers());
            readToHead(chain, firstRead.next(), 10).forEach(read -> transfers.addAll(read.transfers()));
            BigInteger gatewayNonce = gatewayNonce();
            assertThat(transfers).extracting(ObservedTransfer::nonce).isEqualTo(WatchingIT.sequence(1, gatewayNonce.intValueExact()));
            assertThat(gatewayNonce.intValueExact()).isGreaterThanOrEqualTo(63);
        }
    }

    /** Polls until the relayer has sent something the node has not mined yet (a readiness probe of anvil's pool). */
    private void awaitRelayerTransactionsInThePool() throws Exception {
        String relayer = bank.account(AnvilBank.RELAYER).value();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            BigInteger pending = bank.web3j().ethGetTransactionCount(relayer, DefaultBlockParameterName.PENDING).send().getTransactionCount();
            BigInteger mined = bank.web3j().ethGetTransactionCount(relayer, DefaultBlockParameterName.LATEST).send().getTransactionCount();
            if (pending.compareTo(mined) > 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the relayer never had a transaction in the pool");
    }

    private BigInteger gatewayNonce() throws Exception {
        var call = bank.web3j().ethCall(org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(null,
                bank.contracts().gateway().value(), org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(
                        io.astraclear.contracts.generated.Gateway.FUNC_NONCE, List.of(), List.of()))),
                DefaultBlockParameterName.LATEST).send();
        return new BigInteger(call.getValue().substring(2), 16);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
