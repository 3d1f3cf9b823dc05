package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * The whole clearing flow on real anvil chains with the real plugin jars, once per storage (in
 * memory, PostgreSQL): a user sends dev transfers and asks for netting and settlements over HTTP;
 * the test observes the hub through the node's store and committed blocks, and the chains through
 * their own RPC. The tests share one network and run in order, each asserting on what it changed;
 * a {@link LedgerChecker} checks the ledger invariants on the state after every committed block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClearingFlowContract {
    static final int BANKS = 3;
    static final BankId BANK_A = DevNodeHarness.bankId(0);
    static final BankId BANK_B = DevNodeHarness.bankId(1);
    static final BankId BANK_C = DevNodeHarness.bankId(2);

    DevNodeHarness harness;
    LedgerChecker checker;
    Address bob;
    /** Every transfer the tests sent, with its destination and amount. */
    final Map<TransferId, Sent> sent = new LinkedHashMap<>();

    record Sent(BankId from, BankId to, long amount) {}

    /** The node's storage URL for this run. */
    abstract String storageUrl() throws Exception;

    @BeforeAll
    void startNetworkAndNode() throws Exception {
        harness = DevNodeHarness.start(BANKS, storageUrl(), Files.createTempDirectory("astra-e2e"));
        checker = new LedgerChecker(harness.store());
        harness.node.hub().addListener(checker);
        bob = harness.demoAccount(1);
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        afterNodeStopped();
    }

    /** Cleans up what the storage kept, once the node and the network are gone. */
    void afterNodeStopped() throws Exception {}

    @Test
    @Order(1)
    void seedScenarioMintsBothTransfersThenNettingLeavesAOwingB70AndASettlementBurnsIt() throws Exception {
        BigInteger bobAtB = harness.chain(BANK_B).balanceOf(bob);
        BigInteger bobAtA = harness.chain(BANK_A).balanceOf(bob);

        TransferId aToB = send(BANK_A, BANK_B, 100, true);
        TransferId bToA = send(BANK_B, BANK_A, 30, true);

        for (TransferId id : List.of(aToB, bToA)) {
            HubTransfer transfer = harness.awaitFinal(id);
            assertThat(transfer.status()).as("transfer %s: %s", id, transfer.history()).isEqualTo(TransferStatus.EXECUTED);
            assertThat(transfer.history().stream().map(change -> change.status()).toList())
                    .containsExactly(TransferStatus.OBSERVED, TransferStatus.CONFIRMED, TransferStatus.EXECUTED);
            assertThat(transfer.mint()).as("the mint transaction of %s", id).isPresent();
            assertMintIsTheChainsCommandExecuted(transfer);
        }
        assertThat(harness.chain(BANK_B).balanceOf(bob)).isEqualTo(bobAtB.add(BigInteger.valueOf(100)));
        assertThat(harness.chain(BANK_A).balanceOf(bob)).isEqualTo(bobAtA.add(BigInteger.valueOf(30)));
        assertThat(balances()).containsExactlyInAnyOrderEntriesOf(Map.of("BANK_A->BANK_B", BigInteger.valueOf(100), "BANK_B->BANK_A", BigInteger.valueOf(30)));

        DevNodeHarness.Response netting = harness.post("/api/v1/netting/rounds", "");
        assertThat(netting.status()).as(netting.toString()).isBetween(200, 299);
        NettingRecord round = StoreListings.rounds(harness.store()).getLast();
        assertThat(gross(round.before())).isEqualTo(BigInteger.valueOf(130));
        assertThat(gross(round.after())).isEqualTo(BigInteger.valueOf(70));
        assertThat(reductionPercent(round)).isEqualTo("46.15");
        readDefensively(netting.json(), "round", "reductionPercent").ifPresent(shown -> assertThat(shown).isEqualTo("46.15"));
        assertThat(balances()).containsExactlyEntriesOf(Map.of("BANK_A->BANK_B", BigInteger.valueOf(70)));

        String settlement = "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"70\",\"reference\":\"wire-2026-0001\"}";
        DevNodeHarness.Response confirmed = harness.post("/api/v1/settlements/confirm", settlement);
        assertThat(confirmed.status()).as(confirmed.toString()).isBetween(200, 299);
        assertThat(balances()).as("the settled cred is burned").isEmpty();
        List<JournalEntry> journal = StoreListings.journal(harness.store());
        assertThat(journal.getLast().type()).isEqualTo(EntryType.SETTLEMENT_BURN);
        assertThat(journal.getLast().amount()).isEqualTo(Amount.of(70));
        assertThat(StoreListings.settlements(harness.store())).extracting(SettlementRecord::reference).containsExactly("wire-2026-0001");

        DevNodeHarness.Response again = harness.post("/api/v1/settlements/confirm", settlement);
        assertThat(again.status()).as("confirming the same settlement again changes nothing: %s", again).isLessThan(500);
        DevNodeHarness.Response beyond = harness.post("/api/v1/settlements/confirm",
                "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"wire-2026-0002\"}");
        assertThat(beyond.status()).as("a settlement beyond the balance: %s", beyond).isBetween(400, 499);
        assertThat(StoreListings.journal(harness.store())).as("nothing burned by the repeat or the refusal").isEqualTo(journal);
        assertThat(StoreListings.settlements(harness.store())).extracting(SettlementRecord::reference).containsExactly("wire-2026-0001");
        assertThat(balances()).isEmpty();
        assertCheckerClean();
    }

    @Test
    @Order(2)
    void transfersTheGatewayRefusesChangeNothing() throws Exception {
        harness.awaitCaughtUp();
        List<HubTransfer> transfersBefore = StoreListings.transfers(harness.store());
        List<JournalEntry> journalBefore = StoreListings.journal(harness.store());
        BigInteger supplyBefore = totalSupply();
        // bob pays here: alice's nonces belong to the node's dev-transfer sender
        BigInteger bobAtA = harness.chain(BANK_A).balanceOf(bob);
        ChainAccount payer = harness.chain(BANK_A).account(harness.demoCredentials(1));

        assertThatThrownBy(() -> payer.send(harness.contracts(0).gateway(), initiateTransfer(BankId.of("BANK_Q"), bob, 5)))
                .as("the Gateway refuses an unregistered destination").isInstanceOf(TransactionException.class)
                .hasMessageContaining("UnknownDestinationBank");
        assertThatThrownBy(() -> payer.send(harness.contracts(0).gateway(), initiateTransfer(BANK_B, bob, 0)))
                .as("the Gateway refuses a zero amount").isInstanceOf(TransactionException.class)
                .hasMessageContaining("ZeroAmount");
        DevNodeHarness.Response unknown = harness.post("/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_Q\",\"amount\":\"5\"}");
        assertThat(unknown.status()).as(unknown.toString()).isBetween(400, 499);
        DevNodeHarness.Response zero = harness.post("/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"0\"}");
        assertThat(zero.status()).as(zero.toString()).isBetween(400, 499);

        harness.awaitCaughtUp(); // the watchers have read past the blocks holding the refused transactions
        assertThat(StoreListings.transfers(harness.store())).isEqualTo(transfersBefore);
        assertThat(StoreListings.journal(harness.store())).isEqualTo(journalBefore);
        assertThat(totalSupply()).isEqualTo(supplyBefore);
        assertThat(harness.chain(BANK_A).balanceOf(bob)).isEqualTo(bobAtA);
        assertCheckerClean();
    }

    @Test
    @Order(3)
    void randomWorkloadKeepsEveryInvariantAfterEveryBlockAndMintsExactlyWhatWasBurned() throws Exception {
        BigInteger supplyBefore = totalSupply();
        Map<BankId, BigInteger> bobBefore = new HashMap<>();
        for (int bank = 0; bank < BANKS; bank++) {
            bobBefore.put(DevNodeHarness.bankId(bank), harness.chain(bank).balanceOf(bob));
        }
        long blocksBefore = checker.blocksChecked();
        int roundsBefore = StoreListings.rounds(harness.store()).size();
        Random random = new Random(42);
        List<TransferId> workload = new ArrayList<>();
        int netted = 0;
        for (int i = 0; i < 150; i++) {
            int from = random.nextInt(BANKS);
            int to = (from + 1 + random.nextInt(BANKS - 1)) % BANKS;
            workload.add(send(DevNodeHarness.bankId(from), DevNodeHarness.bankId(to), 1 + random.nextInt(500), false));
            if (i % 30 == 29) {
                // mid-flow: some transfers of this round are confirmed, some not yet
                DevNodeHarness.Response netting = harness.post("/api/v1/netting/rounds", "");
                assertThat(netting.status()).as(netting.toString()).isBetween(200, 299);
                netted++;
            }
        }
        for (TransferId id : workload) {
            HubTransfer transfer = harness.awaitFinal(id);
            assertThat(transfer.status()).as("transfer %s: %s", id, transfer.history()).isEqualTo(TransferStatus.EXECUTED);
        }
        DevNodeHarness.Response last = harness.post("/api/v1/netting/rounds", "");
        assertThat(last.status()).as(last.toString()).isBetween(200, 299);
        netted++;

        assertCheckerClean();
        assertThat(checker.blocksChecked() - blocksBefore).as("blocks checked during the workload").isGreaterThan(10);
        assertThat(StoreListings.rounds(harness.store()).size() - roundsBefore).as("netting rounds run").isEqualTo(netted);
        assertThat(checker.balances()).as("the journal's sums are the stored balances").isEqualTo(StoreListings.await(harness.store().balances()));
        assertThat(totalSupply()).as("Σ minted on the destination chains = Σ burned on the source chains").isEqualTo(supplyBefore);
        for (int bank = 0; bank < BANKS; bank++) {
            BankId destination = DevNodeHarness.bankId(bank);
            long received = workload.stream().map(sent::get).filter(s -> s.to().equals(destination)).mapToLong(Sent::amount).sum();
            assertThat(harness.chain(bank).balanceOf(bob)).as("bob at %s", destination).isEqualTo(bobBefore.get(destination).add(BigInteger.valueOf(received)));
        }
        assertEveryTransferMintedOnceWhereTheHubSays();
    }

    /** Every transfer sent is EXECUTED, its recorded mint is the one CommandExecuted of its command on the destination chain. */
    void assertEveryTransferMintedOnceWhereTheHubSays() throws Exception {
        Map<BankId, Map<CommandId, List<BankChain.ExecutorLog>>> executed = new HashMap<>();
        for (int bank = 0; bank < BANKS; bank++) {
            executed.put(DevNodeHarness.bankId(bank), harness.chain(bank).executorLogs().stream()
                    .filter(log -> log.kind() == BankChain.LogKind.EXECUTED)
                    .collect(Collectors.groupingBy(BankChain.ExecutorLog::commandId)));
        }
        for (Map.Entry<TransferId, Sent> entry : sent.entrySet()) {
            HubTransfer transfer = StoreListings.await(harness.store().transfer(entry.getKey())).orElseThrow();
            assertThat(transfer.status()).as("transfer %s", entry.getKey()).isEqualTo(TransferStatus.EXECUTED);
            CommandId command = transfer.confirmation().orElseThrow().command().commandId();
            List<BankChain.ExecutorLog> logs = executed.get(entry.getValue().to()).getOrDefault(command, List.of());
            assertThat(logs).as("CommandExecuted logs of %s on %s", command, entry.getValue().to()).hasSize(1);
            assertThat(transfer.mint().orElseThrow().transactionHash()).isEqualTo(logs.getFirst().transactionHash());
            assertThat(transfer.mint().orElseThrow().blockNumber()).isEqualTo(logs.getFirst().blockNumber());
            assertThat(logs.getFirst().amount()).isEqualTo(BigInteger.valueOf(entry.getValue().amount()));
        }
    }

    private void assertMintIsTheChainsCommandExecuted(HubTransfer transfer) throws Exception {
        var command = transfer.confirmation().orElseThrow().command();
        var receipt = harness.chain(command.destinationBank()).receipt(transfer.mint().orElseThrow().transactionHash())
                .orElseThrow(() -> new AssertionError("no receipt of the recorded mint " + transfer.mint()));
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getLogs().stream().map(BankChain::decode).flatMap(java.util.Optional::stream)
                .filter(log -> log.kind() == BankChain.LogKind.EXECUTED && log.commandId().equals(command.commandId())).toList())
                .singleElement()
                .satisfies(log -> {
                    assertThat(log.recipient()).contains(command.recipient());
                    assertThat(log.amount()).isEqualTo(command.amount().value());
                });
    }

    TransferId send(BankId from, BankId to, long amount, boolean overHttp) throws Exception {
        TransferId id = overHttp ? harness.transferOverHttp(from, to, amount) : harness.send(from, to, amount);
        sent.put(id, new Sent(from, to, amount));
        return id;
    }

    void assertCheckerClean() {
        checker.check();
        assertThat(checker.violations()).as("ledger invariants after every block").isEmpty();
        assertThat(checker.blocksChecked()).isPositive();
    }

    Map<String, BigInteger> balances() {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        for (Obligation obligation : StoreListings.await(harness.store().balances()).obligations()) {
            out.put(obligation.debtor() + "->" + obligation.creditor(), obligation.amount().value());
        }
        return out;
    }

    BigInteger totalSupply() throws Exception {
        BigInteger total = BigInteger.ZERO;
        for (int bank = 0; bank < BANKS; bank++) {
            total = total.add(harness.chain(bank).totalSupply());
        }
        return total;
    }

    static BigInteger gross(BalanceSnapshot snapshot) {
        return snapshot.obligations().stream().map(obligation -> obligation.amount().value()).reduce(BigInteger.ZERO, BigInteger::add);
    }

    static String reductionPercent(NettingRecord round) {
        BigDecimal before = new BigDecimal(gross(round.before()));
        BigDecimal saved = before.subtract(new BigDecimal(gross(round.after())));
        return saved.multiply(BigDecimal.valueOf(100)).divide(before, 2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A field of an API answer that may move as the API is reworked: checked when it is there. */
    static java.util.Optional<String> readDefensively(JsonObject json, String object, String field) {
        Object nested = json.getValue(object);
        if (nested instanceof JsonObject inner && inner.getValue(field) != null) {
            return java.util.Optional.of(String.valueOf(inner.getValue(field)));
        }
        return java.util.Optional.empty();
    }

    static Function initiateTransfer(BankId destination, Address recipient, long amount) {
        return new Function("initiateTransfer", List.of(new Bytes32(destination.toBytes32().toByteArray()),
                new org.web3j.abi.datatypes.Address(recipient.value()), new Uint256(amount)), List.of());
    }
}
