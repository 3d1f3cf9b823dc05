package io.astraclear.plugins.netting.multilateral;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Among remaining balances of least gross, fewer of them: every obligation left is a settlement
 * instruction. A least-gross flow often spreads a bank's position over many partly burned balances;
 * this shifts amounts around cycles of partly burned balances, at no cost in gross, until those
 * balances form a forest (a basic solution of the flow problem): at most n − 1 of them are left
 * partly burned, besides the balances left whole.
 *
 * <p><b>Why a shift costs nothing.</b> Take a cycle of partly burned balances, ignoring direction.
 * Moving δ around it raises the balances it passes forwards and lowers those it passes backwards,
 * keeps every net position, and changes the gross by δ × (forwards − backwards). Each balance on it
 * can move both ways, so if forwards ≠ backwards one direction would lower the gross — impossible
 * for a least-gross flow. So forwards = backwards (asserted), and the largest δ that keeps every
 * balance within [0, original] leaves the gross as it was and takes at least one balance out of
 * the cycle: down to zero (one instruction fewer) or back to its original amount. The direction
 * chosen is the one that zeroes more balances, forwards on a tie.
 *
 * <p>Balances are visited in the snapshot's canonical order; the forest is searched in bank order:
 * the result depends on the snapshot alone. Each shift takes one balance out for good, so there are
 * at most as many shifts as balances, each O(banks).
 */
final class FewerObligations {
    private final ObligationGraph graph;
    private final BigInteger[] remaining;
    private final Deadline deadline;
    /** Forest of partly burned balances: per bank, the balances at it (unordered), {@code forestDegree[u]} of them. */
    private final int[][] forestEdges;
    private final int[] forestDegree;
    private final int[] pathEdge;
    private final int[] visitedMark;
    private final int[] queue;
    private int visit;

    private FewerObligations(ObligationGraph graph, BigInteger[] remaining, Deadline deadline) {
        this.graph = graph;
        this.remaining = remaining;
        this.deadline = deadline;
        int banks = graph.bankCount();
        forestEdges = new int[banks][];
        forestDegree = new int[banks];
        pathEdge = new int[banks];
        visitedMark = new int[banks];
        queue = new int[banks];
    }

    /** Rewrites {@code remaining} (least gross, in the graph's obligation order) in place; the gross stays as it is. */
    static void simplify(ObligationGraph graph, BigInteger[] remaining, Deadline deadline) {
        new FewerObligations(graph, remaining, deadline).run();
    }

    private void run() {
        for (int edge = 0; edge < remaining.length; edge++) {
            if (!partlyBurned(edge)) {
                continue;
            }
            int debtor = graph.debtor[edge];
            int creditor = graph.creditor[edge];
            if (findForestPath(creditor, debtor)) {
                shiftAroundCycle(edge);
            }
            if (partlyBurned(edge)) {
                addToForest(edge);
            }
            if ((edge & 1023) == 0) {
                deadline.check("while reducing the obligations left, at balance " + edge + " of " + remaining.length);
            }
        }
    }

    private boolean partlyBurned(int edge) {
        return remaining[edge].signum() > 0 && remaining[edge].compareTo(graph.amount(edge)) < 0;
    }

    /** Breadth-first search in the forest from {@code from}; on success {@code pathEdge} leads back from {@code to}. */
    private boolean findForestPath(int from, int to) {
        visit++;
        int head = 0;
        int tail = 0;
        queue[tail++] = from;
        visitedMark[from] = visit;
        while (head < tail) {
            int u = queue[head++];
            if (u == to) {
                return true;
            }
            for (int i = 0; i < forestDegree[u]; i++) {
                int edge = forestEdges[u][i];
                int v = graph.debtor[edge] == u ? graph.creditor[edge] : graph.debtor[edge];
                if (visitedMark[v] != visit) {
                    visitedMark[v] = visit;
                    pathEdge[v] = edge;
                    queue[tail++] = v;
                }
            }
        }
        return false;
    }

    /**
     * The cycle is {@code edge} (debtor → creditor, forwards) followed by the forest path from its
     * creditor back to its debtor.
     */
    private void shiftAroundCycle(int edge) {
        int debtor = graph.debtor[edge];
        int creditor = graph.creditor[edge];
        int length = 1;
        for (int node = debtor; node != creditor; node = otherEnd(pathEdge[node], node)) {
            length++;
        }
        int[] cycle = new int[length];
        boolean[] forwards = new boolean[length];
        cycle[0] = edge;
        forwards[0] = true;
        // Walking the path backwards from the debtor reaches the creditor; the cycle runs the other way.
        int index = length - 1;
        for (int node = debtor; node != creditor; ) {
            int pathStep = pathEdge[node];
            int previous = otherEnd(pathStep, node);
            cycle[index] = pathStep;
            forwards[index] = graph.debtor[pathStep] == previous; // the cycle goes previous → node
            index--;
            node = previous;
        }
        int balance = 0;
        for (boolean forward : forwards) {
            balance += forward ? 1 : -1;
        }
        if (balance != 0) {
            throw new IllegalStateException("a cycle of partly burned balances changes the gross when shifted; the flow was not of least gross, a bug");
        }
        BigInteger up = room(cycle, forwards, true);
        BigInteger down = room(cycle, forwards, false);
        boolean upward = zeroed(cycle, forwards, true, up) >= zeroed(cycle, forwards, false, down);
        BigInteger amount = upward ? up : down;
        for (int i = 0; i < length; i++) {
            int e = cycle[i];
            remaining[e] = forwards[i] == upward ? remaining[e].add(amount) : remaining[e].subtract(amount);
        }
        for (int i = 1; i < length; i++) {
            if (!partlyBurned(cycle[i])) {
                removeFromForest(cycle[i]);
            }
        }
    }

    /** How far every balance on the cycle can move when shifting with the cycle ({@code withCycle}) or against it. */
    private BigInteger room(int[] cycle, boolean[] forwards, boolean withCycle) {
        BigInteger room = null;
        for (int i = 0; i < cycle.length; i++) {
            int e = cycle[i];
            BigInteger edgeRoom = forwards[i] == withCycle ? graph.amount(e).subtract(remaining[e]) : remaining[e];
            if (room == null || edgeRoom.compareTo(room) < 0) {
                room = edgeRoom;
            }
        }
        return room;
    }

    private int zeroed(int[] cycle, boolean[] forwards, boolean withCycle, BigInteger amount) {
        int zeroed = 0;
        for (int i = 0; i < cycle.length; i++) {
            if (forwards[i] != withCycle && remaining[cycle[i]].equals(amount)) {
                zeroed++;
            }
        }
        return zeroed;
    }

    private int otherEnd(int edge, int node) {
        return graph.debtor[edge] == node ? graph.creditor[edge] : graph.debtor[edge];
    }

    private void addToForest(int edge) {
        append(graph.debtor[edge], edge);
        append(graph.creditor[edge], edge);
    }

    private void append(int node, int edge) {
        if (forestEdges[node] == null) {
            forestEdges[node] = new int[4];
        } else if (forestDegree[node] == forestEdges[node].length) {
            forestEdges[node] = Arrays.copyOf(forestEdges[node], 2 * forestDegree[node]);
        }
        forestEdges[node][forestDegree[node]++] = edge;
    }

    private void removeFromForest(int edge) {
        remove(graph.debtor[edge], edge);
        remove(graph.creditor[edge], edge);
    }

    private void remove(int node, int edge) {
        for (int i = 0; i < forestDegree[node]; i++) {
            if (forestEdges[node][i] == edge) {
                forestEdges[node][i] = forestEdges[node][--forestDegree[node]];
                return;
            }
        }
        throw new IllegalStateException("balance " + edge + " is not in the forest at bank " + node);
    }
}
