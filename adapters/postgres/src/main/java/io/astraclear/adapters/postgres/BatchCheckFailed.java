package io.astraclear.adapters.postgres;

/**
 * A batch's own consistency check failed (a statement touched an unexpected number of rows, the
 * view disagreed with what was loaded). The batch rolls back and its writes are retried one by one.
 */
final class BatchCheckFailed extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    BatchCheckFailed(String message) {
        super(message);
    }
}
