package io.astraclear.ports.storage;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;

/**
 * The {@link AuditEntry#action()} values storage writes, one per kind of state change, and the
 * actors it names when the port method has no actor parameter. Every implementation writes the
 * same ones, so the audit log reads the same whatever the storage.
 */
public final class AuditActions {
    /** Subject: transferId. */
    public static final String TRANSFER_OBSERVED = "TRANSFER_OBSERVED";
    /** Subject: {@code bank:transactionHash:logIndex}. */
    public static final String LOG_QUARANTINED = "LOG_QUARANTINED";
    /** Subject: the bank. */
    public static final String CHECKPOINT_ADVANCED = "CHECKPOINT_ADVANCED";
    /** Subject: the digest voted for. */
    public static final String VOTE_RECORDED = "VOTE_RECORDED";
    /** Subject: the commandId the validator signed two digests for. */
    public static final String VOTE_EQUIVOCATION = "VOTE_EQUIVOCATION";
    /** Subject: transferId. */
    public static final String TRANSFER_CONFIRMED = "TRANSFER_CONFIRMED";
    /** Subject: commandId. */
    public static final String RELAY_ATTEMPTED = "RELAY_ATTEMPTED";
    /** Subject: commandId. */
    public static final String COMMAND_EXECUTED = "COMMAND_EXECUTED";
    /** Subject: transferId. */
    public static final String TRANSFER_STUCK = "TRANSFER_STUCK";
    /** Subject: the round id in decimal. */
    public static final String NETTING_APPLIED = "NETTING_APPLIED";
    /** Subject: the settlement reference. */
    public static final String SETTLEMENT_CONFIRMED = "SETTLEMENT_CONFIRMED";

    /** Actor of confirmations: the threshold of validators, not any one of them. */
    public static final String CONSENSUS = "consensus";
    /** Actor of relay attempts and executions. */
    public static final String RELAYER = "relayer";
    /** Actor of {@code markStuck}: the node's own timeout or relay give-up. */
    public static final String NODE = "node";

    private AuditActions() {}

    /** Actor of observations, quarantines and checkpoints of one bank's chain. */
    public static String watcher(BankId bank) {
        return "watcher:" + bank;
    }

    /** Actor of a vote. */
    public static String validator(Address validator) {
        return "validator:" + validator;
    }
}
