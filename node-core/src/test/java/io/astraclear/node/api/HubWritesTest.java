package io.astraclear.node.api;

import static io.astraclear.node.api.ApiRoutesTest.field;
import static io.astraclear.node.api.ApiTestNode.A;
import static io.astraclear.node.api.ApiTestNode.ADMIN;
import static io.astraclear.node.api.ApiTestNode.B;
import static io.astraclear.node.api.ApiTestNode.BANK_A_TOKEN;
import static io.astraclear.node.api.ApiTestNode.C;
import static io.astraclear.node.api.ApiTestNode.READER;
import static io.astraclear.node.api.ApiTestNode.VALIDATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.api.ApiTestNode.Reply;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.hub.codec.HubCodec;
import io.astraclear.node.testing.TestKeys;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.SignedTransaction;
import io.astraclear.ports.state.HubHead;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writes as hub transactions: 201 once committed within the wait, 202 with the hash to poll when
 * not, the hub's rejection as a 4xx naming the problem — at admission (nothing reaches a block) or
 * in the block (only the transaction's record) — and nothing changed by what was refused.
 */
class HubWritesTest {

    @Test
    void aWriteNotCommittedWithinItsWaitAnswers202AndItsRecordCanBePolledOnceCommitted() throws Exception {
        // half of a 2 s request limit: the write waits 1 s for its block, which the gate holds longer
        try (ApiTestNode node = ApiTestNode.start(api -> withTimeout(api, Duration.ofSeconds(2)))) {
            node.confirm(A, B, 100);
            String ledger = node.get(READER, "/api/v1/ledger").body();
            node.gate.shut();

            Reply pending = node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"25\",\"reference\":\"wire-slow\"}");

            assertThat(pending.status()).isEqualTo(202);
            assertThat(pending.json().getString("status")).isEqualTo("PENDING");
            String hash = pending.json().getString("transactionHash");
            assertThat(hash).isEqualTo(HubDigests.transactionHash(node.settlement(A, B, 25, "wire-slow")).value());
            assertThat(pending.json().getString("poll")).isEqualTo("/api/v1/hub/transactions/" + hash);
            ApiTestNode.until("its block is finalized and waits at the gate", () -> node.gate.held() == 1);
            Reply notYet = node.get(READER, pending.json().getString("poll"));
            assertThat(notYet.status()).isEqualTo(404);
            assertThat(notYet.json().getJsonObject("error").getString("message")).contains("no committed block (yet)");
            assertThat(node.get(READER, "/api/v1/ledger").body()).as("reads show committed state only").isEqualTo(ledger);

            node.gate.open();
            ApiTestNode.until("the settlement's block is committed", () -> node.head().height() == 2);
            JsonObject record = node.get(READER, pending.json().getString("poll")).json();
            assertThat(record.getString("status")).isEqualTo("APPLIED");
            assertThat(record.getLong("height")).isEqualTo(2);
            assertThat(record.getString("type")).isEqualTo("CONFIRM_SETTLEMENT");
            assertThat(node.get(READER, "/api/v1/settlements").json().getJsonArray("instructions").getJsonObject(0).getString("amount")).isEqualTo("75");
        }
    }

    @Test
    void aTransactionRejectedInItsBlockAnswersTheRejectionChangesNothingAndIsRecordedAsRejected() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.confirm(A, B, 100);
            // hold a block at the gate: both settlements are admitted against the same state (each fits the 100 owed) and share the next block
            node.gate.shut();
            Future<?> holding = node.submitter.submitSigned(node.attestation(new Observation.TransferInitiated(
                    node.transfer(C, A, 1))), ApiTestNode.WAIT);
            ApiTestNode.until("a block waits at the gate", () -> node.gate.held() == 1);
            Callable<Reply> first = () -> node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"70\",\"reference\":\"wire-1\"}");
            Callable<Reply> second = () -> node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"50\",\"reference\":\"wire-2\"}");
            var pool = Executors.newVirtualThreadPerTaskExecutor();
            try {
                var firstReply = pool.submit(first);
                ApiTestNode.until("the first settlement waits in the pool", () -> node.engine.status().waitingTransactions() == 1);
                var secondReply = pool.submit(second);
                ApiTestNode.until("both settlements wait in the pool", () -> node.engine.status().waitingTransactions() == 2);
                node.gate.open();
                holding.await(ApiTestNode.WAIT.toSeconds(), TimeUnit.SECONDS);

                Reply applied = firstReply.get(ApiTestNode.WAIT.toSeconds(), TimeUnit.SECONDS);
                Reply rejected = secondReply.get(ApiTestNode.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(applied.status()).isEqualTo(201);
                assertThat(rejected.status()).isEqualTo(409);
                assertThat(rejected.errorCode()).isEqualTo("INSUFFICIENT_BALANCE");
                assertThat(rejected.json().getJsonObject("error").getString("message")).contains("owes BANK_B 30, less than 50");
                assertThat(rejected.errorDetails().getString("stage")).isEqualTo("block");
                assertThat(rejected.errorDetails().getLong("height")).isEqualTo(applied.json().getLong("height"));

                JsonObject record = node.get(READER, "/api/v1/hub/transactions/" + rejected.errorDetails().getString("transactionHash")).json();
                assertThat(record.getString("status")).isEqualTo("REJECTED");
                assertThat(record.getString("code")).isEqualTo("INSUFFICIENT_BALANCE");
                assertThat(node.get(READER, "/api/v1/settlements/confirmed").json().getJsonArray("items")).hasSize(1);
                assertThat(node.get(READER, "/api/v1/settlements").json().getJsonArray("instructions").getJsonObject(0).getString("amount"))
                        .as("only the first burned").isEqualTo("30");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSettlementBeyondTheBalanceOrReusingAReferenceIsRefusedAtAdmissionAndChangesNothing() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.confirm(A, B, 100);
            assertThat(node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"60\",\"reference\":\"wire-1\"}").status()).isEqualTo(201);
            HubHead before = node.head();
            String ledger = node.get(READER, "/api/v1/ledger").body();

            Reply tooMuch = node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"41\",\"reference\":\"wire-2\"}");
            assertThat(tooMuch.status()).isEqualTo(409);
            assertThat(tooMuch.errorCode()).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(tooMuch.errorDetails().getString("stage")).isEqualTo("admission");
            Reply reused = node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_A\",\"creditor\":\"BANK_B\",\"amount\":\"5\",\"reference\":\"wire-1\"}");
            assertThat(reused.status()).isEqualTo(409);
            assertThat(reused.errorCode()).isEqualTo("REFERENCE_CONFLICT");
            Reply nothingOwed = node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_C\",\"creditor\":\"BANK_A\",\"amount\":\"1\",\"reference\":\"wire-3\"}");
            assertThat(nothingOwed.errorCode()).isEqualTo("INSUFFICIENT_BALANCE");

            assertThat(node.head()).as("no block: refused at admission").isEqualTo(before);
            assertThat(node.get(READER, "/api/v1/ledger").body()).isEqualTo(ledger);
            assertThat(node.get(READER, "/api/v1/hub/transactions/" + tooMuch.errorDetails().getString("transactionHash")).status()).isEqualTo(404);
        }
    }

    @Test
    void aNodeWithoutTheCreditorsOperatorKeyCannotConfirmForItAndSaysWhereToSubmitInstead() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(ApiTestNode.Options.defaults().withOperatorKeys(List.of(A, B)))) {
            node.confirm(B, C, 40);
            Reply reply = node.post(ADMIN, "/api/v1/settlements/confirm",
                    "{\"debtor\":\"BANK_B\",\"creditor\":\"BANK_C\",\"amount\":\"40\",\"reference\":\"wire-c\"}");
            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.errorCode()).isEqualTo("NO_OPERATOR_KEY");
            assertThat(reply.json().getJsonObject("error").getString("message")).contains("BANK_C").contains("/api/v1/hub/transactions");
            assertThat(node.get(READER, "/api/v1/node").json().getJsonArray("operatorKeys")).containsExactly("BANK_A", "BANK_B");

            // signed by BANK_C's own key elsewhere, the same confirmation goes through
            Reply submitted = node.post(READER, "/api/v1/hub/transactions", body(node.settlement(B, C, 40, "wire-c")));
            assertThat(submitted.status()).isEqualTo(201);
            assertThat(submitted.json().getString("sender")).isEqualTo(ApiTestNode.OPERATORS.get(C).address().value());
            assertThat(node.get(READER, "/api/v1/ledger").json().getJsonArray("balances")).isEmpty();
        }
    }

    @Test
    void submittedTransactionsThatAreGarbageBadlySignedOfAnotherHubOrFromTheWrongSenderAreRefusedNamingTheProblem() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.confirm(A, B, 100);
            HubHead before = node.head();
            String ledger = node.get(READER, "/api/v1/ledger").body();
            Bytes good = node.settlement(A, B, 10, "wire-9");

            Reply garbage = node.post(READER, "/api/v1/hub/transactions", "{\"transaction\":\"0x0a0b0c\"}");
            assertThat(garbage.status()).isEqualTo(400);
            assertThat(garbage.errorCode()).isEqualTo("MALFORMED");
            assertThat(garbage.errorDetails().getString("stage")).isEqualTo("admission");

            // the creditor's operator named as sender, a stranger's signature over the right digest
            SignedTransaction decoded = HubCodec.decode(good);
            Signature strangers = ApiTestNode.STRANGER.sign(HubDigests.transactionDigest(HubDigests.chainIdHash(ApiTestNode.CHAIN_ID), decoded.type(),
                    decoded.payload()));
            Bytes forged = HubCodec.encode(new SignedTransaction(decoded.transaction(), decoded.payload(), decoded.sender(), strangers));
            Reply badSignature = node.post(READER, "/api/v1/hub/transactions", body(forged));
            assertThat(badSignature.status()).isEqualTo(400);
            assertThat(badSignature.errorCode()).isEqualTo("BAD_SIGNATURE");
            assertThat(badSignature.json().getJsonObject("error").getString("message")).contains(decoded.sender().value());

            Bytes otherHub = HubCodec.sign(new HubTransaction.ConfirmSettlement(A, B, Amount.of(10), "wire-9"), "another-hub", ApiTestNode.OPERATORS.get(B));
            Reply wrongChain = node.post(READER, "/api/v1/hub/transactions", body(otherHub));
            assertThat(wrongChain.status()).isEqualTo(400);
            assertThat(wrongChain.errorCode()).isEqualTo("BAD_SIGNATURE");
            assertThat(wrongChain.json().getJsonObject("error").getString("message")).contains(ApiTestNode.CHAIN_ID);

            Bytes byTheDebtor = node.sign(ApiTestNode.OPERATORS.get(A), new HubTransaction.ConfirmSettlement(A, B, Amount.of(10), "wire-9"));
            Reply notTheCreditor = node.post(BANK_A_TOKEN, "/api/v1/hub/transactions", body(byTheDebtor));
            assertThat(notTheCreditor.status()).isEqualTo(403);
            assertThat(notTheCreditor.errorCode()).isEqualTo("UNAUTHORIZED");
            assertThat(notTheCreditor.json().getJsonObject("error").getString("message")).contains("operator key");

            Bytes byAStranger = node.sign(ApiTestNode.STRANGER, new HubTransaction.RequestNetting(0));
            assertThat(node.post(READER, "/api/v1/hub/transactions", body(byAStranger)).errorCode()).isEqualTo("UNAUTHORIZED");

            assertThat(field(node.post(READER, "/api/v1/hub/transactions", "{\"transaction\":\"0x123\"}"))).isEqualTo("transaction");
            assertThat(field(node.post(READER, "/api/v1/hub/transactions", "{\"transaction\":\"hello\"}"))).isEqualTo("transaction");
            assertThat(field(node.post(READER, "/api/v1/hub/transactions", "{}"))).isEqualTo("transaction");

            assertThat(node.head()).as("nothing reached a block").isEqualTo(before);
            assertThat(node.get(READER, "/api/v1/ledger").body()).isEqualTo(ledger);
            assertThat(node.post(READER, "/api/v1/hub/transactions", body(good)).status()).as("the good one still goes through").isEqualTo(201);
        }
    }

    @Test
    void theTransactionLogListsEveryTransactionOfEveryBlockWithItsResult() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            node.execute(A, B, 100);
            JsonObject page = node.get(READER, "/api/v1/hub/transactions?limit=2").json();
            assertThat(page.getJsonArray("items").stream().map(t -> ((JsonObject) t).getString("type")).toList())
                    .containsExactly("ATTEST", "SIGN_BATCH");
            JsonObject rest = node.get(READER, "/api/v1/hub/transactions?limit=2&cursor=" + page.getString("nextCursor")).json();
            assertThat(rest.getJsonArray("items").stream().map(t -> ((JsonObject) t).getLong("height")).toList()).containsExactly(3L);
            JsonObject attest = page.getJsonArray("items").getJsonObject(0);
            assertThat(attest.getString("status")).isEqualTo("APPLIED");
            assertThat(attest.getString("sender")).isEqualTo(VALIDATOR.address().value());
            assertThat(attest.getString("log")).contains("1 attestation(s) recorded");
            assertThat(node.get(READER, "/api/v1/hub/transactions/" + attest.getString("transactionHash")).json()).isEqualTo(attest);
            assertThat(node.get(READER, "/api/v1/hub/transactions/0x" + "cd".repeat(32)).status()).isEqualTo(404);
            assertThat(field(node.get(READER, "/api/v1/hub/transactions/0x12"))).isEqualTo("hash");
            assertThat(field(node.get(READER, "/api/v1/hub/transactions?cursor=x"))).isEqualTo("cursor");
        }
    }

    @Test
    void theValidatorApprovesTheNextSetWhichWithItsThresholdOfOneIsAgreedAtOnce() throws Exception {
        try (ApiTestNode node = ApiTestNode.start()) {
            Address second = TestKeys.key(2).address();
            String both = "[\"" + second.value().toUpperCase().replace("0X", "0x") + "\",\"" + VALIDATOR.address() + "\"]";
            Reply approved = node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":1,\"validators\":" + both + "}");
            assertThat(approved.status()).isEqualTo(201);
            assertThat(approved.json().getString("type")).isEqualTo("APPROVE_VALIDATOR_SET");
            assertThat(approved.json().getJsonArray("validators")).as("ascending, as the hub holds them")
                    .containsExactlyElementsOf(List.of(VALIDATOR.address(), second).stream().sorted().map(Address::value).toList());
            assertThat(approved.json().getJsonObject("validatorSets").getJsonObject("next").getLong("nonce")).isEqualTo(1);

            JsonObject sets = node.get(READER, "/api/v1/validator-sets").json();
            assertThat(sets.getJsonObject("next").getInteger("count")).isEqualTo(2);
            assertThat(sets.getJsonArray("approvals").getJsonObject(0).getString("approver")).isEqualTo(VALIDATOR.address().value());
            assertThat(node.get(READER, "/api/v1/hub").json().getJsonObject("nextValidators").getInteger("threshold")).isEqualTo(2);

            Reply stale = node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":1,\"validators\":[\"" + second + "\"]}");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.errorCode()).isEqualTo("STALE_NONCE");
            assertThat(node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":5,\"validators\":[\"" + second + "\"]}").errorCode()).isEqualTo("STALE_NONCE");

            assertThat(field(node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":2,\"validators\":[\"" + second + "\",\"" + second + "\"]}")))
                    .isEqualTo("validators");
            assertThat(field(node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":2,\"validators\":[\"" + Address.ZERO + "\"]}"))).isEqualTo("validators");
            assertThat(field(node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":2,\"validators\":[\"0x12\"]}"))).startsWith("validators");
            assertThat(field(node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":0,\"validators\":[\"" + second + "\"]}"))).isEqualTo("nonce");
            assertThat(field(node.post(ADMIN, "/api/v1/validator-sets", "{\"nonce\":2,\"validators\":[]}"))).isEqualTo("validators");
        }
    }

    static String body(Bytes transaction) {
        return new JsonObject().put("transaction", transaction.toHex()).encode();
    }

    static NodeConfig.Api withTimeout(NodeConfig.Api api, Duration timeout) {
        return new NodeConfig.Api(api.host(), api.port(), api.tokens(), api.rateLimit(), api.maxBodyBytes(), timeout,
                api.maxWebSocketConnections(), api.webSocketQueueBytes(), api.readyMaxLagBlocks(), api.metricsRequireToken());
    }
}
