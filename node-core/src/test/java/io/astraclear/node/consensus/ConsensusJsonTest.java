package io.astraclear.node.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusJsonTest {
    private static final MintCommand COMMAND = new MintCommand(CommandId.of("0x" + "ab".repeat(32)), BankId.of("BANK_A"), BankId.of("BANK_B"),
            Address.of("0x90f79bf6eb2c4f870365e785982e1f101e93b906"), Amount.parse("100"), 1002, Address.of("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"));
    private static final Signature SIGNATURE = Signature.of("0x" + "11".repeat(32) + "22".repeat(32) + "1b");
    private static final Vote VOTE = new Vote(COMMAND, COMMAND.digest(), Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), SIGNATURE);

    @Test
    void aVoteSurvivesTheWire() {
        JsonObject message = new JsonObject(ConsensusJson.votes(List.of(VOTE, VOTE)).encode());
        assertThat(ConsensusJson.parseVotes(message, 64)).containsExactly(VOTE, VOTE);
    }

    @Test
    void everyMalformedFieldRefusesTheWholeMessageNamingTheField() {
        assertThatThrownBy(() -> parse(ConsensusJson.vote(VOTE).put("amount", 100))).hasMessageContaining("amount");
        assertThatThrownBy(() -> parse(ConsensusJson.vote(VOTE).put("amount", "-1"))).hasMessageContaining("votes[0].command");
        assertThatThrownBy(() -> parse(ConsensusJson.vote(VOTE).put("destinationChainId", 1002.5))).hasMessageContaining("destinationChainId");
        assertThatThrownBy(() -> parse(ConsensusJson.vote(VOTE).put("signature", "0x1234"))).hasMessageContaining("votes[0].signature");
        assertThatThrownBy(() -> parse(ConsensusJson.vote(VOTE).put("digest", "0x" + "00".repeat(32)))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> parse(ConsensusJson.vote(VOTE).put("validator", null))).hasMessageContaining("votes[0].validator");
        assertThatThrownBy(() -> ConsensusJson.parseVotes(new JsonObject().put("votes", new JsonArray().add("x")), 64)).hasMessageContaining("votes[0]");
        assertThatThrownBy(() -> ConsensusJson.parseVotes(new JsonObject(), 64)).hasMessageContaining("votes: must be an array");
        assertThatThrownBy(() -> ConsensusJson.parseVotes(ConsensusJson.votes(Collections.nCopies(65, VOTE)), 64)).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> ConsensusJson.parseCommandIds(new JsonObject().put("commandIds", new JsonArray()))).hasMessageContaining("1 to 256");
    }

    private static List<Vote> parse(JsonObject vote) {
        return ConsensusJson.parseVotes(new JsonObject().put("votes", new JsonArray().add(vote)), 64);
    }
}
