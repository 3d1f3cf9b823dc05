package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.CommandId;
import java.math.BigInteger;

/**
 * Who relays a command, so that validators do not race each other to the Executor: the
 * validators of the active set in ascending order, starting at {@code commandId mod n}, take
 * turns. Rank 0 relays at once; rank {@code r} relays only if the command is still not executed
 * {@code r} fallback delays after it was confirmed here (it asks the Executor first, which costs a
 * read, not a transaction). A node outside the active set comes last. Pure and deterministic.
 */
final class RelayPlan {
    private RelayPlan() {}

    /** This node's turn for {@code commandId}: 0 relays at once, {@code n} (outside the set) last. */
    static int rank(CommandId commandId, ValidatorSet validators, Address self) {
        int size = validators.validators().size();
        int me = validators.validators().indexOf(self);
        if (me < 0) {
            return size;
        }
        int primary = new BigInteger(1, commandId.value().toByteArray()).mod(BigInteger.valueOf(size)).intValue();
        return Math.floorMod(me - primary, size);
    }

    /** How long after confirmation this node relays, if nobody has by then. */
    static long delayMillis(CommandId commandId, ValidatorSet validators, Address self, long fallbackMillis) {
        return rank(commandId, validators, self) * fallbackMillis;
    }
}
