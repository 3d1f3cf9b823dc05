package io.astraclear.adapters.besu;

import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;

/** Prices one transaction according to the (resolved) fee mode. */
final class FeeOracle {
    /** What a transaction pays: a legacy gas price, or EIP-1559 caps. */
    sealed interface Fees {
        record Legacy(BigInteger gasPrice) implements Fees {}

        record Dynamic(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) implements Fees {}
    }

    /** Used when the node does not offer {@code eth_maxPriorityFeePerGas}. */
    private static final BigInteger FALLBACK_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

    /** A quote is reused this long: EIP-1559's 2x head-room outlasts several blocks, and it saves two calls per command. */
    private static final long QUOTE_MAX_AGE_NANOS = 1_000_000_000L;

    private final ChainRpc rpc;
    private final FeeMode mode;
    private final java.util.concurrent.atomic.AtomicReference<CachedQuote> cached = new java.util.concurrent.atomic.AtomicReference<>();

    private record CachedQuote(CompletableFuture<Fees> quote, long takenNanos) {
        boolean fresh(long now) {
            return now - takenNanos < QUOTE_MAX_AGE_NANOS && !quote.isCompletedExceptionally();
        }
    }

    FeeOracle(ChainRpc rpc, FeeMode mode) {
        if (mode == FeeMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before pricing transactions");
        }
        this.rpc = rpc;
        this.mode = mode;
    }

    FeeMode mode() {
        return mode;
    }

    /** Decides AUTO once: zero gas price means a free-gas network; a base fee means EIP-1559. */
    static CompletableFuture<FeeMode> resolve(FeeMode configured, ChainRpc rpc) {
        if (configured != FeeMode.AUTO) {
            return CompletableFuture.completedFuture(configured);
        }
        return rpc.gasPrice().thenCombine(rpc.latestBlock(), (gasPrice, latest) -> {
            if (gasPrice.signum() == 0) {
                return FeeMode.FREE;
            }
            return latest.baseFeePerGas().isPresent() ? FeeMode.EIP1559 : FeeMode.LEGACY;
        });
    }

    /** The current fees, shared by the commands of about one second; a failed quote is not reused. */
    CompletableFuture<Fees> quote() {
        long now = System.nanoTime();
        CachedQuote current = cached.get();
        if (current != null && current.fresh(now)) {
            return current.quote();
        }
        CachedQuote next = new CachedQuote(freshQuote(), now);
        return cached.compareAndSet(current, next) ? next.quote() : quote();
    }

    private CompletableFuture<Fees> freshQuote() {
        return switch (mode) {
            case FREE -> CompletableFuture.completedFuture(new Fees.Legacy(BigInteger.ZERO));
            case LEGACY -> rpc.gasPrice().thenApply(Fees.Legacy::new);
            case EIP1559 -> rpc.latestBlock().thenCombine(
                    rpc.maxPriorityFeePerGas().exceptionally(FeeOracle::fallbackPriorityFee),
                    (latest, priority) -> {
                        BigInteger baseFee = latest.baseFeePerGas().orElse(BigInteger.ZERO);
                        // twice the base fee rides out six full blocks of +12.5% before the cap binds
                        return (Fees) new Fees.Dynamic(priority, baseFee.shiftLeft(1).add(priority));
                    });
            case AUTO -> throw new IllegalStateException("AUTO is resolved at connect");
        };
    }

    /** A node that answers but lacks the method gets the fallback; an unreachable one fails the quote. */
    private static BigInteger fallbackPriorityFee(Throwable failure) {
        if (RpcFailure.of(failure).filter(rpcFailure -> !rpcFailure.isTransient()).isPresent()) {
            return FALLBACK_PRIORITY_FEE;
        }
        throw new java.util.concurrent.CompletionException(RpcFailure.unwrap(failure));
    }
}
