package io.astraclear.plugins.netting.multilateral;

import java.util.Arrays;

/**
 * Dial's bucket queue: nodes keyed by small non-negative integer distances, taken out in
 * non-decreasing order, for Dijkstra on integer reduced costs. O(1) per insertion and O(1) amortised
 * per distance; a node may be queued several times (lazy deletion: the caller skips stale entries).
 * Within one distance, the last queued comes out first: deterministic.
 */
final class DistanceBuckets {
    private int[] firstEntry = new int[64];
    private final int[] entryNode;
    private final int[] nextEntry;
    private int entries;
    private int current;
    private int highest;

    /** @param capacity most insertions between two {@link #clear()}s */
    DistanceBuckets(int capacity) {
        entryNode = new int[capacity];
        nextEntry = new int[capacity];
        Arrays.fill(firstEntry, -1);
    }

    void clear() {
        Arrays.fill(firstEntry, 0, highest + 1, -1);
        entries = 0;
        current = 0;
        highest = 0;
    }

    void add(int node, int distance) {
        if (distance < current) {
            throw new IllegalStateException("distance " + distance + " below the current " + current + ": not monotone, a bug");
        }
        if (distance >= firstEntry.length) {
            int length = firstEntry.length;
            firstEntry = Arrays.copyOf(firstEntry, Math.max(2 * length, distance + 1));
            Arrays.fill(firstEntry, length, firstEntry.length, -1);
        }
        entryNode[entries] = node;
        nextEntry[entries] = firstEntry[distance];
        firstEntry[distance] = entries++;
        highest = Math.max(highest, distance);
    }

    /** The next node at the smallest distance queued, or −1 when none is left; its distance is {@link #currentDistance()}. */
    int poll() {
        while (current <= highest) {
            int entry = firstEntry[current];
            if (entry >= 0) {
                firstEntry[current] = nextEntry[entry];
                return entryNode[entry];
            }
            current++;
        }
        return -1;
    }

    int currentDistance() {
        return current;
    }
}
