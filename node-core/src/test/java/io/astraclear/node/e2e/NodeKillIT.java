package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.NodeWiring;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.dev.DevNetwork;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * SIGKILL of the node at random moments while transfers flow. The chains (anvil) run in this JVM;
 * the node runs as an operator runs it — {@code java -jar astra-node.jar node --config FILE} — in a
 * process of its own, on PostgreSQL. A load generator pays transfers on the source chains at a
 * steady rate throughout; the node is killed with SIGKILL (its JVM alone) at {@value #KILLS} seeded
 * random moments — some while it serves, some while it is still starting and recovering — and
 * started again each time. After a bounded drain:
 *
 * <ul>
 *   <li>nothing lost: every payment is a transfer EXECUTED with its mint recorded, and the hub's
 *       committed height never went backwards, at any restart;
 *   <li>nothing minted twice: on every chain no command id has two {@code CommandExecuted}, each
 *       recipient's balance is exactly the sum of its payments, and the tokens' total supply over all
 *       chains is unchanged (Σ minted = Σ burned); each recorded mint is its command's one
 *       {@code CommandExecuted} log;
 *   <li>no batch re-submitted that the hub knew executed: every Executor transaction on every chain
 *       carries exactly the commands of one hub batch; one whose every entry was already processed
 *       ({@code CommandSkipped(AlreadyProcessed)} only: a re-submission) must have been mined before
 *       the hub's store showed that batch DONE — precisely: the last moment this test still saw the
 *       chain without the transaction's block is not later than {@value #SUBMISSION_SLACK_MILLIS} ms
 *       after the first moment it saw the hub's height that made the batch DONE (both timelines are
 *       polled every {@value #POLL_MILLIS} ms on one clock; the slack covers a submission decided before
 *       that commit and still on its way to the chain);
 *   <li>the event stream is gapless: ids 1..N without holes, heights and times never decreasing, and
 *       every transfer's events are observed → confirmed → executed, once each, in that order;
 *   <li>the ledger holds: one ISSUE per transfer, and the journal sums to the stored balances.
 * </ul>
 */
class NodeKillIT {
    private static final int KILLS = 10;
    private static final long SEED = 20_261_205L;
    private static final int BANKS = 3;
    private static final double TRANSFERS_PER_SECOND = 8;
    private static final int RECIPIENTS = 6;
    private static final long POLL_MILLIS = 20;
    /**
     * A submission decided just before the DONE commit may reach the chain just after it: an RPC or three
     * (estimate, fees, send) on loopback. Measured here: legitimate re-submissions (a restarted relayer
     * sending its open batches) were mined 590-1,000 ms before the hub showed the batch DONE; a relayer
     * blind to DONE (OpenBatches keeping done batches, tried on purpose) sent them again 20-960 ms after.
     */
    private static final long SUBMISSION_SLACK_MILLIS = 250;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);
    /** The relayer sends a batch it sent before again after this long while the hub shows it open: short, so a relayer blind to DONE would show. */
    private static final Duration RESUBMIT_AFTER = Duration.ofSeconds(2);

    @Test
    void sigkilledNodeLosesNothingMintsNothingTwiceResubmitsNoBatchItKnewDoneAndKeepsItsEventStreamGapless() throws Exception {
        Path state = Files.createDirectories(BuiltPluginJars.repositoryRoot().resolve("node-core/target/node-kill-it")
                .resolve(Long.toString(System.currentTimeMillis())));
        String schema = PgSchemas.newSchema("kill");
        String storageUrl = PgSchemas.storageUrl(schema);
        Path plugins = BuiltPluginJars.directory("signer-ecdsa", "netting-bilateral");
        Random random = new Random(SEED);
        List<Address> recipients = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients.add(Address.of("0x" + Hash.sha3String("node-kill-it recipient " + i).substring(26)));
        }
        Vertx vertx = Vertx.vertx();
        List<BankChain> chains = new ArrayList<>();
        List<HeadTimeline> timelines = new ArrayList<>();
        NodeProcess node = null;
        HubStore store = null;
        try (DevNetwork network = DevNetwork.start(new DevNetwork.Options(BANKS, 1, 0, storageUrl, 0, state, plugins), System.out)) {
            JsonObject networkFile = new JsonObject(Files.readString(network.writeNetworkFile("http://127.0.0.1:0", network.adminToken())));
            for (int index = 0; index < BANKS; index++) {
                chains.add(BankChain.connect(network.chains().get(index), network.deployments().get(index),
                        Credentials.create(networkFile.getJsonArray("banks").getJsonObject(index).getJsonObject("owner").getString("privateKey"))));
            }
            int apiPort = network.apiPort(0);
            NodeConfig dev = network.nodeConfig(0, apiPort, storageUrl);
            NodeConfig config = dev.withRelayer(new NodeConfig.Relayer(dev.relayer().privateKeyHex(), dev.relayer().fallback(), RESUBMIT_AFTER));
            Path yaml = NodeYaml.write(config, state.resolve("node.yaml"));
            BigInteger supplyBefore = totalSupply(chains);

            int starts = 0;
            node = NodeProcess.start(yaml, apiPort, state.resolve("node-" + ++starts + ".log"));
            node.awaitReady(READY_TIMEOUT);
            store = StoreListings.await(NodeWiring.hubStore(vertx, config.storage()).toCompletionStage());
            HubStore reader = store;
            HeadTimeline hub = HeadTimeline.start("hub", () -> StoreListings.await(reader.head()).map(HubHead::height).orElse(0L),
                    Duration.ofMillis(POLL_MILLIS));
            timelines.add(hub);
            Map<BankId, HeadTimeline> chainTimelines = new LinkedHashMap<>();
            for (BankChain chain : chains) {
                HeadTimeline timeline = HeadTimeline.start(chain.bank().value(), chain::headBlock, Duration.ofMillis(POLL_MILLIS));
                chainTimelines.put(chain.bank(), timeline);
                timelines.add(timeline);
            }

            List<LoadGenerator.Payment> payments;
            List<String> kills = new ArrayList<>();
            try (LoadGenerator load = new LoadGenerator(chains, Credentials.create(networkFile.getJsonArray("demoAccounts").getJsonObject(0)
                    .getString("privateKey")), recipients, SEED)) {
                load.start(TRANSFERS_PER_SECOND);
                while (kills.size() < KILLS) {
                    boolean whileStarting = kills.size() > 0 && random.nextInt(4) == 0;
                    if (whileStarting) {
                        pause(150 + random.nextInt(1_500)); // the node is starting: loading state, catching up
                    } else {
                        node.awaitReady(READY_TIMEOUT);
                        pause(300 + random.nextInt(2_500)); // serving under load
                    }
                    long committedBeforeKill = StoreListings.await(store.head()).map(HubHead::height).orElse(0L);
                    Duration up = node.uptime();
                    node.kill();
                    kills.add("kill " + (kills.size() + 1) + (whileStarting ? " while starting" : " while serving") + " after " + up.toMillis()
                            + " ms at height " + committedBeforeKill + ", " + load.payments().size() + " paid so far");
                    node = NodeProcess.start(yaml, apiPort, state.resolve("node-" + ++starts + ".log"));
                    long committedAfterKill = StoreListings.await(store.head()).map(HubHead::height).orElse(0L);
                    assertThat(committedAfterKill).as("committed height after kill %d", kills.size()).isGreaterThanOrEqualTo(committedBeforeKill);
                }
                node.awaitReady(READY_TIMEOUT);
                payments = load.stop();
                assertThat(load.failures()).as("payments the chains refused").isEmpty();
            }
            kills.forEach(System.out::println);
            System.out.printf("%d payments, %d kills, %d node starts%n", payments.size(), kills.size(), starts);

            Map<TransferId, HubTransfer> transfers = drain(store, payments, node);
            assertThat(node.isAlive()).as("the node after the drain").isTrue();
            assertThat(hub.backwards()).as("the hub's committed height went backwards (%s)", hub).isZero();

            assertNothingLostAndNothingMintedTwice(payments, transfers, chains, supplyBefore);
            List<String> resubmissions = assertNoBatchResubmittedThatTheHubKnewDone(store, chains, hub, chainTimelines);
            resubmissions.forEach(System.out::println);
            assertEventStreamGapless(store, payments);
            assertLedger(store, payments);

            assertThat(node.stop(Duration.ofSeconds(30))).as("the node stops on SIGTERM").isTrue();
            node = null;
        } finally {
            for (HeadTimeline timeline : timelines) {
                timeline.close();
            }
            if (node != null) {
                node.kill();
            }
            if (store != null) {
                store.close();
            }
            chains.forEach(BankChain::close);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        PgSchemas.drop(schema);
    }

    /** Waits, with a bound, until the store shows every payment EXECUTED; their images. */
    private static Map<TransferId, HubTransfer> drain(HubStore store, List<LoadGenerator.Payment> payments, NodeProcess node) throws Exception {
        List<TransferId> ids = payments.stream().map(LoadGenerator.Payment::transferId).toList();
        Map<TransferId, HubTransfer> images = new HashMap<>();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            images.clear();
            for (int from = 0; from < ids.size(); from += 500) {
                StoreListings.await(store.transfers(ids.subList(from, Math.min(ids.size(), from + 500)))).forEach(t -> images.put(t.transferId(), t));
            }
            long executed = images.values().stream().filter(t -> t.status() == TransferStatus.EXECUTED).count();
            if (executed == ids.size()) {
                return images;
            }
            if (System.nanoTime() > deadline || !node.isAlive()) {
                Map<TransferStatus, Long> byStatus = images.values().stream().collect(Collectors.groupingBy(HubTransfer::status, TreeMap::new, Collectors.counting()));
                throw new AssertionError("after the drain (" + DRAIN_TIMEOUT + "): " + executed + " of " + ids.size() + " payments EXECUTED, "
                        + (ids.size() - images.size()) + " unknown to the hub, by status " + byStatus + "; node alive " + node.isAlive() + "\n" + node.tail());
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling the store for the drain, bounded by DRAIN_TIMEOUT
        }
    }

    private static void assertNothingLostAndNothingMintedTwice(List<LoadGenerator.Payment> payments, Map<TransferId, HubTransfer> transfers,
            List<BankChain> chains, BigInteger supplyBefore) throws Exception {
        assertThat(payments).as("payments made under the kills").hasSizeGreaterThan(100);
        Map<BankId, Map<CommandId, List<BankChain.ExecutorLog>>> executedByChain = new HashMap<>();
        for (BankChain chain : chains) {
            Map<CommandId, List<BankChain.ExecutorLog>> executed = chain.executorLogs().stream()
                    .filter(log -> log.kind() == BankChain.LogKind.EXECUTED)
                    .collect(Collectors.groupingBy(BankChain.ExecutorLog::commandId));
            executed.forEach((command, logs) -> assertThat(logs).as("CommandExecuted of %s on %s", command, chain.bank()).hasSize(1));
            executedByChain.put(chain.bank(), executed);
        }
        Map<String, BigInteger> expected = new TreeMap<>();
        for (LoadGenerator.Payment payment : payments) {
            HubTransfer transfer = transfers.get(payment.transferId());
            assertThat(transfer.status()).isEqualTo(TransferStatus.EXECUTED);
            assertThat(transfer.observed().amount().value()).isEqualTo(BigInteger.valueOf(payment.amount()));
            assertThat(transfer.observed().recipient()).isEqualTo(payment.recipient());
            CommandId command = transfer.confirmation().orElseThrow().command().commandId();
            BankChain.ExecutorLog minted = executedByChain.get(payment.to()).getOrDefault(command, List.of()).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no CommandExecuted of " + command + " (transfer " + payment.transferId() + ") on " + payment.to()));
            assertThat(transfer.mint().orElseThrow().transactionHash()).as("mint of %s", payment.transferId()).isEqualTo(minted.transactionHash());
            assertThat(transfer.mint().orElseThrow().blockNumber()).isEqualTo(minted.blockNumber());
            assertThat(minted.amount()).isEqualTo(BigInteger.valueOf(payment.amount()));
            expected.merge(payment.to() + " " + payment.recipient(), BigInteger.valueOf(payment.amount()), BigInteger::add);
        }
        long executedLogs = executedByChain.values().stream().mapToLong(Map::size).sum();
        assertThat(executedLogs).as("commands minted on all chains: the payments' and nothing else").isEqualTo(payments.size());
        Map<String, BigInteger> actual = new TreeMap<>();
        for (BankChain chain : chains) {
            for (Address recipient : payments.stream().map(LoadGenerator.Payment::recipient).distinct().toList()) {
                BigInteger balance = chain.balanceOf(recipient);
                if (balance.signum() != 0 || expected.containsKey(chain.bank() + " " + recipient)) {
                    actual.put(chain.bank() + " " + recipient, balance);
                }
            }
        }
        assertThat(actual).as("each recipient's balance is the sum of its payments").isEqualTo(expected);
        assertThat(totalSupply(chains)).as("Σ minted = Σ burned: the supply over all chains").isEqualTo(supplyBefore);
    }

    /**
     * Every Executor transaction is one hub batch's; a re-submission (every entry already processed)
     * was mined before the hub's store showed the batch DONE (see the class comment). Returns what
     * re-submissions there were, for the log.
     */
    private static List<String> assertNoBatchResubmittedThatTheHubKnewDone(HubStore store, List<BankChain> chains, HeadTimeline hub,
            Map<BankId, HeadTimeline> chainTimelines) throws Exception {
        Map<List<CommandId>, HubBatch> batchesByCommands = new HashMap<>();
        for (HubBatch batch : StoreListings.batches(store)) {
            assertThat(batch.status()).as("batch %s after the drain", batch.id()).isEqualTo(HubBatch.Status.DONE);
            batchesByCommands.put(batch.batch().commandIds(), batch);
        }
        List<String> resubmissions = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        int transactions = 0;
        for (BankChain chain : chains) {
            Map<io.astraclear.ports.domain.Bytes32, List<BankChain.ExecutorLog>> byTransaction = chain.executorLogs().stream()
                    .collect(Collectors.groupingBy(BankChain.ExecutorLog::transactionHash, LinkedHashMap::new, Collectors.toList()));
            for (List<BankChain.ExecutorLog> logs : byTransaction.values()) {
                transactions++;
                BankChain.ExecutorLog first = logs.getFirst();
                HubBatch batch = batchesByCommands.get(logs.stream().map(BankChain.ExecutorLog::commandId).toList());
                assertThat(batch).as("the hub batch of Executor transaction %s on %s", first.transactionHash(), chain.bank()).isNotNull();
                boolean allProcessedAlready = logs.stream().allMatch(log -> log.kind() == BankChain.LogKind.SKIPPED && log.skipReason() == 0);
                if (!allProcessedAlready) {
                    continue;
                }
                long doneHeight = batch.doneHeight().orElseThrow();
                OptionalLong doneSeen = hub.firstSeen(doneHeight);
                OptionalLong blockAbsent = chainTimelines.get(chain.bank()).lastAbsent(first.blockNumber());
                assertThat(doneSeen).as("the hub timeline saw height %d", doneHeight).isPresent();
                long after = blockAbsent.isPresent() ? (blockAbsent.getAsLong() - doneSeen.getAsLong()) / 1_000_000 : Long.MIN_VALUE;
                String what = "batch " + batch.id() + " sent again in " + first.transactionHash() + " (block " + first.blockNumber() + "); DONE at hub height "
                        + doneHeight + (after == Long.MIN_VALUE ? "" : ", mined at the earliest " + after + " ms after the hub showed it DONE");
                resubmissions.add(what);
                if (after > SUBMISSION_SLACK_MILLIS) {
                    violations.add(what);
                }
            }
        }
        assertThat(transactions).as("Executor transactions").isPositive();
        assertThat(violations).as("batches re-submitted after the hub knew them executed").isEmpty();
        return resubmissions;
    }

    private static void assertEventStreamGapless(HubStore store, List<LoadGenerator.Payment> payments) {
        List<HubEvent> events = StoreListings.events(store);
        assertThat(events).isNotEmpty();
        Map<String, List<HubEvent>> byTransfer = new HashMap<>();
        HubEvent previous = null;
        for (HubEvent event : events) {
            long expectedId = previous == null ? 1 : previous.id() + 1;
            assertThat(event.id()).as("event after %s", previous).isEqualTo(expectedId);
            if (previous != null) {
                assertThat(event.height()).as("height of event %d", event.id()).isGreaterThanOrEqualTo(previous.height());
                assertThat(event.time()).as("time of event %d", event.id()).isAfterOrEqualTo(previous.time());
            }
            String transfer = event.data().get("transferId");
            if (transfer != null) {
                byTransfer.computeIfAbsent(transfer, id -> new ArrayList<>()).add(event);
            }
            previous = event;
        }
        for (LoadGenerator.Payment payment : payments) {
            assertThat(byTransfer.getOrDefault(payment.transferId().toString(), List.of()).stream().map(HubEvent::type).toList())
                    .as("events of transfer %s", payment.transferId())
                    .containsExactly(HubEventType.TRANSFER_OBSERVED, HubEventType.TRANSFER_CONFIRMED, HubEventType.TRANSFER_EXECUTED);
        }
        assertThat(events.stream().filter(event -> event.type() == HubEventType.BATCH_CREATED).count()).as("batch.created events, one per batch")
                .isEqualTo(StoreListings.batches(store).size());
    }

    private static void assertLedger(HubStore store, List<LoadGenerator.Payment> payments) {
        List<JournalEntry> journal = StoreListings.journal(store);
        Map<String, Long> issues = journal.stream().filter(entry -> entry.type() == EntryType.ISSUE)
                .collect(Collectors.groupingBy(JournalEntry::reference, Collectors.counting()));
        for (LoadGenerator.Payment payment : payments) {
            assertThat(issues.get(payment.transferId().toString())).as("ISSUE entries of %s", payment.transferId()).isEqualTo(1L);
        }
        assertThat(issues).hasSize(payments.size());
        Map<String, BigInteger> summed = new TreeMap<>();
        for (JournalEntry entry : journal) {
            BigInteger amount = entry.type() == EntryType.ISSUE ? entry.amount().value() : entry.amount().value().negate();
            summed.merge(entry.issuer() + "->" + entry.holder(), amount, BigInteger::add);
        }
        summed.values().removeIf(amount -> amount.signum() == 0);
        Map<String, BigInteger> stored = new TreeMap<>();
        for (Obligation obligation : StoreListings.await(store.balances()).obligations()) {
            stored.put(obligation.debtor() + "->" + obligation.creditor(), obligation.amount().value());
        }
        assertThat(stored).as("the journal sums to the stored balances").isEqualTo(summed);
    }

    private static BigInteger totalSupply(List<BankChain> chains) throws Exception {
        BigInteger total = BigInteger.ZERO;
        for (BankChain chain : chains) {
            total = total.add(chain.totalSupply());
        }
        return total;
    }

    /** A seeded random moment to kill at: the pause is the point, not a wait for an event. */
    private static void pause(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
