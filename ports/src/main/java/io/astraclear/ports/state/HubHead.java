package io.astraclear.ports.state;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub after a block: height, block time, app hash, the genesis it grew from, and the counters
 * that number what the next blocks create.
 *
 * @param nextBatchNumbers per destination bank, the number its next batch gets (absent: 1)
 */
public record HubHead(long height, Instant time, Bytes32 appHash, Bytes32 genesisHash, long nextTransferSequence, long nextJournalSequence,
        long nextRoundId, long nextEventId, long lastNettingHeight, Map<BankId, Long> nextBatchNumbers) {
    public HubHead {
        if (height < 0 || time == null || appHash == null || genesisHash == null || nextTransferSequence < 1 || nextJournalSequence < 1
                || nextRoundId < 1 || nextEventId < 1 || lastNettingHeight < 0 || nextBatchNumbers == null) {
            throw new IllegalArgumentException("hub head has a missing or negative field");
        }
        nextBatchNumbers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(nextBatchNumbers));
    }

    public long nextBatchNumber(BankId bank) {
        return nextBatchNumbers.getOrDefault(bank, 1L);
    }
}
