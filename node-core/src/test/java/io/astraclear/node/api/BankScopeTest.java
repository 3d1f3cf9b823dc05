package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.BANK_B_TOKEN;
import static io.astraclear.node.api.ApiTestNode.BANK_C_TOKEN;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.ports.chain.ObservedTransfer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bank token sees what concerns its bank and nothing else, on every route: another bank's
 * transfer or batch is absent (404), asking for another bank's listing is forbidden (403), and the
 * consortium-wide listings show the bank's part only.
 */
class BankScopeTest {
    private ApiTestNode node;
    private ObservedTransfer aToB;
    private ObservedTransfer bToC;
    private ObservedTransfer cToB;

    @BeforeEach
    void startNodeWithThreeBanksTrading() throws Exception {
        node = ApiTestNode.start();
        aToB = node.confirm(A, B, 10);
        bToC = node.confirm(B, C, 20);
        cToB = node.confirm(C, B, 5);
        node.signOpenBatches();
        node.commit(node.attestation(node.executed(aToB)));
        assertThat(node.post(ADMIN, "/api/v1/netting/rounds", "").status()).isEqualTo(201);
        assertThat(node.post(ADMIN, "/api/v1/settlements/confirm",
                "{\"debtor\":\"BANK_B\",\"creditor\":\"BANK_C\",\"amount\":\"15\",\"reference\":\"wire-b-c\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stopNode() throws Exception {
        node.close();
    }

    @Test
    void aBankTokenReadsItsOwnTransfersOnlyAndAnotherBanksIsAbsent() throws Exception {
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/transfers/" + aToB.transferId()).status()).isEqualTo(200);
        assertThat(node.get(BANK_B_TOKEN, "/api/v1/transfers/" + aToB.transferId()).status()).isEqualTo(200);
        Reply hidden = node.get(BANK_A_TOKEN, "/api/v1/transfers/" + bToC.transferId());
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(node.get(BANK_A_TOKEN, "/api/v1/transfers/0x" + "ab".repeat(32)).body()
                .replace("0x" + "ab".repeat(32), bToC.transferId().toString()));
        assertThat(node.get(READER, "/api/v1/transfers/" + bToC.transferId()).status()).isEqualTo(200);

        assertThat(ApiRoutesTest.ids(node.get(BANK_A_TOKEN, "/api/v1/transfers").json())).containsExactly(aToB.transferId().toString());
        assertThat(ApiRoutesTest.ids(node.get(BANK_C_TOKEN, "/api/v1/transfers?bank=BANK_C").json()))
                .containsExactly(cToB.transferId().toString(), bToC.transferId().toString());
        Reply other = node.get(BANK_A_TOKEN, "/api/v1/transfers?bank=BANK_C");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void aTransfersBatchShowsOtherBanksOnlyTheirOwnCommands() throws Exception {
        // BANK_B/1 holds A->B; BANK_B/2 holds C->B: each batch one source
        JsonObject forA = node.get(BANK_A_TOKEN, "/api/v1/transfers/" + aToB.transferId()).json().getJsonObject("batch");
        assertThat(forA.getString("scope")).isEqualTo("BANK_A");
        assertThat(forA.getJsonArray("commands").stream().map(c -> ((JsonObject) c).getString("sourceBank")).toList()).containsOnly("BANK_A");
        JsonObject forB = node.get(BANK_B_TOKEN, "/api/v1/transfers/" + aToB.transferId()).json().getJsonObject("batch");
        assertThat(forB.containsKey("scope")).as("the destination sees the whole batch").isFalse();
    }

    @Test
    void aBankTokenSeesTheBatchesMintingToItsBankOnly() throws Exception {
        JsonArray forB = node.get(BANK_B_TOKEN, "/api/v1/batches").json().getJsonArray("items");
        assertThat(forB.stream().map(b -> ((JsonObject) b).getString("bank")).toList()).isNotEmpty().containsOnly("BANK_B");
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/batches").json().getJsonArray("items")).as("nothing mints to BANK_A").isEmpty();
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/batches?bank=BANK_B").status()).isEqualTo(403);
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/batches/BANK_B/1").status()).isEqualTo(404);
        assertThat(node.get(BANK_B_TOKEN, "/api/v1/batches/BANK_B/1").status()).isEqualTo(200);
    }

    @Test
    void theLedgerJournalAndSettlementsShowABankItsOwnPairsOnly() throws Exception {
        JsonObject ledger = node.get(BANK_A_TOKEN, "/api/v1/ledger").json();
        assertThat(ledger.getString("scope")).isEqualTo("BANK_A");
        assertThat(ledger.getJsonArray("balances").stream().map(o -> ((JsonObject) o).getString("issuer") + ">" + ((JsonObject) o).getString("holder"))
                .toList()).containsExactly("BANK_A>BANK_B");
        assertThat(ledger.getJsonArray("netPositions")).containsExactly(new JsonObject().put("bank", "BANK_A").put("net", "-10"));

        assertThat(banksIn(node.get(BANK_A_TOKEN, "/api/v1/ledger/journal").json().getJsonArray("items"), "issuer", "holder"))
                .allMatch(pair -> pair.contains("BANK_A"));
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/ledger/journal").json().getJsonArray("items")).hasSize(1);
        assertThat(node.get(READER, "/api/v1/ledger/journal").json().getJsonArray("items")).hasSizeGreaterThan(1);

        assertThat(node.get(BANK_A_TOKEN, "/api/v1/settlements").json().getJsonArray("instructions").stream()
                .map(i -> ((JsonObject) i).getString("instruction")).toList()).containsExactly("BANK_A pays BANK_B 10");
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/settlements/confirmed").json().getJsonArray("items")).isEmpty();
        assertThat(node.get(BANK_C_TOKEN, "/api/v1/settlements/confirmed").json().getJsonArray("items")).hasSize(1);
        assertThat(node.get(BANK_B_TOKEN, "/api/v1/settlements/confirmed").json().getJsonArray("items")).hasSize(1);
    }

    @Test
    void aScopedListingPagesOverEntriesItCannotSeeWithoutLosingAny() throws Exception {
        // ten entries of other pairs between BANK_A's two: a page of 1 must still reach the second
        for (int i = 0; i < 10; i++) {
            node.confirm(B, C, 1);
        }
        node.confirm(A, C, 7);
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = node.get(BANK_A_TOKEN, "/api/v1/ledger/journal?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.getJsonArray("items").forEach(e -> seen.add(((JsonObject) e).getString("issuer") + ">" + ((JsonObject) e).getString("holder")
                    + " " + ((JsonObject) e).getString("amount")));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 50);
        assertThat(seen).containsExactly("BANK_A>BANK_B 10", "BANK_A>BANK_C 7");
    }

    @Test
    void nettingRoundsShowABankItsPairsAndPositionWithoutTheConsortiumFigures() throws Exception {
        JsonObject forC = node.get(BANK_C_TOKEN, "/api/v1/netting/rounds/1").json();
        assertThat(forC.getString("scope")).isEqualTo("BANK_C");
        assertThat(forC.containsKey("grossBefore")).isFalse();
        assertThat(banksIn(forC.getJsonArray("burns"), "issuer", "holder")).allMatch(pair -> pair.contains("BANK_C"));
        assertThat(forC.getJsonArray("netAfter").stream().map(p -> ((JsonObject) p).getString("bank")).toList()).containsExactly("BANK_C");
        JsonObject forA = node.get(BANK_A_TOKEN, "/api/v1/netting/rounds").json().getJsonArray("items").getJsonObject(0);
        assertThat(forA.getJsonArray("burns")).as("BANK_A had nothing to offset").isEmpty();
        assertThat(node.get(READER, "/api/v1/netting/rounds/1").json().getString("grossBefore")).isEqualTo("35");
    }

    @Test
    void aBankTokenSeesTheTransactionsItsOperatorKeySentAndNoOthers() throws Exception {
        JsonArray forC = node.get(BANK_C_TOKEN, "/api/v1/hub/transactions").json().getJsonArray("items");
        assertThat(forC).hasSize(1);
        assertThat(forC.getJsonObject(0).getString("type")).isEqualTo("CONFIRM_SETTLEMENT");
        String settlement = forC.getJsonObject(0).getString("transactionHash");
        assertThat(node.get(BANK_C_TOKEN, "/api/v1/hub/transactions/" + settlement).status()).isEqualTo(200);
        assertThat(node.get(BANK_B_TOKEN, "/api/v1/hub/transactions/" + settlement).status()).as("sent by BANK_C's key").isEqualTo(404);
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/hub/transactions").json().getJsonArray("items")).isEmpty();
        String attest = node.get(READER, "/api/v1/hub/transactions").json().getJsonArray("items").getJsonObject(0).getString("transactionHash");
        assertThat(node.get(BANK_A_TOKEN, "/api/v1/hub/transactions/" + attest).status()).as("a validator's").isEqualTo(404);
        assertThat(node.get(READER, "/api/v1/hub/transactions/" + attest).status()).isEqualTo(200);
    }

    private static Set<String> banksIn(JsonArray items, String first, String second) {
        Set<String> pairs = new TreeSet<>();
        items.forEach(item -> pairs.add(((JsonObject) item).getString(first) + ">" + ((JsonObject) item).getString(second)));
        return pairs;
    }
}
