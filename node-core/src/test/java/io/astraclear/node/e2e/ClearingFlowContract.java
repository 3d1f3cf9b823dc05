package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.Address;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole clearing flow on real anvil chains with the real plugins, through the node's HTTP API:
 * once per storage (in memory, PostgreSQL). The tests share one network and run in order, each
 * asserting on what it changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClearingFlowContract {
    static final int BANKS = 3;
    DevNodeHarness harness;
    Address bob;

    /** The node's storage URL for this run. */
    abstract String storageUrl() throws Exception;

    @BeforeAll
    void startNetworkAndNode() throws Exception {
        harness = DevNodeHarness.start(BANKS, storageUrl(), Files.createTempDirectory("astra-e2e"));
        bob = harness.demoAccount(1);
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void seedScenarioExecutesBothTransfersAndNettingLeavesAOwingB70() throws Exception {
        BigInteger bobAtB = harness.tokenBalance(1, bob);
        BigInteger bobAtA = harness.tokenBalance(0, bob);

        String aToB = harness.transfer("BANK_A", "BANK_B", 100);
        String bToA = harness.transfer("BANK_B", "BANK_A", 30);
        assertThat(harness.awaitFinal(aToB).type()).isEqualTo(NodeEvent.TRANSFER_EXECUTED);
        assertThat(harness.awaitFinal(bToA).type()).isEqualTo(NodeEvent.TRANSFER_EXECUTED);

        assertThat(harness.tokenBalance(1, bob)).isEqualTo(bobAtB.add(BigInteger.valueOf(100)));
        assertThat(harness.tokenBalance(0, bob)).isEqualTo(bobAtA.add(BigInteger.valueOf(30)));

        JsonObject transfer = harness.get("/api/v1/transfers/" + aToB).json();
        assertThat(transfer.getString("status")).isEqualTo("EXECUTED");
        assertThat(transfer.getJsonArray("history").stream().map(change -> ((JsonObject) change).getString("status")))
                .containsExactly("OBSERVED", "CONFIRMED", "EXECUTED");
        assertThat(transfer.getJsonArray("votes")).hasSize(1);
        assertThat(transfer.getJsonObject("command").getJsonObject("execution").getString("transactionHash")).startsWith("0x");

        JsonObject ledger = harness.get("/api/v1/ledger").json();
        assertThat(balances(ledger)).containsExactlyInAnyOrderEntriesOf(Map.of("BANK_A->BANK_B", "100", "BANK_B->BANK_A", "30"));
        assertThat(ledger.getString("grossTotal")).isEqualTo("130");

        DevNodeHarness.Response round = harness.post("/api/v1/netting/rounds", "");
        assertThat(round.status()).isEqualTo(201);
        assertThat(round.json().getString("grossBefore")).isEqualTo("130");
        assertThat(round.json().getString("grossAfter")).isEqualTo("70");
        assertThat(round.json().getString("reductionPercent")).isEqualTo("46.15");

        JsonObject after = harness.get("/api/v1/ledger").json();
        assertThat(balances(after)).containsExactlyEntriesOf(Map.of("BANK_A->BANK_B", "70"));
        assertThat(netPositions(after)).containsEntry("BANK_A", new BigInteger("-70")).containsEntry("BANK_B", new BigInteger("70"));
        assertThat(harness.get("/api/v1/settlements").json().getJsonArray("instructions").getJsonObject(0).getString("instruction"))
                .isEqualTo("BANK_A pays BANK_B 70");

        String settlement = "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"70\",\"reference\":\"wire-2026-0001\"}";
        assertThat(harness.post("/api/v1/settlements/confirm", settlement).status()).isEqualTo(201);
        assertThat(harness.post("/api/v1/settlements/confirm", settlement).status()).as("confirming the same settlement again is a no-op").isEqualTo(201);
        DevNodeHarness.Response overpaid = harness.post("/api/v1/settlements/confirm",
                "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"wire-2026-0002\"}");
        assertThat(overpaid.status()).as(overpaid.body()).isEqualTo(409);
        assertThat(overpaid.json().getJsonObject("error").getString("code")).isEqualTo("INSUFFICIENT_BALANCE");
        JsonObject settled = harness.get("/api/v1/ledger").json();
        assertThat(balances(settled)).as("the settled cred is burned").isEmpty();
        assertThat(settled.getString("grossTotal")).isEqualTo("0");
    }

    @Test
    @Order(2)
    void badTransfersChangeNothingAndAreReported() throws Exception {
        String ledgerBefore = harness.get("/api/v1/ledger").body();

        DevNodeHarness.Response unknownBank = harness.post("/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_Q\",\"amount\":\"5\"}");
        assertThat(unknownBank.status()).isEqualTo(400);
        assertThat(unknownBank.json().getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_BANK");
        assertThat(unknownBank.json().getJsonObject("error").getString("message")).contains("BANK_Q");

        DevNodeHarness.Response tooMuch = harness.post("/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"999999999999\"}");
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().getJsonObject("error").getString("code")).isEqualTo("INSUFFICIENT_BALANCE");

        DevNodeHarness.Response negative = harness.post("/api/v1/dev/transfers", "{\"from\":\"BANK_A\",\"to\":\"BANK_B\",\"amount\":\"-5\"}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().getJsonObject("error").getString("message")).startsWith("amount:");

        DevNodeHarness.Response notJson = harness.post("/api/v1/dev/transfers", "{not json");
        assertThat(notJson.status()).isEqualTo(400);

        assertThat(harness.get("/api/v1/ledger").body()).isEqualTo(ledgerBefore);
        assertThat(harness.get("/api/v1/transfers/0x" + "00".repeat(32)).status()).isEqualTo(404);
        assertThat(harness.get("/api/v1/transfers/0x1234").status()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void randomWorkloadKeepsEveryInvariantAndMintsExactlyWhatWasBurned() throws Exception {
        BigInteger supplyBefore = BigInteger.ZERO;
        for (int bank = 0; bank < BANKS; bank++) {
            supplyBefore = supplyBefore.add(harness.totalSupply(bank));
        }
        Random random = new Random(42);
        List<String> transfers = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 40; i++) {
                int from = random.nextInt(BANKS);
                int to = (from + 1 + random.nextInt(BANKS - 1)) % BANKS;
                transfers.add(harness.transfer(bankId(from), bankId(to), 1 + random.nextInt(500)));
            }
            for (String transfer : transfers) {
                assertThat(harness.awaitFinal(transfer).type()).as("transfer %s", transfer).isEqualTo(NodeEvent.TRANSFER_EXECUTED);
            }
            JsonObject before = harness.get("/api/v1/ledger").json();
            assertLedgerInvariants(before);
            DevNodeHarness.Response netting = harness.post("/api/v1/netting/rounds", "");
            assertThat(netting.status()).isEqualTo(201);
            JsonObject after = harness.get("/api/v1/ledger").json();
            assertLedgerInvariants(after);
            assertThat(netPositions(after)).as("netting never changes a net position").isEqualTo(netPositions(before));
            Map<String, String> balancesBefore = balances(before);
            balances(after).forEach((pair, amount) -> assertThat(new BigInteger(amount))
                    .as("netting never increases %s", pair).isLessThanOrEqualTo(new BigInteger(balancesBefore.get(pair))));
            for (String pair : balances(after).keySet()) {
                String[] banks = pair.split("->");
                assertThat(balances(after)).as("bilateral netting leaves one direction per pair").doesNotContainKey(banks[1] + "->" + banks[0]);
            }
        }
        BigInteger supplyAfter = BigInteger.ZERO;
        for (int bank = 0; bank < BANKS; bank++) {
            supplyAfter = supplyAfter.add(harness.totalSupply(bank));
        }
        assertThat(supplyAfter).as("sum minted on destination chains equals sum burned on source chains").isEqualTo(supplyBefore);
    }

    static String bankId(int index) {
        return "BANK_" + (char) ('A' + index);
    }

    static Map<String, String> balances(JsonObject ledger) {
        Map<String, String> out = new HashMap<>();
        for (Object entry : ledger.getJsonArray("balances")) {
            JsonObject balance = (JsonObject) entry;
            out.put(balance.getString("issuer") + "->" + balance.getString("holder"), balance.getString("amount"));
        }
        return out;
    }

    static Map<String, BigInteger> netPositions(JsonObject ledger) {
        Map<String, BigInteger> out = new HashMap<>();
        JsonArray positions = ledger.getJsonArray("netPositions");
        for (Object entry : positions) {
            out.put(((JsonObject) entry).getString("bank"), new BigInteger(((JsonObject) entry).getString("net")));
        }
        return out;
    }

    static void assertLedgerInvariants(JsonObject ledger) {
        assertThat(netPositions(ledger).values().stream().reduce(BigInteger.ZERO, BigInteger::add)).as("net positions sum to zero").isZero();
        balances(ledger).values().forEach(amount -> assertThat(new BigInteger(amount)).as("no balance below zero").isPositive());
        BigInteger gross = balances(ledger).values().stream().map(BigInteger::new).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(ledger.getString("grossTotal")).isEqualTo(gross.toString());
    }
}
