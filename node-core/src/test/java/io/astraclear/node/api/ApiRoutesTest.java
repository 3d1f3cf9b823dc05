package io.astraclear.node.api;

import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_B_TOKEN;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.node.api.ApiTestNode.VALIDATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.node.testing.TestNetting;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.state.HubTransfer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reading routes on committed hub state: the node, the hub, the consortium, transfers and
 * batches — their happy paths and their documented errors. Every answer is also held against the
 * OpenAPI document by the test node.
 */
class ApiRoutesTest {
    private ApiTestNode node;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start();
    }

    @AfterEach
    void stopNode() throws Exception {
        node.close();
    }

    // --- the node and the hub ----------------------------------------------------------------------

    @Test
    void nodeSaysWhichNodeAnswersWhichKeysItHoldsAndHowLongItHasRun() throws Exception {
        JsonObject info = node.get(BANK_B_TOKEN, "/api/v1/node").json();
        assertThat(info.getString("name")).isEqualTo("api-test");
        assertThat(info.getString("version")).isEqualTo("development"); // classes from the build directory carry no manifest
        assertThat(info.getString("mode")).isEqualTo("production");     // no dev transfers on this node
        assertThat(info.getString("validator")).isEqualTo(VALIDATOR.address().value());
        assertThat(info.getBoolean("validatorActive")).isTrue();
        assertThat(info.getString("hubChainId")).isEqualTo(ApiTestNode.CHAIN_ID);
        assertThat(info.getString("consensus")).isEqualTo("solo");
        assertThat(info.getString("storage")).isEqualTo("memory");
        assertThat(info.getLong("blockTimeMs")).isEqualTo(3_600_000);
        assertThat(info.getJsonArray("operatorKeys")).containsExactly("BANK_A", "BANK_B", "BANK_C");
        assertThat(info.getLong("uptimeSeconds")).isBetween(0L, 60L);
    }

    @Test
    void theHubShowsHeightAppHashAndLastBlockTimeAndTheyMoveWithEveryBlock() throws Exception {
        JsonObject genesis = node.get(READER, "/api/v1/hub").json();
        assertThat(genesis.getLong("height")).isZero();
        assertThat(genesis.containsKey("lastBlockTime")).as("no block yet").isFalse();
        assertThat(genesis.getString("appHash")).isEqualTo(genesis.getString("genesisHash"));
        assertThat(genesis.getString("chainId")).isEqualTo(ApiTestNode.CHAIN_ID);
        assertThat(genesis.getJsonObject("engine").getString("name")).isEqualTo("solo");
        assertThat(genesis.getJsonObject("engine").getString("status")).isEqualTo("UP");
        assertThat(genesis.getJsonObject("engine").getInteger("waitingTransactions")).isZero();
        assertThat(genesis.getJsonObject("validators").getJsonArray("validators")).containsExactly(VALIDATOR.address().value());
        assertThat(genesis.getJsonObject("validators").getInteger("threshold")).isEqualTo(1);
        assertThat(genesis.getJsonObject("nettingStrategy").getString("id")).isEqualTo(TestNetting.ID);
        assertThat(genesis.getJsonObject("parameters").getInteger("retryMax")).isZero();
        assertThat(genesis.getLong("lastEventId")).isZero();

        node.confirm(A, B, 100);
        JsonObject after = node.get(READER, "/api/v1/hub").json();
        assertThat(after.getLong("height")).isEqualTo(1);
        assertThat(after.getString("appHash")).isEqualTo(node.head().appHash().value()).isNotEqualTo(genesis.getString("appHash"));
        assertThat(after.getString("lastBlockTime")).isEqualTo(node.head().time().toString());
        assertThat(after.getLong("lastEventId")).as("observed, confirmed, batch created").isEqualTo(3);
    }

    // --- the consortium ------------------------------------------------------------------------------

    @Test
    void banksListEveryBankWithItsChainContractsAndOperatorKey() throws Exception {
        JsonArray banks = node.get(ApiTestNode.BANK_A_TOKEN, "/api/v1/banks").json().getJsonArray("items");
        assertThat(banks).hasSize(3);
        JsonObject bankB = banks.getJsonObject(1);
        assertThat(bankB.getString("id")).isEqualTo("BANK_B");
        assertThat(bankB.getLong("chainId")).isEqualTo(1002);
        assertThat(bankB.getString("gateway")).isEqualTo(ApiTestNode.address("gateway", B).value());
        assertThat(bankB.getString("credToken")).isEqualTo("cred-BANK_B");
        assertThat(bankB.getString("operator")).isEqualTo(ApiTestNode.OPERATORS.get(B).address().value());

        assertThat(node.get(READER, "/api/v1/banks/BANK_C").json().getString("id")).isEqualTo("BANK_C");
        Reply unknown = node.get(READER, "/api/v1/banks/BANK_Q");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(field(node.get(READER, "/api/v1/banks/bank-a"))).isEqualTo("bankId");
    }

    @Test
    void validatorsAndValidatorSetsShowTheCommittedSetsWithTheirThreshold() throws Exception {
        JsonObject validators = node.get(READER, "/api/v1/validators").json();
        assertThat(validators.getJsonArray("validators")).containsExactly(VALIDATOR.address().value());
        assertThat(validators.getInteger("count")).isEqualTo(1);
        assertThat(validators.getInteger("threshold")).isEqualTo(1);
        assertThat(validators.getLong("nonce")).isZero();

        JsonObject sets = node.get(READER, "/api/v1/validator-sets").json();
        assertThat(sets.getJsonObject("active")).isEqualTo(validators);
        assertThat(sets.getJsonArray("executors").stream().map(e -> ((JsonObject) e).getString("bank")).toList())
                .containsExactly("BANK_A", "BANK_B", "BANK_C");
        assertThat(sets.getJsonArray("approvals")).isEmpty();
        assertThat(sets.containsKey("next")).isFalse();
    }

    @Test
    void pluginsShowWhatIsLoadedAndWhichExtensionIsActive() throws Exception {
        JsonObject plugins = node.get(BANK_B_TOKEN, "/api/v1/plugins").json();
        assertThat(plugins.getJsonObject("active").getJsonObject("netting").getString("id")).isEqualTo(TestNetting.ID);
        assertThat(plugins.getJsonObject("active").getJsonObject("signer").getString("plugin")).isEqualTo("signer-test");
        JsonObject netting = plugins.getJsonArray("items").getJsonObject(1);
        assertThat(netting.getString("id")).isEqualTo("netting-test");
        assertThat(netting.getJsonArray("kinds")).containsExactly("NETTING");
        assertThat(netting.getBoolean("active")).isTrue();
        assertThat(netting.getJsonArray("extensions").getJsonObject(0).getBoolean("active")).isTrue();
        assertThat(netting.getJsonArray("extensions").getJsonObject(1).getBoolean("active")).isFalse();
    }

    // --- transfers -------------------------------------------------------------------------------------

    @Test
    void oneTransferShowsItsHistoryAttestationsConfirmationBatchAndMint() throws Exception {
        ObservedTransfer transfer = node.execute(A, B, 250);
        HubTransfer stored = node.stored(transfer);
        JsonObject json = node.get(ADMIN, "/api/v1/transfers/" + transfer.transferId()).json();

        assertThat(json.getString("transferId")).isEqualTo(transfer.transferId().toString());
        assertThat(json.getString("status")).isEqualTo("EXECUTED");
        assertThat(json.getString("amount")).isEqualTo("250");
        assertThat(json.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("status")).toList())
                .containsExactly("OBSERVED", "CONFIRMED", "EXECUTED");
        assertThat(json.getJsonArray("history").getJsonObject(0).getLong("height")).isEqualTo(1);
        assertThat(json.getJsonObject("source").getString("transactionHash")).isEqualTo(transfer.transactionHash().value());
        assertThat(json.getJsonArray("attestations")).hasSize(1);
        assertThat(json.getJsonArray("attestations").getJsonObject(0).getString("validator")).isEqualTo(VALIDATOR.address().value());
        MintCommand command = stored.confirmation().orElseThrow().command();
        JsonObject confirmation = json.getJsonObject("confirmation");
        assertThat(confirmation.getLong("height")).isEqualTo(1);
        assertThat(confirmation.getJsonObject("command").getString("commandId")).isEqualTo(command.commandId().toString());
        assertThat(confirmation.getJsonObject("command").getString("executor")).isEqualTo(ApiTestNode.address("executor", B).value());
        JsonObject batch = json.getJsonObject("batch");
        assertThat(batch.getString("batchId")).isEqualTo("BANK_B/1").isEqualTo(json.getString("batchId"));
        assertThat(batch.getString("status")).isEqualTo("DONE");
        assertThat(batch.getJsonArray("signatures").getJsonObject(0).getString("validator")).isEqualTo(VALIDATOR.address().value());
        JsonObject mint = json.getJsonObject("mint");
        assertThat(mint.getString("transactionHash")).isEqualTo(stored.mint().orElseThrow().transactionHash().value())
                .isEqualTo(json.getString("destinationTransactionHash"));
        assertThat(mint.getLong("height")).isEqualTo(3);
    }

    @Test
    void aStuckTransferSaysWhy() throws Exception {
        ObservedTransfer transfer = node.stick(A, C, 40);
        JsonObject json = node.get(READER, "/api/v1/transfers/" + transfer.transferId()).json();
        assertThat(json.getString("status")).isEqualTo("STUCK");
        assertThat(json.getString("reason")).contains("refused the mint");
        assertThat(json.getInteger("failedMints")).isEqualTo(1);
        assertThat(json.getJsonArray("history").getJsonObject(2).getString("reason")).isEqualTo(json.getString("reason"));
    }

    @Test
    void anUnknownTransferIs404AndAMalformedIdIs400NamingIt() throws Exception {
        Reply unknown = node.get(ADMIN, "/api/v1/transfers/0x" + "ab".repeat(32));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        Reply malformed = node.get(ADMIN, "/api/v1/transfers/0x1234");
        assertThat(field(malformed)).isEqualTo("transferId");
        assertThat(malformed.json().getJsonObject("error").getString("message")).startsWith("transferId:");
    }

    @Test
    void transfersFilterByStatusBankAndTheBlockTimeOfTheirFirstAttestation() throws Exception {
        ObservedTransfer confirmed = node.confirm(B, C, 2);
        ObservedTransfer executed = node.execute(C, A, 3);
        // a transfer to a bank outside the hub stays OBSERVED (it can never be minted)
        ObservedTransfer nowhere = node.transfer(A, BankId.of("BANK_Z"), 4);
        node.commit(node.attestation(new Observation.TransferInitiated(nowhere)));

        assertThat(ids(node.get(READER, "/api/v1/transfers").json()))
                .containsExactly(nowhere.transferId().toString(), executed.transferId().toString(), confirmed.transferId().toString());
        assertThat(ids(node.get(READER, "/api/v1/transfers?status=CONFIRMED").json())).containsExactly(confirmed.transferId().toString());
        assertThat(ids(node.get(READER, "/api/v1/transfers?status=executed").json())).containsExactly(executed.transferId().toString());
        assertThat(ids(node.get(READER, "/api/v1/transfers?status=OBSERVED").json())).containsExactly(nowhere.transferId().toString());
        assertThat(ids(node.get(READER, "/api/v1/transfers?bank=BANK_A").json()))
                .containsExactly(nowhere.transferId().toString(), executed.transferId().toString());

        String confirmedAt = node.stored(confirmed).firstAttestedTime().toString();
        String executedAt = node.stored(executed).firstAttestedTime().toString();
        assertThat(ids(node.get(READER, "/api/v1/transfers?observedFrom=" + confirmedAt + "&observedTo=" + executedAt).json()))
                .containsExactly(confirmed.transferId().toString());
        assertThat(ids(node.get(READER, "/api/v1/transfers?observedFrom=" + executedAt).json()))
                .containsExactly(nowhere.transferId().toString(), executed.transferId().toString());

        JsonObject summary = node.get(READER, "/api/v1/transfers?status=EXECUTED").json().getJsonArray("items").getJsonObject(0);
        assertThat(summary.getString("observedAt")).isEqualTo(executedAt);
        assertThat(summary.getString("sourceBank")).isEqualTo("BANK_C");
        assertThat(summary.getString("amount")).isEqualTo("3");
        assertThat(summary.getString("batchId")).isEqualTo("BANK_A/1");
        assertThat(summary.getString("sourceTransactionHash")).isEqualTo(executed.transactionHash().value());
        assertThat(summary.getString("destinationTransactionHash")).as("the mint transaction, in the listing too")
                .isEqualTo(node.stored(executed).mint().orElseThrow().transactionHash().value());
        JsonObject unminted = node.get(READER, "/api/v1/transfers?status=CONFIRMED").json().getJsonArray("items").getJsonObject(0);
        assertThat(unminted.containsKey("destinationTransactionHash")).isFalse();
        assertThat(unminted.getString("batchId")).isEqualTo("BANK_C/1");
    }

    @Test
    void transferListingsPageWithACursorAndABoundedPageSize() throws Exception {
        Set<String> seeded = new HashSet<>();
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ObservedTransfer transfer = node.transfer(i % 2 == 0 ? A : B, C, i + 1);
            seeded.add(transfer.transferId().toString());
            observations.add(new Observation.TransferInitiated(transfer));
        }
        node.commit(node.attestation(observations.toArray(Observation[]::new)));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = node.get(READER, "/api/v1/transfers?limit=5" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                    .json();
            assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(5);
            seen.addAll(ids(page));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(seeded);

        for (String bad : List.of("limit=0", "limit=501", "limit=abc", "limit=99999999999")) {
            assertThat(field(node.get(READER, "/api/v1/transfers?" + bad))).as(bad).isEqualTo("limit");
        }
        assertThat(field(node.get(READER, "/api/v1/transfers?cursor=garbage"))).isEqualTo("cursor");
        assertThat(field(node.get(READER, "/api/v1/transfers?status=LOST"))).isEqualTo("status");
        assertThat(field(node.get(READER, "/api/v1/transfers?bank=nobank"))).isEqualTo("bank");
        assertThat(field(node.get(READER, "/api/v1/transfers?observedFrom=yesterday"))).isEqualTo("observedFrom");
        assertThat(field(node.get(READER, "/api/v1/transfers?observedFrom=2026-03-02T00:00:00Z&observedTo=2026-03-01T00:00:00Z"))).isEqualTo("observedTo");
    }

    // --- batches ------------------------------------------------------------------------------------------

    @Test
    void batchesAreListedNewestFirstPerDestinationWithTheirCommandsAndSignatures() throws Exception {
        ObservedTransfer toB = node.confirm(A, B, 10);
        node.confirm(C, B, 20);
        ObservedTransfer toC = node.confirm(A, C, 30);
        node.signOpenBatches();
        node.commit(node.attestation(node.executed(toB)));

        JsonArray all = node.get(READER, "/api/v1/batches").json().getJsonArray("items");
        assertThat(all.stream().map(b -> ((JsonObject) b).getString("batchId")).toList()).containsExactly("BANK_C/1", "BANK_B/2", "BANK_B/1");
        JsonArray toBankB = node.get(READER, "/api/v1/batches?bank=BANK_B").json().getJsonArray("items");
        assertThat(toBankB.stream().map(b -> ((JsonObject) b).getString("batchId")).toList()).containsExactly("BANK_B/2", "BANK_B/1");

        JsonObject done = node.get(READER, "/api/v1/batches/BANK_B/1").json();
        assertThat(done.getString("status")).isEqualTo("DONE");
        assertThat(done.getLong("doneHeight")).isEqualTo(node.head().height());
        assertThat(done.getJsonArray("commands").getJsonObject(0).getString("commandId")).isEqualTo(toB.commandId().toString());
        assertThat(done.getJsonArray("signatures")).hasSize(1);
        JsonObject open = node.get(READER, "/api/v1/batches/BANK_C/1").json();
        assertThat(open.getString("status")).isEqualTo("OPEN");
        assertThat(open.containsKey("doneHeight")).isFalse();
        assertThat(open.getString("digest")).matches("0x[0-9a-f]{64}");
        assertThat(open.getJsonArray("commands").getJsonObject(0).getString("amount")).isEqualTo("30");
        assertThat(open.getJsonArray("commands").getJsonObject(0).getString("commandId")).isEqualTo(toC.commandId().toString());

        assertThat(node.get(READER, "/api/v1/batches/BANK_C/9").status()).isEqualTo(404);
        for (String bad : List.of("0", "-1", "abc", "99999999999999999999")) {
            assertThat(field(node.get(READER, "/api/v1/batches/BANK_C/" + bad))).as(bad).isEqualTo("number");
        }
        assertThat(field(node.get(READER, "/api/v1/batches/bank_c/1"))).isEqualTo("bankId");
        assertThat(field(node.get(READER, "/api/v1/batches?cursor=nonsense"))).isEqualTo("cursor");
    }

    static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("transferId")).toList();
    }

    static String field(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        return reply.errorDetails().getString("field");
    }
}
