package io.astraclear.adapters.besu;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Timed waits on the adapter's own scheduler thread (never a sleeping thread), and the retry
 * back-off. Closing fails the waits still pending, so that no caller waits for a closed adapter.
 */
final class Delays implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Delays(ScheduledExecutorService scheduler, Duration baseBackoff, Duration maxBackoff) {
        this.scheduler = scheduler;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> elapsed = new CompletableFuture<>();
        if (closed) {
            elapsed.completeExceptionally(closedFailure());
            return elapsed;
        }
        pending.add(elapsed);
        elapsed.whenComplete((ignored, failure) -> pending.remove(elapsed));
        try {
            scheduler.schedule(() -> elapsed.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            elapsed.completeExceptionally(closedFailure());
        }
        return elapsed;
    }

    /**
     * The wait before attempt {@code attempt + 1}: {@code base * 2^(attempt-1)}, capped, plus up to a
     * quarter of jitter so that commands failed by one outage do not all retry in the same instant.
     */
    Duration backoff(int attempt) {
        long base = baseBackoff.toMillis();
        long exponential = attempt >= 31 ? Long.MAX_VALUE : base << Math.max(0, attempt - 1);
        long capped = exponential <= 0 ? maxBackoff.toMillis() : Math.min(maxBackoff.toMillis(), exponential);
        return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 4 + 1));
    }

    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<Void> wait : Set.copyOf(pending)) {
            wait.completeExceptionally(closedFailure());
        }
    }

    private static IllegalStateException closedFailure() {
        return new IllegalStateException("the chain adapter is closed");
    }
}
