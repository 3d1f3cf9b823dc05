package io.astraclear.node.application;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.TxRecord;

/**
 * What became of a transaction an operator put on the hub: in a committed block (applied there, or
 * rejected there with no effect — see the record's result), or admitted and not yet committed when
 * the caller stopped waiting (poll its hash). A refusal at admission is a failed future with
 * {@link io.astraclear.node.engine.TransactionRefusedException}.
 */
public sealed interface Submission {
    Bytes32 transactionHash();

    record Committed(TxRecord record, BlockEffects block) implements Submission {
        @Override
        public Bytes32 transactionHash() {
            return record.result().transactionHash();
        }

        public boolean applied() {
            return record.result().accepted();
        }
    }

    record Pending(Bytes32 transactionHash) implements Submission {}
}
