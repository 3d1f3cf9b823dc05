package io.astraclear.node.e2e;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * When each number of a growing head (a chain's block number, the hub's committed height) first
 * appeared, as this JVM saw it by polling every {@code interval}: for number {@code n}, the last
 * poll that still saw a head below {@code n} and the first that saw it at or above. Whatever made
 * {@code n} happened in between. One clock ({@link System#nanoTime()}) for every timeline, so two
 * timelines' moments compare.
 */
final class HeadTimeline implements AutoCloseable {
    private final String name;
    private final Callable<Long> head;
    private final long intervalMillis;
    /** number -> {last poll below it, first poll at or above it}; Long.MIN_VALUE: before the first poll. */
    private final TreeMap<Long, long[]> moments = new TreeMap<>();
    private final Thread poller;
    private long lastHead = -1;
    private long lastPoll = Long.MIN_VALUE;
    private long polls;
    private long errors;
    private long backwards;
    private volatile boolean running = true;

    private HeadTimeline(String name, Callable<Long> head, Duration interval) {
        this.name = name;
        this.head = head;
        this.intervalMillis = interval.toMillis();
        this.poller = Thread.ofPlatform().daemon().name("timeline-" + name).unstarted(this::poll);
    }

    static HeadTimeline start(String name, Callable<Long> head, Duration interval) {
        HeadTimeline timeline = new HeadTimeline(name, head, interval);
        timeline.poller.start();
        return timeline;
    }

    private void poll() {
        while (running) {
            try {
                long now = System.nanoTime();
                long current = head.call();
                record(current, now);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (this) {
                    errors++;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(intervalMillis); // the polling period of this probe, not a wait for an event
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(long current, long now) {
        if (current < lastHead) {
            backwards++;
        }
        for (long number = Math.max(0, lastHead + 1); number <= current; number++) {
            moments.put(number, new long[] {lastPoll, now});
        }
        lastHead = Math.max(lastHead, current);
        lastPoll = now;
        polls++;
    }

    /** The last poll that saw the head below {@code number}; empty if none did (it was there from the first poll) or it never appeared. */
    synchronized OptionalLong lastAbsent(long number) {
        long[] seen = moments.get(number);
        return seen == null || seen[0] == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(seen[0]);
    }

    /** The first poll that saw the head at or above {@code number}; empty if none has yet. */
    synchronized OptionalLong firstSeen(long number) {
        long[] seen = moments.get(number);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen[1]);
    }

    /** Polls that saw the head below a number an earlier poll had seen. */
    synchronized long backwards() {
        return backwards;
    }

    synchronized long lastHead() {
        return lastHead;
    }

    @Override
    public synchronized String toString() {
        return "timeline " + name + ": head " + lastHead + " after " + polls + " polls, " + errors + " failed, " + backwards + " backwards";
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
