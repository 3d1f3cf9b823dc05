package io.astraclear.plugins.netting.multilateral;

/**
 * A multilateral strategy refused a round: the snapshot is larger than its configured limits, or
 * the round ran out of its time budget. No partial result is ever returned; the node records the
 * round as rejected and the balances stay as they were.
 */
public final class NettingLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NettingLimitExceededException(String message) {
        super(message);
    }
}
