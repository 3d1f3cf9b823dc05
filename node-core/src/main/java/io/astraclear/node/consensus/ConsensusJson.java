package io.astraclear.node.consensus;

import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of votes between validators: flat JSON, amounts as decimal strings, everything
 * else 0x-hex. Parsing is strict: a missing, extra-typed or malformed field, or a digest that is
 * not the command's, is an {@link IllegalArgumentException} naming the field, and the whole
 * message is refused.
 */
public final class ConsensusJson {
    /** Votes per message: keeps a message well under the API's body limit (about 650 bytes a vote). */
    public static final int MAX_VOTES_PER_MESSAGE = 64;
    /** Command ids per lookup. */
    public static final int MAX_COMMAND_IDS_PER_LOOKUP = 256;

    private ConsensusJson() {}

    public static JsonObject vote(Vote vote) {
        MintCommand command = vote.command();
        return new JsonObject()
                .put("commandId", command.commandId().toString())
                .put("sourceBank", command.sourceBank().value())
                .put("destinationBank", command.destinationBank().value())
                .put("recipient", command.recipient().value())
                .put("amount", command.amount().toString())
                .put("destinationChainId", command.destinationChainId())
                .put("destinationExecutor", command.destinationExecutor().value())
                .put("digest", vote.digest().value())
                .put("validator", vote.validator().value())
                .put("signature", vote.signature().value());
    }

    public static JsonObject votes(List<Vote> votes) {
        return new JsonObject().put("votes", new JsonArray(votes.stream().map(ConsensusJson::vote).toList()));
    }

    /** The votes of a message; refuses more than {@code max}. */
    public static List<Vote> parseVotes(JsonObject message, int max) {
        JsonArray array = array(message, "votes");
        if (array.size() > max) {
            throw new IllegalArgumentException("votes: at most " + max + " per message, got " + array.size());
        }
        List<Vote> votes = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            Object element = array.getValue(index);
            if (!(element instanceof JsonObject object)) {
                throw new IllegalArgumentException("votes[" + index + "]: must be an object");
            }
            votes.add(parseVote(object, "votes[" + index + "]"));
        }
        return votes;
    }

    public static Vote parseVote(JsonObject json, String where) {
        MintCommand command = field(where + ".command", () -> new MintCommand(
                CommandId.of(text(json, "commandId")),
                BankId.of(text(json, "sourceBank")),
                BankId.of(text(json, "destinationBank")),
                Address.of(text(json, "recipient")),
                Amount.parse(text(json, "amount")),
                number(json, "destinationChainId"),
                Address.of(text(json, "destinationExecutor"))));
        Bytes32 digest = field(where + ".digest", () -> Bytes32.of(text(json, "digest")));
        Address validator = field(where + ".validator", () -> Address.of(text(json, "validator")));
        Signature signature = field(where + ".signature", () -> Signature.of(text(json, "signature")));
        return field(where, () -> new Vote(command, digest, validator, signature));
    }

    public static List<CommandId> parseCommandIds(JsonObject message) {
        JsonArray array = array(message, "commandIds");
        if (array.isEmpty() || array.size() > MAX_COMMAND_IDS_PER_LOOKUP) {
            throw new IllegalArgumentException("commandIds: 1 to " + MAX_COMMAND_IDS_PER_LOOKUP + " ids, got " + array.size());
        }
        List<CommandId> ids = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            Object element = array.getValue(index);
            int at = index;
            ids.add(field("commandIds[" + at + "]", () -> CommandId.of((String) element)));
        }
        return ids;
    }

    public static JsonObject commandIds(List<CommandId> ids) {
        return new JsonObject().put("commandIds", new JsonArray(ids.stream().map(id -> (Object) id.toString()).toList()));
    }

    static JsonArray array(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(key + ": must be an array");
        }
        return array;
    }

    static String text(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(key + ": must be a string");
        }
        return text;
    }

    static long number(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (!(value instanceof Number number) || value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException(key + ": must be a whole number");
        }
        return number.longValue();
    }

    static <T> T field(String where, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException | NullPointerException | ClassCastException | ArithmeticException e) {
            String reason = e.getMessage() == null ? "missing or malformed" : e.getMessage();
            throw new IllegalArgumentException(where + ": " + reason);
        }
    }
}
