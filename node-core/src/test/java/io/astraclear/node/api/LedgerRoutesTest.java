package io.astraclear.node.api;

import static io.astraclear.node.api.ApiRoutesTest.field;
import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.node.api.ApiTestNode.VALIDATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.node.testing.TestNetting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger, its journal, netting rounds and settlements: reading them, and the writes that change them. */
class LedgerRoutesTest {
    private ApiTestNode node;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start();
    }

    @AfterEach
    void stopNode() throws Exception {
        node.close();
    }

    @Test
    void theLedgerShowsBalancesGrossAndNetPositionsThatSumToZero() throws Exception {
        node.confirm(A, B, 100);
        node.confirm(B, A, 30);
        node.confirm(B, C, 50);

        JsonObject ledger = node.get(READER, "/api/v1/ledger").json();
        assertThat(ledger.getJsonArray("balances")).hasSize(3);
        assertThat(ledger.getString("grossTotal")).isEqualTo("180");
        BigInteger sum = BigInteger.ZERO;
        for (Object position : ledger.getJsonArray("netPositions")) {
            sum = sum.add(new BigInteger(((JsonObject) position).getString("net")));
        }
        assertThat(sum).isZero();
        assertThat(ledger.getJsonArray("netPositions")).contains(new JsonObject().put("bank", "BANK_A").put("net", "-70"));
        JsonObject first = ledger.getJsonArray("balances").getJsonObject(0);
        assertThat(first.getString("issuer")).isEqualTo("BANK_A");
        assertThat(first.getString("holder")).isEqualTo("BANK_B");
        assertThat(first.getString("token")).isEqualTo("cred-BANK_A");
        assertThat(ledger.containsKey("scope")).isFalse();
    }

    @Test
    void theJournalListsEveryEntryOldestFirstWithACursor() throws Exception {
        node.confirm(A, B, 100);
        node.confirm(B, A, 30);
        node.confirm(C, A, 5);
        assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);

        JsonObject first = node.get(READER, "/api/v1/ledger/journal?limit=3").json();
        assertThat(first.getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("type")).toList())
                .containsExactly("ISSUE", "ISSUE", "ISSUE");
        assertThat(first.getJsonArray("items").getJsonObject(0).getLong("sequence")).isEqualTo(1);
        JsonObject second = node.get(READER, "/api/v1/ledger/journal?limit=3&cursor=" + first.getString("nextCursor")).json();
        assertThat(second.getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("type") + " " + ((JsonObject) e).getString("amount")))
                .containsExactly("NETTING_BURN 30", "NETTING_BURN 30");
        assertThat(second.getJsonArray("items").getJsonObject(0).getString("reference")).isEqualTo("1");
        assertThat(second.containsKey("nextCursor")).isFalse();
        assertThat(field(node.get(READER, "/api/v1/ledger/journal?cursor=transfers:1:1"))).isEqualTo("cursor");
    }

    @Test
    void aNettingRoundRunsAtTheEndOfTheRequestsBlockAndIsListed() throws Exception {
        node.confirm(A, B, 100);
        node.confirm(B, A, 30);
        node.confirm(B, C, 50);
        node.confirm(C, B, 20);

        Reply run = node.post(ADMIN, "/api/v1/netting/rounds", "");
        assertThat(run.status()).isEqualTo(201);
        assertThat(run.json().getString("type")).isEqualTo("REQUEST_NETTING");
        assertThat(run.json().getString("sender")).isEqualTo(VALIDATOR.address().value());
        assertThat(run.json().getLong("height")).isEqualTo(node.head().height());
        JsonObject round = run.json().getJsonObject("round");
        assertThat(round.getLong("height")).isEqualTo(run.json().getLong("height"));
        assertThat(round.getString("grossBefore")).isEqualTo("200");
        assertThat(round.getString("grossAfter")).isEqualTo("100");
        assertThat(round.getString("reductionPercent")).isEqualTo("50.00");
        assertThat(round.getString("trigger")).isEqualTo("requested by " + VALIDATOR.address());
        assertThat(round.getJsonObject("strategy").getString("id")).isEqualTo(TestNetting.ID);
        assertThat(round.getJsonArray("burns")).hasSize(4);
        long roundId = round.getLong("roundId");

        assertThat(node.get(READER, "/api/v1/netting/rounds").json().getJsonArray("items")).hasSize(1);
        assertThat(node.get(READER, "/api/v1/netting/rounds/" + roundId).json()).isEqualTo(round);
        assertThat(node.get(READER, "/api/v1/ledger").json().getString("grossTotal")).isEqualTo("100");

        assertThat(node.get(READER, "/api/v1/netting/rounds/999").status()).isEqualTo(404);
        for (String bad : List.of("0", "-1", "abc", "1e3", "99999999999999999999")) {
            assertThat(field(node.get(READER, "/api/v1/netting/rounds/" + bad))).as(bad).isEqualTo("roundId");
        }
        assertThat(field(node.get(READER, "/api/v1/netting/rounds?cursor=rounds:abc"))).isEqualTo("cursor");
    }

    @Test
    void askingForNettingWithNothingToNetAnswers201WithoutARound() throws Exception {
        Reply run = node.post(ADMIN, "/api/v1/netting/rounds", "");
        assertThat(run.status()).isEqualTo(201);
        assertThat(run.json().getString("status")).isEqualTo("APPLIED");
        assertThat(run.json().containsKey("round")).isFalse();
        assertThat(node.get(READER, "/api/v1/netting/rounds").json().getJsonArray("items")).isEmpty();
    }

    @Test
    void settlementInstructionsRemainAfterNettingAndConfirmingOneBurnsItOnce() throws Exception {
        node.confirm(A, B, 100);
        node.confirm(B, C, 40);
        JsonArray instructions = node.get(READER, "/api/v1/settlements").json().getJsonArray("instructions");
        assertThat(instructions.stream().map(i -> ((JsonObject) i).getString("instruction")).toList())
                .containsExactly("BANK_A pays BANK_B 100", "BANK_B pays BANK_C 40");

        String body = "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"60\",\"reference\":\"wire-2026-001\"}";
        Reply confirmed = node.post(ADMIN, "/api/v1/settlements/confirm", body);
        assertThat(confirmed.status()).isEqualTo(201);
        assertThat(confirmed.json().getString("type")).isEqualTo("CONFIRM_SETTLEMENT");
        assertThat(confirmed.json().getString("sender")).as("signed with the creditor's operator key")
                .isEqualTo(ApiTestNode.OPERATORS.get(B).address().value());
        JsonObject settlement = confirmed.json().getJsonObject("settlement");
        assertThat(settlement.getString("amount")).isEqualTo("60");
        assertThat(settlement.getLong("height")).isEqualTo(confirmed.json().getLong("height"));
        long entry = settlement.getLong("journalEntry");

        Reply again = node.post(ADMIN, "/api/v1/settlements/confirm", body);
        assertThat(again.status()).as("idempotent on the reference").isEqualTo(201);
        assertThat(again.json().containsKey("settlement")).as("nothing burned the second time").isFalse();
        assertThat(again.json().getString("log")).contains("was confirmed at height " + confirmed.json().getLong("height"));
        assertThat(node.get(READER, "/api/v1/settlements").json().getJsonArray("instructions").getJsonObject(0).getString("amount")).isEqualTo("40");

        JsonArray done = node.get(READER, "/api/v1/settlements/confirmed").json().getJsonArray("items");
        assertThat(done).hasSize(1);
        assertThat(done.getJsonObject(0).getLong("journalEntry")).isEqualTo(entry);
        assertThat(done.getJsonObject(0).getString("reference")).isEqualTo("wire-2026-001");
        assertThat(done.getJsonObject(0).getString("confirmedBy")).isEqualTo(ApiTestNode.OPERATORS.get(B).address().value());
    }

    @Test
    void aSettlementConfirmationWithABadBodyIs400NamingTheFieldAndChangesNothing() throws Exception {
        node.confirm(A, B, 100);
        String ledgerBefore = node.get(READER, "/api/v1/ledger").body();
        long height = node.head().height();
        assertBadField("{\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"r\"}", "debtor");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"-1\",\"reference\":\"r\"}", "amount");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":1,\"reference\":\"r\"}", "amount");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"0\",\"reference\":\"r\"}", "amount");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"" + BigInteger.TWO.pow(256) + "\",\"reference\":\"r\"}", "amount");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_A\",\"amount\":\"1\",\"reference\":\"r\"}", "creditor");
        assertBadField("{\"debtor\":\"bank a\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"r\"}", "debtor");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"\"}", "reference");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"   \"}", "reference");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"caf\u00e9\"}", "reference");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"" + "r".repeat(129) + "\"}", "reference");
        assertBadField("{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"r\",\"extra\":true}", "extra");
        for (String body : List.of("{\"debtor\":\"BANK_Q\",\"creditor\":\"BANK_B\",\"amount\":\"1\",\"reference\":\"r\"}",
                "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_Q\",\"amount\":\"1\",\"reference\":\"r\"}")) {
            Reply unknownBank = node.post(ADMIN, "/api/v1/settlements/confirm", body);
            assertThat(unknownBank.status()).isEqualTo(400);
            assertThat(unknownBank.errorCode()).isEqualTo("UNKNOWN_BANK");
            assertThat(unknownBank.errorDetails().getString("bank")).isEqualTo("BANK_Q");
        }
        for (String notAnObject : List.of("{not json", "[1,2]", "\"text\"", "", "null")) {
            Reply reply = node.post(ADMIN, "/api/v1/settlements/confirm", notAnObject);
            assertThat(reply.status()).as(notAnObject).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("INVALID_BODY");
        }
        Reply huge = node.post(ADMIN, "/api/v1/settlements/confirm", "{\"reference\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("BODY_TOO_LARGE");
        assertThat(node.get(READER, "/api/v1/ledger").body()).isEqualTo(ledgerBefore);
        assertThat(node.head().height()).as("nothing reached the hub").isEqualTo(height);
    }

    private void assertBadField(String body, String field) throws Exception {
        Reply reply = node.post(ADMIN, "/api/v1/settlements/confirm", body);
        assertThat(field(reply)).as(body + " -> " + reply).isEqualTo(field);
        assertThat(reply.json().getJsonObject("error").getString("message")).startsWith(field + ":");
    }
}
