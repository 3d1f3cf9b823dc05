package io.astraclear.ports.hub;

/**
 * Why a hub transaction was refused at admission ({@code CheckTx}) or had no effect in a block
 * ({@code FinalizeBlock}). The same transaction gets the same code in both places and on every node.
 */
public enum HubRejection {
    /** The bytes do not decode strictly (unknown field, trailing bytes, bad value) or a bound is exceeded. */
    MALFORMED,
    /** The signature does not recover to the named sender for this hub's chain id. */
    BAD_SIGNATURE,
    /** The sender does not hold the role this transaction needs (validator, active validator, the creditor's operator). */
    UNAUTHORIZED,
    /** A bank that is not a member of this hub, or a member's chain, Gateway or Executor that does not match the genesis. */
    UNKNOWN_BANK,
    /** An observation that cannot be true of the bank it names (another Gateway, chain or Executor, a bank out of the consortium). */
    INVALID_OBSERVATION,
    /** A batch the hub does not hold, or one that is done. */
    UNKNOWN_BATCH,
    /** The signer is not in the destination Executor's validator set as the hub knows it. */
    NOT_IN_EXECUTOR_SET,
    /** A batch or validator-set signature that does not recover to the sender over the digest the hub computes. */
    SIGNATURE_MISMATCH,
    /** A settlement of more than the debtor owes the creditor. */
    INSUFFICIENT_BALANCE,
    /** A settlement reference the creditor used before for a different settlement. */
    REFERENCE_CONFLICT,
    /** A validator-set nonce that is not the next one, or a set signature for a set that is not agreed. */
    STALE_NONCE,
    /** A netting request from a height the hub has not reached. */
    FUTURE_HEIGHT
}
