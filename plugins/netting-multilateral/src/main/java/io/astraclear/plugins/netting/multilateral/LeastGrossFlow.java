package io.astraclear.plugins.netting.multilateral;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The remaining balances of least gross that keep every bank's net position, using only the
 * balances that exist and none above its current amount: a minimum-cost flow.
 *
 * <p><b>Why this is the most that cycle cancellation can burn.</b> Let {@code c} be the balances
 * and {@code b} the burns. Burning keeps every net position exactly when {@code b} is a circulation
 * (at every bank, burns of what it owes equal burns of what it is owed); each burn lies in
 * {@code [0, c_e]}. The balances left, {@code r = c − b}, then carry the same net positions as
 * {@code c}: {@code r} is a flow on the same edges, with the same capacities, that sends each net
 * payer's position to the net receivers. Conversely any such flow {@code r} gives the circulation
 * {@code c − r}. So maximising {@code Σ b} is minimising {@code Σ r} over those flows — the
 * minimum-cost flow with cost 1 per unit on every existing balance, capacity {@code c_e}, supply the
 * payers' and demand the receivers' positions. It is feasible ({@code r = c}), integral data give
 * an integral optimum, and every circulation (every set of cycle burns, bilateral ones included) is
 * one of the candidates, so the result is never worse than any cycle-cancelling order.
 *
 * <p><b>Algorithm.</b> The primal-dual method (Ahuja, Magnanti, Orlin, <i>Network Flows</i>, 9.8):
 * start from the zero flow with zero node potentials (reduced costs are the costs, 0 or 1, none
 * negative); repeat: Dijkstra on reduced costs from a super source (Dial's buckets) gives shortest
 * distances, the potentials advance by them (capped at the sink's distance), and a maximum flow (Dinic) is pushed
 * through the <i>admissible</i> arcs, those of reduced cost zero. Pushing along zero-reduced-cost
 * arcs keeps every residual reduced cost non-negative, so the flow stays of least cost for the
 * amount it carries; each phase raises the sink's distance by at least one, and no path is longer
 * than the number of banks, so there are at most n phases. When the sink is unreachable every net
 * position has been routed at least cost: the optimum, not an approximation. Amounts stay exact
 * {@link BigInteger}s throughout (uint256 balances; sums may exceed 2^256).
 *
 * <p>Deterministic: arcs are numbered in the snapshot's canonical order and banks in bank-id order,
 * every loop runs in that order, and each bank's arcs are tried largest balance first, ties by the
 * lowest number.
 */
final class LeastGrossFlow {
    private static final int UNREACHED = Integer.MAX_VALUE;
    /** How often the long loops look at the clock. */
    private static final int CLOCK_CHECK_INTERVAL = 4096;

    private final ObligationGraph graph;
    private final Deadline deadline;
    private final int nodeCount;
    private final int source;
    private final int sink;
    /** Arc {@code 2i} is obligation i (debtor → creditor, cost 1); {@code 2i+1} its reverse (cost −1); then the source and sink arcs (cost 0). */
    private final int[] arcHead;
    private final byte[] arcCost;
    private final BigInteger[] residual;
    /**
     * {@code residual[arc] > 0}, kept beside the amounts: the graph searches read it for every arc,
     * and a byte array is far cheaper to scan than a BigInteger per arc.
     */
    private final boolean[] open;
    /** Arcs leaving node u: {@code outArcs[firstArc[u] .. firstArc[u + 1])}. */
    private final int[] firstArc;
    private final int[] outArcs;
    private final int[] potential;
    private final DistanceBuckets buckets;
    private int phases;
    private long augmentations;

    private LeastGrossFlow(ObligationGraph graph, Deadline deadline) {
        this.graph = graph;
        this.deadline = deadline;
        int banks = graph.bankCount();
        int obligations = graph.obligationCount();
        this.nodeCount = banks + 2;
        this.source = banks;
        this.sink = banks + 1;

        BigInteger[] positions = graph.netPositions();
        int terminalArcs = 0;
        for (BigInteger position : positions) {
            if (position.signum() != 0) {
                terminalArcs++;
            }
        }
        int arcs = 2 * obligations + 2 * terminalArcs;
        arcHead = new int[arcs];
        arcCost = new byte[arcs];
        residual = new BigInteger[arcs];
        open = new boolean[arcs];
        for (int i = 0; i < obligations; i++) {
            setArcPair(2 * i, graph.debtor[i], graph.creditor[i], 1, graph.amount(i));
        }
        int arc = 2 * obligations;
        for (int bank = 0; bank < banks; bank++) {
            int sign = positions[bank].signum();
            if (sign < 0) { // owes more than it is owed: a net payer, supplied by the source
                setArcPair(arc, source, bank, 0, positions[bank].negate());
                arc += 2;
            } else if (sign > 0) { // a net receiver, drained by the sink
                setArcPair(arc, bank, sink, 0, positions[bank]);
                arc += 2;
            }
        }

        firstArc = new int[nodeCount + 1];
        int[] forwardArcs = new int[nodeCount];
        for (int a = 0; a < arcs; a++) {
            firstArc[tail(a) + 1]++;
            if ((a & 1) == 0) {
                forwardArcs[tail(a)]++;
            }
        }
        for (int u = 0; u < nodeCount; u++) {
            firstArc[u + 1] += firstArc[u];
        }
        // Per node, the arcs that start with capacity (even numbers) first, then the reverse arcs.
        outArcs = new int[arcs];
        int[] fill = Arrays.copyOf(firstArc, nodeCount);
        for (int a = 0; a < arcs; a += 2) {
            outArcs[fill[tail(a)]++] = a;
        }
        for (int a = 1; a < arcs; a += 2) {
            outArcs[fill[tail(a)]++] = a;
        }
        largestFirst(forwardArcs);
        potential = new int[nodeCount];
        buckets = new DistanceBuckets(arcs + 1);
    }

    /**
     * Orders every node's arcs that start with capacity by decreasing capacity, ties by arc number.
     * The optimum does not depend on it, but which optimum is found does: trying large balances
     * first routes a bank's position over few of them, which leaves fewer obligations to settle.
     */
    private void largestFirst(int[] forwardArcs) {
        long[] keys = new long[0];
        int[] sorted = new int[0];
        for (int u = 0; u < nodeCount; u++) {
            int from = firstArc[u];
            int count = forwardArcs[u];
            if (keys.length < count) {
                keys = new long[count];
                sorted = new int[count];
            }
            for (int i = 0; i < count; i++) {
                // ascending (−size, position) is descending size, ties in arc order
                keys[i] = ((long) (Integer.MAX_VALUE - sizeKey(residual[outArcs[from + i]])) << 32) | i;
            }
            Arrays.sort(keys, 0, count);
            for (int i = 0; i < count; i++) {
                sorted[i] = outArcs[from + (int) keys[i]];
            }
            System.arraycopy(sorted, 0, outArcs, from, count);
        }
    }

    /**
     * A sort key that never decreases as {@code amount} grows: the upper 32 bits of its nearest double
     * (exponent and 20 bits of mantissa; non-negative, so the sign bit is 0). Only an order for
     * trying arcs: no amount is ever computed in floating point, and the rounding is IEEE's, the same
     * on every JVM.
     */
    private static int sizeKey(BigInteger amount) {
        return (int) (Double.doubleToRawLongBits(amount.doubleValue()) >>> 32);
    }

    /**
     * The least-gross remaining amount of every obligation, in the graph's obligation order.
     *
     * @throws NettingLimitExceededException when the deadline passes first
     */
    static BigInteger[] remaining(ObligationGraph graph, Deadline deadline) {
        LeastGrossFlow flow = new LeastGrossFlow(graph, deadline);
        flow.solve();
        BigInteger[] remaining = new BigInteger[graph.obligationCount()];
        for (int i = 0; i < remaining.length; i++) {
            remaining[i] = flow.residual[2 * i + 1];
        }
        return remaining;
    }

    private void setArcPair(int arc, int from, int to, int cost, BigInteger capacity) {
        arcHead[arc] = to;
        arcCost[arc] = (byte) cost;
        residual[arc] = capacity;
        open[arc] = capacity.signum() > 0;
        arcHead[arc + 1] = from;
        arcCost[arc + 1] = (byte) -cost;
        residual[arc + 1] = BigInteger.ZERO;
    }

    private int tail(int arc) {
        return arcHead[arc ^ 1];
    }

    private int reducedCost(int arc, int from) {
        return arcCost[arc] + potential[from] - potential[arcHead[arc]];
    }

    private void solve() {
        int[] distance = new int[nodeCount];
        boolean[] settled = new boolean[nodeCount];
        int[] level = new int[nodeCount];
        int[] currentArc = new int[nodeCount];
        int[] path = new int[nodeCount];
        while (shortestDistances(distance, settled)) {
            phases++;
            int sinkDistance = distance[sink];
            for (int u = 0; u < nodeCount; u++) {
                potential[u] += settled[u] ? distance[u] : sinkDistance;
            }
            while (admissibleLevels(level)) {
                blockingFlow(level, currentArc, path);
                deadline.check(progress());
            }
        }
        for (int a = firstArc[source]; a < firstArc[source + 1]; a++) {
            if (open[outArcs[a]]) {
                throw new IllegalStateException("multilateral netting left a net position unrouted; the balances themselves route it, so this is a bug");
            }
        }
    }

    /**
     * Dijkstra from the source on reduced costs, with Dial's buckets (reduced costs are small
     * integers): O(arcs + longest distance). Stops once the sink is settled: nodes not settled by
     * then are at least as far.
     *
     * @return whether the sink is reachable
     */
    private boolean shortestDistances(int[] distance, boolean[] settled) {
        Arrays.fill(distance, UNREACHED);
        Arrays.fill(settled, false);
        buckets.clear();
        distance[source] = 0;
        buckets.add(source, 0);
        for (int u = buckets.poll(); u >= 0; u = buckets.poll()) {
            if (settled[u] || distance[u] != buckets.currentDistance()) {
                continue; // queued again later at a shorter distance, and settled there
            }
            settled[u] = true;
            if (u == sink) {
                return true;
            }
            for (int i = firstArc[u]; i < firstArc[u + 1]; i++) {
                int arc = outArcs[i];
                if (open[arc]) {
                    int cost = reducedCost(arc, u);
                    if (cost < 0) {
                        throw new IllegalStateException("negative reduced cost " + cost + " on arc " + arc + "; the potentials are broken, a bug");
                    }
                    int v = arcHead[arc];
                    if (distance[u] + cost < distance[v]) {
                        distance[v] = distance[u] + cost;
                        buckets.add(v, distance[v]);
                    }
                }
            }
        }
        return false;
    }

    private boolean admissible(int arc, int from) {
        return open[arc] && reducedCost(arc, from) == 0;
    }

    /** Breadth-first levels from the source over admissible arcs (Dinic); whether the sink has one. */
    private boolean admissibleLevels(int[] level) {
        Arrays.fill(level, -1);
        int[] queue = new int[nodeCount];
        int head = 0;
        int tail = 0;
        level[source] = 0;
        queue[tail++] = source;
        while (head < tail) {
            int u = queue[head++];
            if (level[sink] >= 0 && level[u] >= level[sink]) {
                break; // nothing at or beyond the sink's level can be on a shortest admissible path
            }
            for (int i = firstArc[u]; i < firstArc[u + 1]; i++) {
                int arc = outArcs[i];
                int v = arcHead[arc];
                if (level[v] < 0 && admissible(arc, u)) {
                    level[v] = level[u] + 1;
                    queue[tail++] = v;
                }
            }
        }
        return level[sink] >= 0;
    }

    /** Augments along level-increasing admissible paths until none is left (Dinic, current-arc form). */
    private void blockingFlow(int[] level, int[] currentArc, int[] path) {
        System.arraycopy(firstArc, 0, currentArc, 0, nodeCount);
        int depth = 0;
        int u = source;
        while (true) {
            if (u == sink) {
                augment(path, depth);
                int saturated = 0;
                while (open[path[saturated]]) {
                    saturated++;
                }
                depth = saturated;
                u = tail(path[saturated]);
                continue;
            }
            int end = firstArc[u + 1];
            int i = currentArc[u];
            while (i < end) {
                int arc = outArcs[i];
                int v = arcHead[arc];
                if (level[v] == level[u] + 1 && admissible(arc, u)) {
                    break;
                }
                i++;
            }
            currentArc[u] = i;
            if (i < end) {
                int arc = outArcs[i];
                path[depth++] = arc;
                u = arcHead[arc];
            } else {
                if (u == source) {
                    return;
                }
                level[u] = -1; // a dead end for the rest of this blocking flow
                u = tail(path[--depth]);
                currentArc[u]++;
            }
        }
    }

    private void augment(int[] path, int depth) {
        BigInteger amount = residual[path[0]];
        for (int i = 1; i < depth; i++) {
            if (residual[path[i]].compareTo(amount) < 0) {
                amount = residual[path[i]];
            }
        }
        for (int i = 0; i < depth; i++) {
            int arc = path[i];
            residual[arc] = residual[arc].subtract(amount);
            residual[arc ^ 1] = residual[arc ^ 1].add(amount);
            open[arc] = residual[arc].signum() > 0;
            open[arc ^ 1] = true;
        }
        if (++augmentations % CLOCK_CHECK_INTERVAL == 0) {
            deadline.check(progress());
        }
    }

    private String progress() {
        return "after " + phases + " phases and " + augmentations + " augmentations on " + graph.bankCount() + " banks and "
                + graph.obligationCount() + " obligations";
    }
}
