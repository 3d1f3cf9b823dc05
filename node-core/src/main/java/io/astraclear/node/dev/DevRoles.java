package io.astraclear.node.dev;

/**
 * Which of anvil's well-known accounts plays which part on every dev chain. Every dev chain
 * derives the same accounts from the same mnemonic, so a customer has the same address at
 * every bank. Dev only: these keys are public knowledge.
 */
final class DevRoles {
    /** Deploys the contracts and owns them: the bank. */
    static final int BANK_OWNER = 0;
    /** Pays gas for the single validator's Executor submissions. */
    static final int RELAYER = 1;
    /** A funded demo customer who sends payments. */
    static final int ALICE = 2;
    /** A funded demo customer who receives them. */
    static final int BOB = 3;
    /** The first validator's signing key; more validators take the next indexes. */
    static final int FIRST_VALIDATOR = 10;
    /** Validator keys a dev network has: the ones it starts with, and spares that can join by rotation. */
    static final int MAX_VALIDATORS = 10;
    /**
     * The relayer of validator {@code i}'s node is {@code FIRST_RELAYER + i}: a key is used by one
     * chain adapter at a time (its nonces are tracked locally), so every node pays gas from its own.
     */
    static final int FIRST_RELAYER = FIRST_VALIDATOR + MAX_VALIDATORS;
    /** The operator key of bank {@code i} (the hub accepts its settlement confirmations) is {@code FIRST_OPERATOR + i}. */
    static final int FIRST_OPERATOR = FIRST_RELAYER + MAX_VALIDATORS;
    /** Banks a dev network can have (BANK_A to BANK_Z). */
    static final int MAX_BANKS = 26;
    /** How many dev accounts every chain funds. */
    static final int ACCOUNTS = FIRST_OPERATOR + MAX_BANKS;

    private DevRoles() {}
}
