package io.astraclear.ports.state;

import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.hub.BatchId;
import java.util.List;
import java.util.OptionalLong;

/**
 * A mint batch the hub cut at the end of block {@code createdHeight}: its commands (canonical,
 * ascending by command id), the validators' signatures over its digest so far (ascending by
 * validator), and whether every entry has ended (executed, or failed and moved to a later batch).
 */
public record HubBatch(BatchId id, MintBatch batch, long createdHeight, List<BatchSignature> signatures, Status status, OptionalLong doneHeight) {
    public enum Status { OPEN, DONE }

    public HubBatch {
        if (id == null || batch == null || status == null || createdHeight < 1) {
            throw new IllegalArgumentException("hub batch needs an id, its commands, a status and the height it was cut at");
        }
        if (!batch.destinationBank().equals(id.bank())) {
            throw new IllegalArgumentException("batch " + id + " holds mints for " + batch.destinationBank());
        }
        signatures = List.copyOf(signatures);
        for (int i = 1; i < signatures.size(); i++) {
            if (signatures.get(i - 1).validator().compareTo(signatures.get(i).validator()) >= 0) {
                throw new IllegalArgumentException("batch " + id + " signatures must be ascending by validator, without repeats");
            }
        }
        doneHeight = doneHeight == null ? OptionalLong.empty() : doneHeight;
        if ((status == Status.DONE) != doneHeight.isPresent()) {
            throw new IllegalArgumentException("batch " + id + ": a done batch has a done height, an open one has none");
        }
    }
}
