package io.astraclear.node.consensus;

/** What validators agree on besides mint votes; the name is the path segment of its routes. */
public enum Topic {
    /** Netting round proposals and their endorsements: {@code /api/v1/consensus/netting}. */
    NETTING("netting"),
    /** Validator-set update approvals: {@code /api/v1/consensus/validator-sets}. */
    VALIDATOR_SETS("validator-sets"),
    /** Requests to sign a batch of mint commands the peer holds confirmed: {@code /api/v1/consensus/mint-batches}. */
    MINT_BATCHES("mint-batches");

    private final String path;

    Topic(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
