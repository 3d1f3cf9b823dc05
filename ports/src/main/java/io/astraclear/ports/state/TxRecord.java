package io.astraclear.ports.state;

import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.hub.HubTxType;
import java.util.Optional;

/**
 * A transaction of block {@code height} at {@code index} and its result. Type and sender are empty
 * for bytes that did not decode.
 */
public record TxRecord(long height, int index, Optional<HubTxType> type, Optional<Address> sender, TxResult result) {
    public TxRecord {
        if (height < 1 || index < 0 || result == null) {
            throw new IllegalArgumentException("transaction record needs a height, an index and a result");
        }
        type = type == null ? Optional.empty() : type;
        sender = sender == null ? Optional.empty() : sender;
    }
}
