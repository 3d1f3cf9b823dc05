package io.astraclear.ports.hub;

/**
 * The hub's protocol parameters, in hub blocks where the seed counts blocks. Part of the genesis:
 * every validator must run with the same values, and the app hash shows a difference at once.
 *
 * @param votingTimeoutBlocks an observation short of threshold this many blocks after its first attestation is reported STUCK
 * @param nettingIntervalBlocks a netting round runs at every height divisible by this
 * @param retryMax a mint the destination token refused ({@code CommandFailed}) is batched again at most this many times
 * @param maxBatchSize at most this many mints per batch ({@code Executor.MAX_BATCH_SIZE} is 256)
 * @param tokenDecimals the one number of decimals of every bank's token
 */
public record HubParameters(int votingTimeoutBlocks, int nettingIntervalBlocks, int retryMax, int maxBatchSize, int tokenDecimals) {
    public static final int MAX_BATCH_SIZE = io.astraclear.ports.domain.MintBatch.MAX_SIZE;
    public static final int MAX_RETRIES = 30;
    public static final HubParameters DEFAULTS = new HubParameters(100, 720, 5, MAX_BATCH_SIZE, 2);

    public HubParameters {
        if (votingTimeoutBlocks < 1 || votingTimeoutBlocks > 1_000_000) {
            throw new IllegalArgumentException("voting timeout must be 1 to 1,000,000 blocks, got " + votingTimeoutBlocks);
        }
        if (nettingIntervalBlocks < 1 || nettingIntervalBlocks > 100_000_000) {
            throw new IllegalArgumentException("netting interval must be 1 to 100,000,000 blocks, got " + nettingIntervalBlocks);
        }
        if (retryMax < 0 || retryMax > MAX_RETRIES) {
            throw new IllegalArgumentException("retry max must be 0 to " + MAX_RETRIES + ", got " + retryMax);
        }
        if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("max batch size must be 1 to " + MAX_BATCH_SIZE + ", got " + maxBatchSize);
        }
        if (tokenDecimals < 0 || tokenDecimals > 77) {
            throw new IllegalArgumentException("token decimals must be 0 to 77, got " + tokenDecimals);
        }
    }
}
