package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.pipeline.NodeEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A relayer that cannot gather a threshold of batch signatures relays its commands one by one
 * with their votes: four validators (threshold 3) confirm transfers; validator 1 holds its own
 * commands for a long batch wait, and before it asks for batch signatures validators 3 and 4 go
 * down, so only validator 2 answers. Validator 1's commands are executed anyway, singly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchFallbackIT {
    private static final int VALIDATORS = 4;
    private static final int TRANSFERS = 40;
    private static final NodeConfig.Protocol PROTOCOL = new NodeConfig.Protocol(Duration.ofMillis(250), 400, 1_000_000, 3);
    /** 400 ticks of 250 ms: no other validator relays validator 1's commands during the test. */
    private static final int RELAY_FALLBACK_TICKS = 400;
    private static final Duration HELD = Duration.ofSeconds(8);

    ConsortiumHarness harness;

    @BeforeAll
    void start() throws Exception {
        harness = ConsortiumHarness.start(2, VALIDATORS, VALIDATORS, Set.of(), PROTOCOL, RELAY_FALLBACK_TICKS,
                Files.createTempDirectory("astra-batch-fallback"));
        harness.stopNode(0);
        NodeConfig config = harness.config(0);
        harness.startNode(0, config.withRelayer(config.relayer().withBatching(50, HELD)));
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void commandsWithoutEnoughBatchSignaturesAreRelayedSinglyWithTheirVotes() throws Exception {
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            transfers.add(harness.transfer(1, "BANK_A", "BANK_B", 1 + i));
        }
        for (String transfer : transfers) {
            harness.await(0, NodeEvent.TRANSFER_CONFIRMED, transfer);
        }
        harness.stopNode(3);
        harness.stopNode(2);

        // validator 1's own commands: the ones it made relay attempts for (nobody else's turn comes within the test)
        List<JsonObject> relayedByValidatorOne = new ArrayList<>();
        ConsortiumHarness.awaitTrue("validator 1 relayed its held commands", () -> {
            relayedByValidatorOne.clear();
            for (String transfer : transfers) {
                JsonObject command = harness.get(0, "/api/v1/transfers/" + transfer).json().getJsonObject("command");
                if (command != null && !command.getJsonArray("attempts").isEmpty()) {
                    relayedByValidatorOne.add(command);
                }
            }
            return relayedByValidatorOne.size() >= 2
                    && relayedByValidatorOne.stream().allMatch(command -> command.getString("status").equals("EXECUTED"));
        });

        for (JsonObject command : relayedByValidatorOne) {
            JsonArray attempts = command.getJsonArray("attempts");
            assertThat(attempts).as("attempts of %s", command.getString("commandId")).hasSize(1);
            assertThat(attempts.getJsonObject(0).getString("outcome")).isEqualTo("EXECUTED");
            assertThat(attempts.getJsonObject(0).getString("detail")).as("relayed alone, not in a batch").doesNotContain("in a batch");
            assertThat(command.getJsonArray("signatures")).as("the transfer's votes").hasSize(3);
        }
        long transactions = relayedByValidatorOne.stream()
                .map(command -> command.getJsonObject("execution").getString("transactionHash")).distinct().count();
        assertThat(transactions).as("one transaction per command").isEqualTo(relayedByValidatorOne.size());
    }
}
