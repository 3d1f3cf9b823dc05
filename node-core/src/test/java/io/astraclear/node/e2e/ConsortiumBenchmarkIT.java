package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.Address;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Latency and throughput of a 4-validator dev network on this machine, everything in one JVM as
 * {@code ./astra dev --validators 4} runs it (dev protocol: 1 s ticks, in-memory storage). Not part
 * of the suite: {@code -Dit.test=ConsortiumBenchmarkIT -Dastra.bench=true} (optionally
 * {@code -Dastra.bench.blockTime=1} for 1 s blocks, {@code -Dastra.bench.transfers=400}).
 *
 * <p>Latency: single transfers one after another, from the source transaction's receipt to
 * CONFIRMED on all four nodes and to EXECUTED (the mint mined) on the relaying node. Throughput:
 * transfers injected on both chains at once (consecutive nonces, no waiting), confirmed on all four
 * nodes per second of wall clock from the first injection.
 */
@EnabledIfSystemProperty(named = "astra.bench", matches = "true")
class ConsortiumBenchmarkIT {
    private static final int VALIDATORS = 4;

    @Test
    void measureLatencyAndThroughput() throws Exception {
        long blockTime = Long.getLong("astra.bench.blockTime", 0);
        int burst = Integer.getInteger("astra.bench.transfers", 400);
        NodeConfig.Protocol dev = new NodeConfig.Protocol(Duration.ofSeconds(1), 30, 3_600, 5);
        try (ConsortiumHarness harness = ConsortiumHarness.start(2, VALIDATORS, VALIDATORS, Set.of(), dev, NodeConfig.Consensus.DEFAULT_RELAY_FALLBACK_TICKS,
                blockTime, Files.createTempDirectory("astra-bench"))) {
            latency(harness, 20);
            throughput(harness, burst);
        }
    }

    private void latency(ConsortiumHarness harness, int count) throws Exception {
        harness.transfer(0, "BANK_A", "BANK_B", 1); // warm-up
        List<Long> confirmed = new ArrayList<>();
        List<Long> executed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant sent = Instant.now(); // the dev endpoint answers once the source transaction is mined
            String transfer = harness.transfer(i % VALIDATORS, i % 2 == 0 ? "BANK_A" : "BANK_B", i % 2 == 0 ? "BANK_B" : "BANK_A", 1 + i);
            Instant mined = Instant.now();
            long lastConfirmation = 0;
            long firstExecution = Long.MAX_VALUE;
            for (int node = 0; node < VALIDATORS; node++) {
                lastConfirmation = Math.max(lastConfirmation, Duration.between(mined, harness.await(node, NodeEvent.TRANSFER_CONFIRMED, transfer).at()).toMillis());
            }
            NodeEvent mint = ConsortiumHarness.awaitValue("the mint of " + transfer, () -> IntStream.range(0, VALIDATORS).boxed()
                    .flatMap(node -> harness.events(node, NodeEvent.TRANSFER_EXECUTED).stream())
                    // the relayer that minted, not a fallback that later found it done
                    .filter(event -> transfer.equals(event.data().get("transferId")) && !event.data().get("blockNumber").equals("-1"))
                    .findFirst());
            firstExecution = Duration.between(mined, mint.at()).toMillis();
            confirmed.add(lastConfirmation);
            executed.add(firstExecution);
            System.out.printf("latency transfer %2d: source tx %4d ms, confirmed on all 4 after %4d ms, executed after %4d ms%n",
                    i, Duration.between(sent, mined).toMillis(), lastConfirmation, firstExecution);
        }
        System.out.printf("LATENCY (%d transfers, chains %s): confirmed on all 4 nodes p50 %d ms, p95 %d ms, max %d ms; executed p50 %d ms, p95 %d ms, max %d ms%n",
                count, Long.getLong("astra.bench.blockTime", 0) == 0 ? "mining per transaction" : Long.getLong("astra.bench.blockTime") + " s blocks",
                percentile(confirmed, 50), percentile(confirmed, 95), Collections.max(confirmed),
                percentile(executed, 50), percentile(executed, 95), Collections.max(executed));
    }

    private void throughput(ConsortiumHarness harness, int perChain) throws Exception {
        Address recipient = harness.network.validatorAddress(9); // any account: the mint's recipient
        Instant started = Instant.now();
        List<CompletableFuture<List<String>>> injections = new ArrayList<>();
        for (int bank = 0; bank < 2; bank++) {
            int source = bank;
            injections.add(CompletableFuture.supplyAsync(() -> inject(harness, source, 1 - source, recipient, perChain)));
        }
        List<String> transfers = new ArrayList<>();
        for (CompletableFuture<List<String>> injection : injections) {
            transfers.addAll(injection.get());
        }
        Instant injected = Instant.now();
        Instant lastConfirmed = started;
        for (String transfer : transfers) {
            for (int node = 0; node < VALIDATORS; node++) {
                Instant at = harness.await(node, NodeEvent.TRANSFER_CONFIRMED, transfer).at();
                lastConfirmed = at.isAfter(lastConfirmed) ? at : lastConfirmed;
            }
        }
        Instant lastExecuted = started;
        for (String transfer : transfers) {
            for (int node = 0; node < VALIDATORS; node++) {
                Instant at = harness.await(node, NodeEvent.TRANSFER_EXECUTED, transfer).at();
                if (!harness.await(node, NodeEvent.TRANSFER_EXECUTED, transfer).data().get("blockNumber").equals("-1")) {
                    lastExecuted = at.isAfter(lastExecuted) ? at : lastExecuted;
                }
            }
        }
        double confirmSeconds = Duration.between(started, lastConfirmed).toMillis() / 1000.0;
        double executeSeconds = Duration.between(started, lastExecuted).toMillis() / 1000.0;
        System.out.printf("THROUGHPUT: %d transfers injected in %.1f s; confirmed on all 4 nodes after %.1f s = %.1f transfers/s; minted after %.1f s = %.1f transfers/s%n",
                transfers.size(), Duration.between(started, injected).toMillis() / 1000.0, confirmSeconds, transfers.size() / confirmSeconds,
                executeSeconds, transfers.size() / executeSeconds);
        Set<String> hashes = new HashSet<>();
        for (int node = 0; node < VALIDATORS; node++) {
            hashes.add(harness.stateHash(node));
        }
        assertThat(hashes).hasSize(1);
    }

    /** {@code count} transfers from bob at {@code source} to {@code destination}, sent back to back; their transferIds. */
    private static List<String> inject(ConsortiumHarness harness, int source, int destination, Address recipient, int count) {
        BankContracts bank = harness.network.deployments().get(source);
        AnvilNode chain = harness.network.chains().get(source);
        byte[] destinationBank = harness.network.deployments().get(destination).bankId().toBytes32().toByteArray();
        Web3j web3j = JsonRpcHttp.connect(chain.rpcUrl());
        try {
            ChainAccount bob = ChainAccount.connect(web3j, chain.credentials(3), chain.chainId(), BigInteger.valueOf(300_000),
                    ChainAccount.DEFAULT_RECEIPT_POLL_INTERVAL, Duration.ofSeconds(120));
            List<Function> calls = IntStream.range(0, count).mapToObj(i -> new Function("initiateTransfer", List.of(
                    new Bytes32(destinationBank), new org.web3j.abi.datatypes.Address(recipient.value()), new Uint256(1 + i % 50)), List.of())).toList();
            List<TransactionReceipt> receipts = bob.sendAll(bank.gateway(), calls);
            List<String> transferIds = new ArrayList<>();
            for (TransactionReceipt receipt : receipts) {
                transferIds.add(io.astraclear.contracts.generated.Gateway.getTransferInitiatedEvents(receipt).get(0).transferId == null ? ""
                        : io.astraclear.ports.domain.Bytes32.of(org.web3j.utils.Numeric.toHexString(
                                io.astraclear.contracts.generated.Gateway.getTransferInitiatedEvents(receipt).get(0).transferId)).value());
            }
            return transferIds;
        } catch (Exception e) {
            throw new IllegalStateException("injecting transfers on chain " + chain.chainId() + " failed: " + e, e);
        } finally {
            web3j.shutdown();
        }
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
