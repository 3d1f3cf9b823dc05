package io.astraclear.node.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a token name, a client address): each holds up to {@code burst}
 * requests and refills at {@code perSecond}. The number of buckets is bounded; past the bound the
 * least recently used bucket is dropped (a dropped bucket comes back full, which is the state an
 * idle bucket would have reached anyway).
 */
public final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    public RateLimiter(int perSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        if (perSecond < 1 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate, burst and key bound must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes one request from {@code key}'s bucket: 0 when allowed, else the whole seconds to wait (at least 1). */
    public synchronized long acquire(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        double elapsedSeconds = Math.max(0, now - bucket.updatedNanos) / (double) NANOS_PER_SECOND;
        bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * perSecond);
        bucket.updatedNanos = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }
}
