package io.astraclear.node.pipeline;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in the node that operators and clients want to see: a transfer changed
 * state, a round was netted, a settlement confirmed, a misbehaving peer was caught.
 */
public record NodeEvent(long id, String type, Instant at, Map<String, String> data) {
    public static final String TRANSFER_OBSERVED = "transfer.observed";
    public static final String TRANSFER_CONFIRMED = "transfer.confirmed";
    public static final String TRANSFER_EXECUTED = "transfer.executed";
    public static final String TRANSFER_STUCK = "transfer.stuck";
    public static final String NETTING_COMPLETED = "netting.completed";
    public static final String SETTLEMENT_CONFIRMED = "settlement.confirmed";
    public static final String EQUIVOCATION_DETECTED = "equivocation.detected";
    public static final String VOTE_REJECTED = "vote.rejected";
    public static final String LOG_QUARANTINED = "log.quarantined";
    public static final String CHAIN_REORG = "chain.reorg";
    public static final String DUPLICATE_DELIVERY = "chain.duplicate_delivery";
    public static final String CHAIN_UNREACHABLE = "chain.unreachable";
    /** A peer's consensus message that did not parse: refused with 400, no effect. */
    public static final String PEER_MESSAGE_REJECTED = "consensus.message_rejected";
    /** This node endorsed a netting round proposal, or a round reached threshold and was applied. */
    public static final String NETTING_ENDORSED = "netting.endorsed";
    /** A netting proposal this node could not endorse (another input, another result, a second proposal for the round). */
    public static final String NETTING_DISAGREED = "netting.disagreed";
    /** A validator-set update was approved by this node, agreed by a threshold, or put in force. */
    public static final String VALIDATORS_APPROVED = "validators.approved";
    public static final String VALIDATORS_AGREED = "validators.agreed";
    public static final String VALIDATORS_ROTATED = "validators.rotated";

    public NodeEvent {
        data = Map.copyOf(data);
    }
}
