package io.astraclear.node.hub;

import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.TransferId;
import java.util.List;
import java.util.Set;

/**
 * A block decoded and its signatures checked, ready to apply: what {@link HubStateMachine#prepare}
 * gives. {@code transfersToLoad}: the transfers its attestations name that the state machine does
 * not hold in memory (ended ones); the caller reads them from storage and hands them to
 * {@link HubStateMachine#apply}.
 */
public record PreparedBlock(HubBlock block, List<DecodedTransaction> transactions, Set<TransferId> transfersToLoad) {
    public PreparedBlock {
        transactions = List.copyOf(transactions);
        transfersToLoad = Set.copyOf(transfersToLoad);
    }
}
