package io.astraclear.node.pipeline;

import io.astraclear.node.consensus.Topic;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.storage.CommandRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second signature a validator gives mint commands: one over a whole batch for one Executor
 * ({@link MintBatch#digest()}, {@code Executor.executeBatch}). A batch signature authorises every
 * entry in it, so a validator signs a batch only if it holds every command in it as confirmed:
 * a request names command ids only, and the batch signed is built from this node's own stored
 * commands (a requester that lied about an entry gets a signature over another digest, which it
 * cannot use). The relayer collects its own signature and its peers', keeps those that recover to
 * a validator of the destination Executor's set, and needs a threshold of them; without, it relays
 * the commands one by one with their votes.
 */
final class BatchSigning {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSigning.class);
    /**
     * A peer may not have confirmed the newest commands of a batch yet when the request arrives
     * (votes travel in parallel): it looks again this many times, this far apart, before refusing.
     */
    private static final int LOOKUPS = 10;
    private static final long LOOKUP_INTERVAL_MILLIS = 100;

    private final PipelineContext pipeline;

    BatchSigning(PipelineContext pipeline) {
        this.pipeline = pipeline;
    }

    /** Answers peers' batch requests; called once at start-up. */
    void start() {
        pipeline.consensus().onMessage(Topic.MINT_BATCHES, message -> Future.<JsonObject>future(promise ->
                pipeline.context().runOnContext(ignored -> {
                    try {
                        sign(message).onComplete(promise);
                    } catch (RuntimeException e) {
                        promise.fail(e);
                    }
                })));
    }

    /**
     * Signatures over {@code batch} from validators of {@code signers}, ascending by signer and at
     * most a threshold of them; fewer when not enough validators signed in time.
     */
    Future<List<Signature>> collect(MintBatch batch, ValidatorSet signers) {
        Bytes32 digest = batch.digest();
        Map<Address, Signature> signed = new TreeMap<>();
        Address self = pipeline.signer().address();
        if (signers.contains(self)) {
            signed.put(self, pipeline.signer().sign(digest));
        }
        if (signed.size() >= signers.threshold() || !pipeline.consensus().networked()) {
            return Future.succeededFuture(ascending(signed, signers.threshold()));
        }
        JsonArray ids = new JsonArray();
        batch.commandIds().forEach(id -> ids.add(id.toString()));
        JsonObject request = new JsonObject().put("bank", batch.destinationBank().value()).put("commandIds", ids);
        return pipeline.on(pipeline.consensus().ask(Topic.MINT_BATCHES, request).toCompletionStage()).map(answers -> {
            for (JsonObject answer : answers) {
                accept(answer, digest, signers).ifPresent(signature -> signed.putIfAbsent(signature.signer(), signature.signature()));
            }
            return ascending(signed, signers.threshold());
        });
    }

    private record Signed(Address signer, Signature signature) {}

    /** A peer's answer, if it carries a signature over {@code digest} by a validator of {@code signers}. */
    private Optional<Signed> accept(JsonObject answer, Bytes32 digest, ValidatorSet signers) {
        try {
            Signature signature = Signature.of(answer.getString("signature"));
            return pipeline.signatures().recover(digest, signature)
                    .filter(signers::contains)
                    .map(signer -> new Signed(signer, signature));
        } catch (RuntimeException e) {
            LOG.debug("a batch signature answer did not parse: {}", e.toString());
            return Optional.empty();
        }
    }

    private static List<Signature> ascending(Map<Address, Signature> signed, int threshold) {
        return signed.values().stream().limit(threshold).toList();
    }

    /** A peer's request: sign the batch of these commands if every one is confirmed here. */
    private Future<JsonObject> sign(JsonObject message) {
        BankId bank = BankId.of(String.valueOf(message.getValue("bank")));
        if (!(message.getValue("commandIds") instanceof JsonArray array) || array.isEmpty() || array.size() > MintBatch.MAX_SIZE) {
            throw new IllegalArgumentException("commandIds must be a list of 1 to " + MintBatch.MAX_SIZE + " command ids");
        }
        Set<CommandId> ids = new LinkedHashSet<>();
        for (int index = 0; index < array.size(); index++) {
            if (!ids.add(CommandId.of(String.valueOf(array.getValue(index))))) {
                throw new IllegalArgumentException("commandIds[" + index + "] repeats a command id");
            }
        }
        return confirmed(bank, new ArrayList<>(ids), new ArrayList<>(), 1).map(commands -> {
            Signature signature = pipeline.signer().sign(MintBatch.of(commands).digest());
            return new JsonObject().put("validator", pipeline.signer().address().value()).put("signature", signature.value());
        });
    }

    /** The stored commands of {@code wanted}, looking again for those not confirmed here yet. */
    private Future<List<MintCommand>> confirmed(BankId bank, List<CommandId> wanted, List<MintCommand> found, int lookup) {
        List<Future<Optional<CommandRecord>>> reads = wanted.stream().map(id -> pipeline.on(pipeline.storage().command(id))).toList();
        return Future.all(reads).compose(done -> {
            List<CommandId> missing = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                Optional<CommandRecord> record = reads.get(i).result();
                if (record.isEmpty()) {
                    missing.add(wanted.get(i));
                } else if (!record.get().command().destinationBank().equals(bank)) {
                    throw new IllegalArgumentException(wanted.get(i) + " mints on " + record.get().command().destinationBank() + ", not " + bank);
                } else {
                    found.add(record.get().command());
                }
            }
            if (missing.isEmpty()) {
                return Future.succeededFuture(found);
            }
            if (lookup >= LOOKUPS) {
                return Future.failedFuture(new IllegalStateException(missing.size() + " of the batch's commands are not confirmed here, e.g. "
                        + missing.getFirst()));
            }
            Promise<Void> later = Promise.promise();
            pipeline.context().owner().setTimer(LOOKUP_INTERVAL_MILLIS, id -> later.complete());
            return later.future().compose(ignored -> confirmed(bank, missing, found, lookup + 1));
        });
    }
}
