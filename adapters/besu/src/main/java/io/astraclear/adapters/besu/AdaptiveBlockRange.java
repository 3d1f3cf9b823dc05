package io.astraclear.adapters.besu;

/**
 * The block span of the next {@code eth_getLogs} page: halves when the node refuses a page, a page
 * holds more than the result cap or more than the read could deliver, and doubles back towards the
 * maximum after a calm page, one holding at most half the cap. Shared by the reads of one adapter,
 * so what was learnt stays learnt.
 */
final class AdaptiveBlockRange {
    private final long maxBlocks;
    private final int maxResults;
    private long blocks;

    AdaptiveBlockRange(LogPaging paging) {
        this.maxBlocks = paging.maxBlockRange();
        this.maxResults = paging.maxResultsPerQuery();
        this.blocks = paging.initialBlockRange();
    }

    synchronized long blocks() {
        return blocks;
    }

    int maxResults() {
        return maxResults;
    }

    /** Halves the span; false when it is a single block already and cannot shrink. */
    synchronized boolean shrink() {
        if (blocks == 1) {
            return false;
        }
        blocks = Math.max(1, blocks / 2);
        return true;
    }

    /**
     * A page of {@code results} logs came back when the read wanted {@code wanted} more: shrink when
     * it overshot (the surplus is fetched again by the next read), grow when it was calm.
     */
    synchronized void succeeded(int results, int wanted) {
        if (results > wanted) {
            blocks = Math.max(1, blocks / 2);
        } else if (results <= maxResults / 2) {
            blocks = Math.min(maxBlocks, blocks * 2);
        }
    }
}
