package io.astraclear.node.hub;

import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.state.BatchSignature;
import io.astraclear.ports.state.HubBatch;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * An open batch while the state machine works on it: its signatures by validator, and the entries
 * that have not ended yet (derived from the transfers, never stored).
 */
final class BatchState {
    final BatchId id;
    final MintBatch batch;
    final Bytes32 digest;
    final long createdHeight;
    final TreeMap<Address, BatchSignature> signatures = new TreeMap<>();
    /** Commands of this batch whose transfer still waits for this batch's outcome. */
    final Set<CommandId> open = new LinkedHashSet<>();

    BatchState(BatchId id, MintBatch batch, long createdHeight) {
        this.id = id;
        this.batch = batch;
        this.digest = ProtocolDigests.batchDigest(batch);
        this.createdHeight = createdHeight;
    }

    static BatchState of(HubBatch image) {
        BatchState state = new BatchState(image.id(), image.batch(), image.createdHeight());
        image.signatures().forEach(signature -> state.signatures.put(signature.validator(), signature));
        return state;
    }

    /** Signatures from members of {@code set}: the ones its Executor accepts. */
    int signaturesFrom(ValidatorSet set) {
        int count = 0;
        for (Address validator : signatures.keySet()) {
            if (set.contains(validator)) {
                count++;
            }
        }
        return count;
    }

    HubBatch image(OptionalLong doneHeight) {
        return new HubBatch(id, batch, createdHeight, List.copyOf(signatures.values()),
                doneHeight.isPresent() ? HubBatch.Status.DONE : HubBatch.Status.OPEN, doneHeight);
    }
}
