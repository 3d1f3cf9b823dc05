package io.astraclear.ports.state;

import java.util.Optional;

/**
 * The events of the hub's event stream, each derived from a committed block. The wire name is what
 * clients filter on; the description is what the docs and the OpenAPI document say.
 */
public enum HubEventType {
    TRANSFER_OBSERVED("transfer.observed", "a validator attested a transfer for the first time"),
    TRANSFER_CONFIRMED("transfer.confirmed", "a threshold of validators attested the transfer identically: the ISSUE was written"),
    TRANSFER_STUCK("transfer.stuck", "a transfer cannot go on for now (short of threshold past the voting timeout, destination unknown, mint refused too often)"),
    TRANSFER_MINT_FAILED("transfer.mint_failed", "the destination token refused a mint (CommandFailed); it goes into a later batch"),
    TRANSFER_EXECUTED("transfer.executed", "a threshold of validators attested the Executor's CommandExecuted: the recipient was paid"),
    BATCH_CREATED("batch.created", "the hub cut a mint batch for a destination"),
    BATCH_SIGNED("batch.signed", "a batch holds a threshold of its Executor's validators' signatures: it can be relayed"),
    NETTING_COMPLETED("netting.completed", "a netting round ran: its figures (consortium-wide streams only)"),
    NETTING_BURNED("netting.burned", "a netting round burned this much of one bank's cred held by another (one event per pair)"),
    NETTING_REFUSED("netting.refused", "the netting strategy failed or broke a ledger invariant: nothing was burned"),
    SETTLEMENT_CONFIRMED("settlement.confirmed", "a creditor confirmed a payment outside the system: its cred was burned"),
    EQUIVOCATION_DETECTED("equivocation.detected", "a validator attested two different observations about one subject"),
    TRANSACTION_REJECTED("transaction.rejected", "a transaction in a block had no effect: the reason is given"),
    VALIDATORS_APPROVED("validators.approved", "an active validator approved the next validator set"),
    VALIDATORS_AGREED("validators.agreed", "a threshold of the active set approved the next validator set"),
    VALIDATORS_SIGNED("validators.signed", "a bank's Executor update to the next set holds a threshold of signatures"),
    EXECUTOR_SET_UPDATED("validators.executor_updated", "a bank's Executor holds a new validator set"),
    VALIDATORS_ROTATED("validators.rotated", "every Executor holds the next set: it is the active set now");

    private final String wireName;
    private final String description;

    HubEventType(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    public static Optional<HubEventType> fromWireName(String name) {
        for (HubEventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
