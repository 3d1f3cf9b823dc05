package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.consensus.ConsensusJson;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.vertx.core.json.JsonArray;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.Address;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four validator nodes (threshold 3) on real anvil chains, each with its own storage, key,
 * relayer account and API server; votes travel only over their HTTP APIs. Validators 3 and 4 keep
 * their state in PostgreSQL, 1 and 2 in memory. The tests share the network and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsortiumIT {
    static final int BANKS = 2;
    static final int VALIDATORS = 4;
    /** Short ticks so that the voting timeout (24 ticks, 6 s) and the relay fallback (8 ticks, 2 s) are quick to reach. */
    static final NodeConfig.Protocol PROTOCOL = new NodeConfig.Protocol(Duration.ofMillis(250), 24, 1_000_000, 3);

    ConsortiumHarness harness;
    Address bob;
    String firstTransfer;

    @BeforeAll
    void startConsortium() throws Exception {
        // validator 5's node is a peer from the start, down until the rotation test makes it a validator
        harness = ConsortiumHarness.start(BANKS, VALIDATORS, VALIDATORS + 1, Set.of(2, 3), PROTOCOL, 8, Files.createTempDirectory("astra-consortium"));
        bob = Address.of(new JsonObject(Files.readString(harness.network.writeNetworkFile(harness.apiUrl(0), "")))
                .getJsonArray("demoAccounts").getJsonObject(1).getString("address"));
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void transfersConfirmOnEveryNodeExecuteOnceAndLeaveIdenticalLedgers() throws Exception {
        BigInteger bobAtB = harness.tokenBalance(1, bob);
        BigInteger bobAtA = harness.tokenBalance(0, bob);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            transfers.add(harness.transfer(i % VALIDATORS, "BANK_A", "BANK_B", 100 + i));
            transfers.add(harness.transfer(i % VALIDATORS, "BANK_B", "BANK_A", 10 + i));
        }
        firstTransfer = transfers.get(0);
        for (String transfer : transfers) {
            for (int node = 0; node < VALIDATORS; node++) {
                harness.await(node, NodeEvent.TRANSFER_CONFIRMED, transfer);
                harness.await(node, NodeEvent.TRANSFER_EXECUTED, transfer);
            }
        }
        assertThat(harness.tokenBalance(1, bob)).isEqualTo(bobAtB.add(BigInteger.valueOf(10 * 100 + 45)));
        assertThat(harness.tokenBalance(0, bob)).isEqualTo(bobAtA.add(BigInteger.valueOf(10 * 10 + 45)));

        String ledger = harness.ledger(0);
        String stateHash = harness.stateHash(0);
        for (int node = 1; node < VALIDATORS; node++) {
            assertThat(harness.ledger(node)).as("ledger of validator %d", node + 1).isEqualTo(ledger);
            assertThat(harness.stateHash(node)).as("state hash of validator %d", node + 1).isEqualTo(stateHash);
        }
        JsonObject transfer = harness.get(3, "/api/v1/transfers/" + transfers.get(0)).json();
        assertThat(transfer.getString("status")).isEqualTo("EXECUTED");
        assertThat(transfer.getJsonObject("command").getJsonArray("signatures")).hasSize(3);

        long executedByRelayers = 0;
        for (int node = 0; node < VALIDATORS; node++) {
            executedByRelayers += harness.node(node).pipeline().executedByThisRelayer();
        }
        assertThat(executedByRelayers).as("every command minted by exactly one relayer").isEqualTo(transfers.size());
        long relayerTransactions = 0;
        for (int node = 0; node < VALIDATORS; node++) {
            for (int bank = 0; bank < BANKS; bank++) {
                relayerTransactions += harness.transactionCount(bank, harness.network.relayerAddress(node));
            }
        }
        // the transactions that minted, as the relaying nodes recorded them (a batch mints several transfers in one)
        java.util.Set<String> minting = new java.util.HashSet<>();
        for (String id : transfers) {
            for (int node = 0; node < VALIDATORS; node++) {
                JsonObject execution = harness.get(node, "/api/v1/transfers/" + id).json().getJsonObject("command").getJsonObject("execution");
                if (execution != null && !execution.getString("transactionHash").equals("0x" + "0".repeat(64))) {
                    minting.add(execution.getString("transactionHash"));
                }
            }
        }
        assertThat(minting).as("at most one transaction per transfer").hasSizeBetween(1, transfers.size());
        assertThat(relayerTransactions).as("every relayer transaction minted (none lost a race to another relayer)").isEqualTo(minting.size());
    }

    @Test
    @Order(2)
    void votesByOutsidersForgedAmountsAndMalformedMessagesAreRejectedReportedAndChangeNothing() throws Exception {
        List<String> ledgers = ledgers();
        List<String> hashes = stateHashes();
        JsonObject transfer = harness.get(0, "/api/v1/transfers/" + firstTransfer).json();
        JsonObject stored = transfer.getJsonObject("command");
        MintCommand command = new MintCommand(CommandId.of(transfer.getString("commandId")), BankId.of(transfer.getString("sourceBank")),
                BankId.of(transfer.getString("destinationBank")), Address.of(transfer.getString("recipient")), Amount.parse(transfer.getString("amount")),
                stored.getLong("destinationChainId"), Address.of(stored.getString("executor")));
        MintCommand moreForBob = new MintCommand(command.commandId(), command.sourceBank(), command.destinationBank(), command.recipient(),
                command.amount().plus(Amount.of(1_000)), command.destinationChainId(), command.destinationExecutor());
        ECKeyPair outsider = ECKeyPair.create(new BigInteger("1234567890abcdef1234567890abcdef", 16));
        ECKeyPair validatorTwo = Credentials.create(harness.network.validatorPrivateKey(1)).getEcKeyPair();
        Address validatorTwoAddress = harness.network.validatorAddress(1);
        int rejectedBefore = harness.events(0, NodeEvent.VOTE_REJECTED).size();

        JsonObject votes = new JsonObject().put("votes", new JsonArray()
                .add(vote(command, Address.of(Keys.toChecksumAddress(Keys.getAddress(outsider))), outsider))
                .add(vote(command, validatorTwoAddress, outsider))
                .add(vote(moreForBob, validatorTwoAddress, validatorTwo)));
        ConsortiumHarness.Response answer = harness.postAsPeer(0, 1, "/api/v1/consensus/votes", votes.encode());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonArray results = answer.json().getJsonArray("results");
        assertThat(results.getJsonObject(0).getString("outcome")).isEqualTo("REJECTED");
        assertThat(results.getJsonObject(0).getString("reason")).contains("not a validator");
        assertThat(results.getJsonObject(1).getString("outcome")).isEqualTo("REJECTED");
        assertThat(results.getJsonObject(1).getString("reason")).contains("does not recover");
        assertThat(results.getJsonObject(2).getString("outcome")).as("validator 2 signed another amount for a command it voted on").isEqualTo("EQUIVOCATION");
        assertThat(harness.events(0, NodeEvent.VOTE_REJECTED)).hasSize(rejectedBefore + 2);
        assertThat(harness.events(0, NodeEvent.EQUIVOCATION_DETECTED)).anySatisfy(event ->
                assertThat(event.data()).containsEntry("validator", validatorTwoAddress.value()).containsEntry("digest", moreForBob.digest().value()));

        JsonObject wrongDigest = vote(command, validatorTwoAddress, validatorTwo).put("digest", moreForBob.digest().value());
        for (String malformed : List.of("{not json", "[]", "{\"votes\":[{\"commandId\":\"0x12\"}]}",
                new JsonObject().put("votes", new JsonArray().add(wrongDigest)).encode(), new JsonObject().put("votes", "all of them").encode())) {
            ConsortiumHarness.Response refused = harness.postAsPeer(0, 1, "/api/v1/consensus/votes", malformed);
            assertThat(refused.status()).as("%s answered %s", malformed, refused.body()).isEqualTo(400);
            assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("MALFORMED_MESSAGE");
        }
        assertThat(harness.postAsPeer(0, 1, "/api/v1/consensus/netting", "{\"proposal\":{\"round\":1}}").status()).isEqualTo(400);
        assertThat(harness.events(0, NodeEvent.PEER_MESSAGE_REJECTED)).hasSizeGreaterThanOrEqualTo(6);
        ConsortiumHarness.Response anonymous = harness.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(harness.apiUrl(0) + "/api/v1/consensus/votes"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(votes.encode())));
        assertThat(anonymous.status()).isEqualTo(401);
        ConsortiumHarness.Response withTheAdminToken = harness.post(0, "/api/v1/consensus/votes", votes.encode());
        assertThat(withTheAdminToken.status()).as("an API token is not a peer token").isEqualTo(401);
        ConsortiumHarness.Response wrongToken = harness.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(harness.apiUrl(0) + "/api/v1/consensus/votes"))
                .header("authorization", "Bearer not-a-peer-token").POST(java.net.http.HttpRequest.BodyPublishers.ofString(votes.encode())));
        assertThat(wrongToken.status()).isEqualTo(401);

        // a batch signature only over commands the node holds confirmed, and built from its own records
        JsonObject batchOfOne = new JsonObject().put("bank", command.destinationBank().value())
                .put("commandIds", new JsonArray().add(command.commandId().toString()));
        ConsortiumHarness.Response signedBatch = harness.postAsPeer(0, 1, "/api/v1/consensus/mint-batches", batchOfOne.encode());
        assertThat(signedBatch.status()).as(signedBatch.body()).isEqualTo(200);
        assertThat(recover(MintBatch.of(List.of(command)).digest(), signedBatch.json().getString("signature")))
                .isEqualToIgnoringCase(harness.network.validatorAddress(0).value());
        JsonObject withAnUnknownCommand = batchOfOne.copy().put("commandIds", new JsonArray().add(command.commandId().toString()).add("0x" + "ab".repeat(32)));
        ConsortiumHarness.Response unknown = harness.postAsPeer(0, 1, "/api/v1/consensus/mint-batches", withAnUnknownCommand.encode());
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(409);
        assertThat(unknown.body()).contains("not confirmed here");
        ConsortiumHarness.Response otherBank = harness.postAsPeer(0, 1, "/api/v1/consensus/mint-batches",
                batchOfOne.copy().put("bank", command.sourceBank().value()).encode());
        assertThat(otherBank.status()).as(otherBank.body()).isEqualTo(400);
        assertThat(harness.postAsPeer(0, 1, "/api/v1/consensus/mint-batches", batchOfOne.copy().put("commandIds", "all").encode()).status()).isEqualTo(400);

        JsonObject status = harness.getAsPeer(0, 1, "/api/v1/consensus/status").json();
        assertThat(status.getLong("rejectedVotes")).isGreaterThanOrEqualTo(2);
        assertThat(status.getLong("malformedMessages")).isGreaterThanOrEqualTo(6);
        assertThat(status.getLong("unauthenticatedRequests")).isGreaterThanOrEqualTo(3);
        assertThat(ledgers()).as("no effect on any ledger").isEqualTo(ledgers);
        assertThat(stateHashes()).isEqualTo(hashes);
        assertThat(harness.get(0, "/api/v1/transfers/" + firstTransfer).json().getJsonObject("command").getJsonArray("signatures"))
                .isEqualTo(stored.getJsonArray("signatures"));
    }

    @Test
    @Order(3)
    void nettingIsOneAgreedRoundWithIdenticalResultsOnEveryNode() throws Exception {
        JsonObject ledgerBefore = harness.get(0, "/api/v1/ledger").json();
        ConsortiumHarness.Response round = harness.post(2, "/api/v1/netting/rounds", "");
        assertThat(round.status()).as(round.body()).isEqualTo(201);
        String digest = round.json().getString("inputDigest");
        assertThat(round.json().getString("grossBefore")).isEqualTo(ledgerBefore.getString("grossTotal"));
        for (int node = 0; node < VALIDATORS; node++) {
            int index = node;
            ConsortiumHarness.awaitTrue("round applied on validator " + (node + 1), () -> harness.events(index, NodeEvent.NETTING_COMPLETED).stream()
                    .anyMatch(event -> digest.equals(event.data().get("digest"))));
        }
        JsonObject expected = comparable(round.json());
        for (int node = 0; node < VALIDATORS; node++) {
            JsonArray rounds = harness.get(node, "/api/v1/netting/rounds").json().getJsonArray("items");
            assertThat(rounds).as("one round on validator %d", node + 1).hasSize(1);
            assertThat(comparable(rounds.getJsonObject(0))).as("round on validator %d", node + 1).isEqualTo(expected);
            assertThat(harness.events(node, NodeEvent.NETTING_DISAGREED)).as("disagreements on validator %d", node + 1).isEmpty();
        }
        assertThat(new java.util.HashSet<>(ledgers())).hasSize(1);
        assertThat(new java.util.HashSet<>(stateHashes())).hasSize(1);
        JsonObject after = harness.get(0, "/api/v1/ledger").json();
        assertThat(new BigInteger(after.getString("grossTotal"))).isLessThan(new BigInteger(ledgerBefore.getString("grossTotal")));
        assertThat(after.getJsonArray("netPositions")).isEqualTo(ledgerBefore.getJsonArray("netPositions"));
    }

    @Test
    @Order(4)
    void withOneOfFourNodesDownTransfersStillConfirmAndItCatchesUpWhenBack() throws Exception {
        harness.stopNode(0); // in memory: it comes back empty and re-reads everything
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            transfers.add(harness.transfer(1 + i % 3, i % 2 == 0 ? "BANK_A" : "BANK_B", i % 2 == 0 ? "BANK_B" : "BANK_A", 7 + i));
        }
        for (String transfer : transfers) {
            for (int node = 1; node < VALIDATORS; node++) {
                harness.await(node, NodeEvent.TRANSFER_EXECUTED, transfer);
            }
        }
        assertThat(harness.get(1, "/api/v1/transfers/" + transfers.get(0)).json().getJsonObject("command").getJsonArray("signatures"))
                .as("3 of the 4 validators signed").hasSize(3);

        harness.startNode(0);
        for (String transfer : transfers) {
            harness.await(0, NodeEvent.TRANSFER_CONFIRMED, transfer);
        }
        String expected = harness.stateHash(1);
        ConsortiumHarness.awaitTrue("validator 1 back at the others' state hash (round 1 fetched from peers and applied)",
                () -> harness.stateHash(0).equals(expected));
        assertThat(harness.get(0, "/api/v1/netting/rounds").json().getJsonArray("items")).hasSize(1);
    }

    @Test
    @Order(5)
    void withTwoOfFourDownTransfersGoStuckAndConfirmWithoutLossOrDoubleMintOnceOneReturns() throws Exception {
        BigInteger supplyBefore = harness.totalSupply(0).add(harness.totalSupply(1));
        BigInteger bobAtB = harness.tokenBalance(1, bob);
        harness.stopNode(2);
        harness.stopNode(3);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            transfers.add(harness.transfer(i % 2, "BANK_A", "BANK_B", 50 + i));
        }
        for (String transfer : transfers) {
            for (int node = 0; node < 2; node++) {
                NodeEvent stuck = harness.await(node, NodeEvent.TRANSFER_STUCK, transfer);
                assertThat(stuck.data().get("reason")).contains("short of threshold 3");
            }
            assertThat(harness.get(0, "/api/v1/transfers/" + transfer).json().getString("status")).isEqualTo("STUCK");
        }
        assertThat(harness.tokenBalance(1, bob)).as("nothing minted short of threshold").isEqualTo(bobAtB);

        harness.startNode(3); // PostgreSQL: resumes from its checkpoint, asks its peers for the votes it missed
        for (String transfer : transfers) {
            for (int node : List.of(0, 1, 3)) {
                harness.await(node, NodeEvent.TRANSFER_CONFIRMED, transfer);
                harness.await(node, NodeEvent.TRANSFER_EXECUTED, transfer);
            }
            JsonObject record = harness.get(0, "/api/v1/transfers/" + transfer).json();
            assertThat(record.getString("status")).isEqualTo("EXECUTED");
            assertThat(record.getJsonArray("history").stream().map(change -> ((JsonObject) change).getString("status")))
                    .containsExactly("OBSERVED", "STUCK", "CONFIRMED", "EXECUTED");
        }
        harness.startNode(2);
        assertThat(harness.tokenBalance(1, bob)).as("each transfer minted once").isEqualTo(bobAtB.add(BigInteger.valueOf(50 + 51 + 52 + 53)));
        assertThat(harness.totalSupply(0).add(harness.totalSupply(1))).as("minted equals burned").isEqualTo(supplyBefore);
        awaitIdenticalStateHashes();
    }

    @Test
    @Order(6)
    void aNodeRestartedAfterMissingManyTransfersCatchesUpToTheSameStateHash() throws Exception {
        harness.stopNode(3);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            transfers.add(harness.transfer(i % 3, i % 2 == 0 ? "BANK_A" : "BANK_B", i % 2 == 0 ? "BANK_B" : "BANK_A", 1 + i));
        }
        for (String transfer : transfers) {
            harness.await(0, NodeEvent.TRANSFER_CONFIRMED, transfer);
            harness.await(0, NodeEvent.TRANSFER_EXECUTED, transfer); // minted before the next test reads the supply
        }
        harness.startNode(3);
        for (String transfer : transfers) {
            harness.await(3, NodeEvent.TRANSFER_CONFIRMED, transfer);
        }
        awaitIdenticalStateHashes();
        assertThat(harness.ledger(3)).isEqualTo(harness.ledger(0));
    }

    @Test
    @Order(7)
    void rotationFromFourToFiveValidatorsWhileTransfersFlowLosesNothingAndStrandsNothing() throws Exception {
        BigInteger supplyBefore = harness.totalSupply(0).add(harness.totalSupply(1));
        List<Address> five = java.util.stream.IntStream.range(0, VALIDATORS + 1).mapToObj(harness.network::validatorAddress).sorted().toList();
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean flowing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CompletableFuture<Void> flow = java.util.concurrent.CompletableFuture.runAsync(() -> {
            for (int i = 0; flowing.get(); i++) {
                sent.add(harness.transfer(i % VALIDATORS, i % 2 == 0 ? "BANK_A" : "BANK_B", i % 2 == 0 ? "BANK_B" : "BANK_A", 3 + i % 17));
                try {
                    TimeUnit.MILLISECONDS.sleep(100); // the pace of the load, not a wait for an event
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });

        // someone else relays the new set to BANK_B's Executor first: the nodes still count with the old set
        relayValidatorSetUpdate(1, 1, five);
        String toB = harness.transfer(0, "BANK_A", "BANK_B", 77);
        for (int node = 0; node < VALIDATORS; node++) {
            harness.await(node, NodeEvent.TRANSFER_EXECUTED, toB);
        }
        // the first relay to BANK_B after the update carried the old set's 3 signatures: refused without a transaction
        // (InsufficientSignatures at the gas estimate), the node re-read the Executor's set and re-signed with 4 of the five
        List<String> toBankB = new ArrayList<>(List.of(toB));
        synchronized (sent) {
            toBankB.addAll(sent);
        }
        String reSigned = null;
        for (String transfer : toBankB) {
            for (int node = 0; node < VALIDATORS && reSigned == null; node++) {
                JsonObject command = harness.get(node, "/api/v1/transfers/" + transfer).json().getJsonObject("command");
                if (command != null && command.getJsonArray("attempts").stream()
                        .anyMatch(attempt -> ((JsonObject) attempt).getString("detail").startsWith("InsufficientSignatures(3, 4)"))) {
                    reSigned = transfer;
                }
            }
        }
        assertThat(reSigned).as("a command confirmed by the old set met the new Executor").isNotNull();
        for (int node = 0; node < VALIDATORS; node++) {
            harness.await(node, NodeEvent.TRANSFER_EXECUTED, reSigned);
        }
        JsonObject stranded = harness.get(0, "/api/v1/transfers/" + reSigned).json();
        assertThat(stranded.getJsonObject("command").getJsonArray("signatures")).as("confirmed by 3 of the old 4").hasSize(3);
        assertThat(stranded.getString("status")).isEqualTo("EXECUTED");

        // the four validators' operators approve the five; the nodes submit it to BANK_A's Executor and switch
        for (int node = 0; node < VALIDATORS; node++) {
            ConsortiumHarness.Response approved = harness.post(node, "/api/v1/validator-sets", new JsonObject().put("nonce", 1)
                    .put("validators", new JsonArray(five.stream().map(address -> (Object) address.value()).toList())).encode());
            assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        }
        for (int node = 0; node < VALIDATORS; node++) {
            int index = node;
            ConsortiumHarness.awaitTrue("validator " + (node + 1) + " counts with the five",
                    () -> !harness.events(index, NodeEvent.VALIDATORS_ROTATED).isEmpty());
            assertThat(harness.get(node, "/api/v1/validator-sets").json().getJsonObject("active").getInteger("threshold")).isEqualTo(4);
        }

        harness.members(java.util.stream.IntStream.range(0, VALIDATORS + 1).boxed().toList());
        harness.startNode(VALIDATORS);
        String afterRotation = harness.transfer(VALIDATORS, "BANK_B", "BANK_A", 99);
        harness.await(VALIDATORS, NodeEvent.TRANSFER_CONFIRMED, afterRotation);
        flowing.set(false);
        flow.get(60, TimeUnit.SECONDS);
        sent.add(afterRotation);
        sent.add(toB);

        for (String transfer : sent) {
            for (int node = 0; node <= VALIDATORS; node++) {
                harness.await(node, NodeEvent.TRANSFER_CONFIRMED, transfer);
                harness.await(node, NodeEvent.TRANSFER_EXECUTED, transfer);
            }
        }
        for (int node = 0; node <= VALIDATORS; node++) {
            assertThat(harness.events(node, NodeEvent.TRANSFER_STUCK)).as("stuck on validator %d", node + 1)
                    .noneMatch(event -> sent.contains(event.data().get("transferId")));
        }
        assertThat(harness.get(VALIDATORS, "/api/v1/transfers/" + afterRotation).json().getJsonObject("command").getJsonArray("signatures"))
                .as("threshold of five").hasSize(4);
        assertThat(harness.get(VALIDATORS, "/api/v1/validator-sets").json().getJsonObject("executorNonces"))
                .isEqualTo(new JsonObject().put("BANK_A", 1).put("BANK_B", 1));
        assertThat(harness.totalSupply(0).add(harness.totalSupply(1))).as("minted equals burned").isEqualTo(supplyBefore);
        awaitIdenticalStateHashes();
    }

    /** Submits a validator-set update signed by validators 1 to 3 to a bank's Executor, as any relayer may. */
    private void relayValidatorSetUpdate(int bankIndex, long nonce, List<Address> validators) throws Exception {
        var bank = harness.network.deployments().get(bankIndex);
        var digest = io.astraclear.ports.protocol.ProtocolDigests.validatorSetDigest(bank.chainId(), bank.executor(), nonce, validators);
        List<Integer> signers = java.util.stream.IntStream.range(0, 3).boxed()
                .sorted(java.util.Comparator.comparing(harness.network::validatorAddress)).toList();
        List<byte[]> signatures = new ArrayList<>();
        for (int signer : signers) {
            Sign.SignatureData signed = Sign.signPrefixedMessage(digest.toByteArray(), Credentials.create(harness.network.validatorPrivateKey(signer)).getEcKeyPair());
            byte[] signature = new byte[65];
            System.arraycopy(signed.getR(), 0, signature, 0, 32);
            System.arraycopy(signed.getS(), 0, signature, 32, 32);
            signature[64] = signed.getV()[0];
            signatures.add(signature);
        }
        var chain = harness.network.chains().get(bankIndex);
        org.web3j.protocol.Web3j web3j = io.astraclear.contracts.devnet.JsonRpcHttp.connect(chain.rpcUrl());
        try {
            var receipt = io.astraclear.contracts.devnet.ChainAccount.connect(web3j, chain.credentials(3), chain.chainId()).executor(bank.executor())
                    .updateValidators(BigInteger.valueOf(nonce), validators.stream().map(Address::value).toList(), signatures).send();
            assertThat(receipt.isStatusOK()).isTrue();
        } finally {
            web3j.shutdown();
        }
    }

    private void awaitIdenticalStateHashes() throws Exception {
        ConsortiumHarness.awaitTrue("identical state hashes on every node", () -> new java.util.HashSet<>(stateHashes()).size() == 1);
    }

    private List<String> ledgers() {
        return harness.running().stream().map(harness::ledger).toList();
    }

    private List<String> stateHashes() {
        return harness.running().stream().map(harness::stateHash).toList();
    }

    /** A round as every node must show it: all but when it was applied locally. */
    private static JsonObject comparable(JsonObject round) {
        JsonObject copy = round.copy();
        copy.remove("at");
        return copy;
    }

    private static String recover(io.astraclear.ports.domain.Bytes32 digest, String signatureHex) throws Exception {
        byte[] signature = org.web3j.utils.Numeric.hexStringToByteArray(signatureHex);
        Sign.SignatureData data = new Sign.SignatureData(signature[64], java.util.Arrays.copyOfRange(signature, 0, 32),
                java.util.Arrays.copyOfRange(signature, 32, 64));
        return "0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(digest.toByteArray(), data));
    }

    private static JsonObject vote(MintCommand command, Address validator, ECKeyPair key) {
        Sign.SignatureData signed = Sign.signPrefixedMessage(command.digest().toByteArray(), key);
        byte[] signature = new byte[65];
        System.arraycopy(signed.getR(), 0, signature, 0, 32);
        System.arraycopy(signed.getS(), 0, signature, 32, 32);
        signature[64] = signed.getV()[0];
        Vote vote = new Vote(command, command.digest(), validator, Signature.fromBytes(signature));
        return ConsensusJson.vote(vote);
    }
}
