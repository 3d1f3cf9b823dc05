package io.astraclear.node.services;

import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.ValidatorSets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * A service's view of the committed open batches and validator sets, kept by the service on its
 * own context: started from the live state, moved on by every committed block's effects.
 */
final class OpenBatches {
    private final TreeMap<BatchId, HubBatch> open = new TreeMap<>();
    private ValidatorSets sets;

    void start(Collection<HubBatch> openBatches, ValidatorSets validatorSets) {
        openBatches.forEach(batch -> open.put(batch.id(), batch));
        sets = validatorSets;
    }

    /** Applies a block; returns the open batches worth another look (all of them when the sets changed). */
    List<HubBatch> apply(BlockEffects block) {
        List<HubBatch> changed = new ArrayList<>();
        for (HubBatch batch : block.batches()) {
            if (batch.status() == HubBatch.Status.DONE) {
                open.remove(batch.id());
            } else {
                open.put(batch.id(), batch);
                changed.add(batch);
            }
        }
        if (block.validatorSets().isPresent()) {
            sets = block.validatorSets().get();
            return all();
        }
        return changed;
    }

    List<HubBatch> all() {
        return List.copyOf(open.values());
    }

    boolean isOpen(BatchId id) {
        return open.containsKey(id);
    }

    ValidatorSets sets() {
        return sets;
    }
}
