package io.astraclear.adapters.besu;

/**
 * Bounds of the {@code eth_getLogs} pages the watcher asks for. The block range starts at
 * {@code initialBlockRange}, halves when the node refuses a page as too large (or a page holds
 * more than {@code maxResultsPerQuery} logs) and doubles back up to {@code maxBlockRange} while
 * pages stay under half that many logs. One read asks for at most {@code maxPagesPerRead} pages.
 */
public record LogPaging(long initialBlockRange, long maxBlockRange, int maxResultsPerQuery, int maxPagesPerRead) {
    /** Besu's default {@code --rpc-max-logs-range} is 5000 blocks; geth and most providers cap results at 10,000. */
    public static final LogPaging DEFAULTS = new LogPaging(1_000, 5_000, 10_000, 200);

    public LogPaging {
        if (initialBlockRange < 1 || maxBlockRange < initialBlockRange) {
            throw new IllegalArgumentException(
                    "log paging needs 1 <= initialBlockRange <= maxBlockRange, got " + initialBlockRange + " and " + maxBlockRange);
        }
        if (maxResultsPerQuery < 1 || maxPagesPerRead < 1) {
            throw new IllegalArgumentException("log paging needs maxResultsPerQuery >= 1 and maxPagesPerRead >= 1");
        }
    }

    /** The defaults with a result cap, as an RPC node with a small {@code max-logs} limit would impose. */
    public static LogPaging withResultLimit(int maxResultsPerQuery) {
        return new LogPaging(DEFAULTS.initialBlockRange, DEFAULTS.maxBlockRange, maxResultsPerQuery, DEFAULTS.maxPagesPerRead);
    }
}
