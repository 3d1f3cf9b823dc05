package io.astraclear.node.cli;

import io.astraclear.node.plugins.PluginExtension;
import io.astraclear.node.plugins.PluginHost;
import io.astraclear.node.plugins.PluginInfo;
import io.astraclear.node.plugins.PluginKind;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code astra bench NAME}: the benchmarks of docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark; see docs/BENCHMARKS.md.",
        subcommands = {HubBenchCommand.class, EndToEndBenchCommand.class, GasBenchCommand.class, BenchCommand.Netting.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code astra bench netting}: every netting strategy the plugins directory provides, on the same
     * snapshots (the seed's examples and synthetic networks from a fixed seed), with the node's
     * invariant check on every result, and a table of reduction, distance from the lower bound and
     * time per round. For burn-only results it also checks, independently of any plugin, whether the
     * result is the optimum (no negative cycle in the residual graph of a minimum-cost flow).
     */
    @Command(name = "netting", mixinStandardHelpOptions = true,
            description = "Compare every installed netting strategy on the seed examples and synthetic uniform, hub-and-spoke and"
                    + " heavy-tailed networks; prints a table (reduction, distance from the lower bound, time per round).")
    static final class Netting implements Callable<Integer> {
        /** The generators aggregate payments in a banks × banks matrix: 5,000 banks take 200 MB. */
        private static final int MAX_BANKS = 5_000;

        @Option(names = "--plugins-dir", description = "Directory of plugin jars. Default: the plugins built in this repository.")
        Path pluginsDirectory;

        @Option(names = "--banks", split = ",", defaultValue = "10,100,1000",
                description = "Network sizes in banks. Default: ${DEFAULT-VALUE}.")
        List<Integer> bankCounts;

        @Option(names = "--payments-per-bank", defaultValue = "1000",
                description = "Payments per bank in the synthetic networks (1,000 banks x 1,000 = 1,000,000 payments). Default: ${DEFAULT-VALUE}.")
        int paymentsPerBank;

        @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds per strategy and network, after warm-up. Default: ${DEFAULT-VALUE}.")
        int rounds;

        @Option(names = "--seed", defaultValue = "20240611", description = "Seed of the synthetic networks. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--strategies", split = ",", description = "Only these strategy ids. Default: every installed one.")
        List<String> onlyStrategies;

        @Option(names = "--dense", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also the densest network of the largest size: every ordered pair owes (999,000 obligations for 1,000 banks); --no-dense leaves it out. Default: on.")
        boolean dense;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            if (rounds < 1 || paymentsPerBank < 1 || bankCounts.stream().anyMatch(banks -> banks < 2 || banks > MAX_BANKS)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--rounds and --payments-per-bank must be positive, --banks between 2 and " + MAX_BANKS);
            }
            Path directory = pluginsDirectory != null ? pluginsDirectory : BuiltPlugins.directory();
            try (PluginHost host = PluginHost.start(directory)) {
                List<NettingStrategy> strategies = strategies(host);
                if (strategies.isEmpty()) {
                    out.println("no netting strategy in " + directory);
                    return 1;
                }
                out.printf("astra bench netting: %s; %d timed rounds each; seed %d; %s, %d CPUs, %s %s%n",
                        String.join(", ", strategies.stream().map(s -> s.id() + " " + s.version()).toList()),
                        rounds, seed, LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.vm.name"), Runtime.version());
                List<Row> rows = new ArrayList<>();
                List<DataSet> sets = dataSets();
                for (int index = 0; index < sets.size(); index++) {
                    DataSet set = sets.get(index);
                    long generating = System.nanoTime();
                    BalanceSnapshot snapshot = set.snapshot().build();
                    out.printf("[%d/%d] %s: %d banks, %s → %,d obligations (generated in %.1f s)%n", index + 1, sets.size(), set.name(),
                            banks(snapshot), set.payments(), snapshot.obligations().size(), (System.nanoTime() - generating) / 1e9);
                    for (NettingStrategy strategy : strategies) {
                        Row row = measure(set, snapshot, strategy);
                        rows.add(row);
                        out.printf("      %-28s %s%n", strategy.id(), row.summary());
                    }
                }
                out.println();
                printTable(out, rows);
                return 0;
            }
        }

        private List<NettingStrategy> strategies(PluginHost host) {
            List<String> ids = new ArrayList<>();
            for (PluginInfo plugin : host.plugins()) {
                for (PluginExtension extension : plugin.extensions()) {
                    if (extension.kind() == PluginKind.NETTING && (onlyStrategies == null || onlyStrategies.contains(extension.id()))) {
                        ids.add(extension.id());
                    }
                }
            }
            ids.sort(null);
            return ids.stream().map(host::nettingStrategy).toList();
        }

        private List<DataSet> dataSets() {
            List<DataSet> sets = new ArrayList<>();
            sets.add(new DataSet("seed pair (A→B 100, B→A 30)", "2 balances", () -> BalanceSnapshot.canonical(List.of(
                    new Obligation(BankId.of("BANK_A"), BankId.of("BANK_B"), Amount.of(100)),
                    new Obligation(BankId.of("BANK_B"), BankId.of("BANK_A"), Amount.of(30))))));
            sets.add(new DataSet("seed cycle (A→B→C→A 100)", "3 balances", () -> BalanceSnapshot.canonical(List.of(
                    new Obligation(BankId.of("BANK_A"), BankId.of("BANK_B"), Amount.of(100)),
                    new Obligation(BankId.of("BANK_B"), BankId.of("BANK_C"), Amount.of(100)),
                    new Obligation(BankId.of("BANK_C"), BankId.of("BANK_A"), Amount.of(100))))));
            List<Integer> sizes = bankCounts.stream().sorted().distinct().toList();
            for (int banks : sizes) {
                long payments = (long) banks * paymentsPerBank;
                String count = String.format(Locale.ROOT, "%,d payments", payments);
                for (Pattern pattern : Pattern.values()) {
                    long setSeed = seed * 31 + banks * 7L + pattern.ordinal();
                    sets.add(new DataSet(pattern.label + " " + banks, count, () -> Synthetic.payments(pattern, banks, payments, setSeed)));
                }
            }
            if (dense && !sizes.isEmpty()) {
                int banks = sizes.getLast();
                long pairs = (long) banks * (banks - 1);
                sets.add(new DataSet("dense " + banks, String.format(Locale.ROOT, "every pair, %,d balances", pairs),
                        () -> Synthetic.everyPair(banks, seed * 31 + banks * 7L + 99)));
            }
            return sets;
        }

        private Row measure(DataSet set, BalanceSnapshot snapshot, NettingStrategy strategy) {
            int warmUps = snapshot.obligations().size() < 20_000 ? 20 : 2;
            int timed = snapshot.obligations().size() < 20_000 ? Math.max(rounds, 20) : rounds;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            NettingProposal proposal = null;
            long[] wallNanos = new long[timed];
            long[] cpuNanos = new long[timed];
            try {
                for (int i = 0; i < warmUps; i++) {
                    proposal = strategy.net(snapshot);
                }
                for (int i = 0; i < timed; i++) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    NettingProposal again = strategy.net(snapshot);
                    wallNanos[i] = System.nanoTime() - wall;
                    cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpu;
                    if (!again.equals(proposal)) {
                        return Row.failed(set, snapshot, strategy, "not deterministic: two rounds on the same snapshot differ");
                    }
                }
            } catch (RuntimeException e) {
                return Row.failed(set, snapshot, strategy, "refused: " + e.getMessage());
            }
            long checking = System.nanoTime();
            NettingCheck check = NettingInvariants.check(strategy, snapshot, proposal);
            long checkNanos = System.nanoTime() - checking;
            if (check instanceof NettingCheck.Violated violated) {
                return Row.failed(set, snapshot, strategy, violated.message());
            }
            NettingFigures figures = NettingFigures.of(snapshot, proposal.balancesAfter());
            String optimal = strategy.novates() ? "n/a" : switch (Certificate.check(snapshot, proposal.balancesAfter())) {
                case OPTIMAL -> "yes";
                case NOT_OPTIMAL -> "no";
                case UNKNOWN -> "?";
            };
            return new Row(set, banks(snapshot), snapshot.obligations().size(), strategy.id(), strategy.novates(), figures,
                    proposal.balancesAfter().obligations().size(), median(wallNanos), Arrays.stream(wallNanos).max().orElse(0),
                    median(cpuNanos), checkNanos, optimal, null);
        }

        private static void printTable(PrintStream out, List<Row> rows) {
            Map<String, BigInteger> bilateralGrossAfter = new HashMap<>();
            rows.stream().filter(row -> row.strategy().equals("bilateral") && row.failure() == null)
                    .forEach(row -> bilateralGrossAfter.put(row.set().name(), row.figures().grossAfter()));
            out.println("| network | banks | obligations | lower bound (max reduction) | strategy | obligations after | reduction | above lower bound"
                    + " | left vs bilateral | optimal | median ms (CPU ms) | max ms | invariant check ms |");
            out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|:---:|---:|---:|---:|");
            for (Row row : rows) {
                if (row.failure() != null) {
                    out.printf("| %s | %d | %,d | | %s | %s | | | | | | | |%n", row.set().name(), row.banks(), row.obligations(), row.strategy(),
                            row.failure().replace('|', '/'));
                    continue;
                }
                NettingFigures figures = row.figures();
                BigInteger bilateral = bilateralGrossAfter.get(row.set().name());
                out.printf("| %s | %d | %,d | %s %% | %s | %,d | %s %% | %s %% | %s | %s | %s (%s) | %s | %s |%n",
                        row.set().name(), row.banks(), row.obligations(),
                        percent(figures.grossBefore().subtract(figures.lowerBound()), figures.grossBefore()),
                        row.strategy(), row.obligationsAfter(), figures.reductionPercent().toPlainString(),
                        percent(figures.grossAfter().subtract(figures.lowerBound()), figures.grossBefore()),
                        bilateral == null || bilateral.signum() == 0 ? "–" : percent(figures.grossAfter(), bilateral) + " %",
                        row.optimal(), millis(row.medianNanos()), millis(row.medianCpuNanos()), millis(row.maxNanos()), millis(row.checkNanos()));
            }
        }

        private static int banks(BalanceSnapshot snapshot) {
            HashSet<BankId> banks = new HashSet<>();
            snapshot.obligations().forEach(obligation -> {
                banks.add(obligation.debtor());
                banks.add(obligation.creditor());
            });
            return banks.size();
        }

        private static long median(long[] values) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        private static String millis(long nanos) {
            return nanos < 10_000_000 ? String.format(Locale.ROOT, "%.2f", nanos / 1e6) : String.format(Locale.ROOT, "%,d", nanos / 1_000_000);
        }

        /** {@code part / whole × 100}, two decimals; {@code 0.00} for an empty whole. */
        private static String percent(BigInteger part, BigInteger whole) {
            if (whole.signum() == 0) {
                return "0.00";
            }
            return new BigDecimal(part).multiply(BigDecimal.valueOf(100)).divide(new BigDecimal(whole), 2, RoundingMode.HALF_UP).toPlainString();
        }
    }

    private record DataSet(String name, String payments, SnapshotSource snapshot) {}

    @FunctionalInterface
    private interface SnapshotSource {
        BalanceSnapshot build();
    }

    private record Row(DataSet set, int banks, int obligations, String strategy, boolean novates, NettingFigures figures, int obligationsAfter,
            long medianNanos, long maxNanos, long medianCpuNanos, long checkNanos, String optimal, String failure) {
        static Row failed(DataSet set, BalanceSnapshot snapshot, NettingStrategy strategy, String failure) {
            return new Row(set, Netting.banks(snapshot), snapshot.obligations().size(), strategy.id(), strategy.novates(), null, 0, 0, 0, 0, 0, "", failure);
        }

        String summary() {
            if (failure != null) {
                return "FAILED " + failure;
            }
            return String.format(Locale.ROOT, "reduction %6s %%, %,d obligations left, median %s ms (CPU %s ms), optimal %s",
                    figures.reductionPercent().toPlainString(), obligationsAfter, Netting.millis(medianNanos), Netting.millis(medianCpuNanos), optimal);
        }
    }

    private enum Pattern {
        UNIFORM("uniform"),
        HUB_AND_SPOKE("hub-and-spoke"),
        HEAVY_TAILED("heavy-tailed");

        final String label;

        Pattern(String label) {
            this.label = label;
        }
    }

    /**
     * Synthetic payment networks from a fixed seed. Amounts are in base units of an 18-decimal token,
     * whole cents (10^16 base units), so balances exceed 64 bits as real ones do.
     *
     * <ul>
     *   <li>uniform: any bank pays any other, amounts uniform from 1 to 10,000 tokens;</li>
     *   <li>hub-and-spoke: one bank in 20 is a hub; each other bank has a home hub; 40 % spoke → home hub,
     *       40 % home hub → spoke, 10 % hub → hub, 10 % spoke → spoke; amounts as uniform;</li>
     *   <li>heavy-tailed: payer and payee drawn by Zipf weights (rank^−1) over a shuffled bank order,
     *       amounts Pareto (α = 1.16, the 80/20 rule) from 1 token, capped at 10^9 tokens;</li>
     *   <li>dense: no payments, every ordered pair owes a balance uniform from 1 to 1,000,000 tokens.</li>
     * </ul>
     */
    private static final class Synthetic {
        private static final BigInteger BASE_UNITS_PER_CENT = BigInteger.TEN.pow(16);

        static BalanceSnapshot payments(Pattern pattern, int banks, long payments, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            long[] cents = new long[banks * banks];
            int hubs = Math.max(1, banks / 20);
            double[] zipf = pattern == Pattern.HEAVY_TAILED ? zipfCumulative(banks) : null;
            int[] rankToBank = shuffledBanks(banks, random);
            for (long payment = 0; payment < payments; payment++) {
                int debtor;
                int creditor;
                long amount;
                switch (pattern) {
                    case UNIFORM -> {
                        debtor = random.nextInt(banks);
                        creditor = other(random, banks, debtor);
                        amount = random.nextLong(100, 1_000_001);
                    }
                    case HUB_AND_SPOKE -> {
                        int kind = random.nextInt(10);
                        if (banks <= hubs || kind == 8) { // hub → hub, or any pair when all are hubs
                            debtor = random.nextInt(hubs);
                            creditor = hubs == 1 ? other(random, banks, debtor) : other(random, hubs, debtor);
                        } else if (kind == 9) { // spoke → spoke
                            debtor = hubs + random.nextInt(banks - hubs);
                            creditor = banks - hubs == 1 ? random.nextInt(hubs) : hubs + other(random, banks - hubs, debtor - hubs);
                        } else {
                            int spoke = hubs + random.nextInt(banks - hubs);
                            int home = spoke % hubs;
                            debtor = kind < 4 ? spoke : home;
                            creditor = kind < 4 ? home : spoke;
                        }
                        amount = random.nextLong(100, 1_000_001);
                    }
                    case HEAVY_TAILED -> {
                        debtor = rankToBank[draw(zipf, random)];
                        do {
                            creditor = rankToBank[draw(zipf, random)];
                        } while (creditor == debtor);
                        double pareto = 100 / Math.pow(1 - random.nextDouble(), 1 / 1.16);
                        amount = (long) Math.min(pareto, 1e11);
                    }
                    default -> throw new IllegalStateException();
                }
                cents[debtor * banks + creditor] = Math.addExact(cents[debtor * banks + creditor], amount);
            }
            return fromCents(banks, cents);
        }

        static BalanceSnapshot everyPair(int banks, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            long[] cents = new long[banks * banks];
            for (int debtor = 0; debtor < banks; debtor++) {
                for (int creditor = 0; creditor < banks; creditor++) {
                    if (debtor != creditor) {
                        cents[debtor * banks + creditor] = random.nextLong(100, 100_000_001);
                    }
                }
            }
            return fromCents(banks, cents);
        }

        private static BalanceSnapshot fromCents(int banks, long[] cents) {
            BankId[] ids = new BankId[banks];
            for (int bank = 0; bank < banks; bank++) {
                ids[bank] = BankId.of(String.format(Locale.ROOT, "BANK_%04d", bank));
            }
            List<Obligation> obligations = new ArrayList<>();
            for (int debtor = 0; debtor < banks; debtor++) {
                for (int creditor = 0; creditor < banks; creditor++) {
                    long amount = cents[debtor * banks + creditor];
                    if (amount != 0) {
                        obligations.add(new Obligation(ids[debtor], ids[creditor],
                                new Amount(BigInteger.valueOf(amount).multiply(BASE_UNITS_PER_CENT))));
                    }
                }
            }
            return new BalanceSnapshot(obligations); // built in canonical order: ids sort as their numbers
        }

        private static int other(SplittableRandom random, int count, int excluded) {
            int pick = random.nextInt(count - 1);
            return pick >= excluded ? pick + 1 : pick;
        }

        private static double[] zipfCumulative(int banks) {
            double[] cumulative = new double[banks];
            double sum = 0;
            for (int rank = 0; rank < banks; rank++) {
                sum += 1.0 / (rank + 1);
                cumulative[rank] = sum;
            }
            for (int rank = 0; rank < banks; rank++) {
                cumulative[rank] /= sum;
            }
            return cumulative;
        }

        private static int draw(double[] cumulative, SplittableRandom random) {
            int found = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
        }

        private static int[] shuffledBanks(int banks, SplittableRandom random) {
            int[] order = new int[banks];
            for (int i = 0; i < banks; i++) {
                order[i] = i;
            }
            for (int i = banks - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return order;
        }
    }

    /**
     * Whether burn-only balances {@code after} are the least gross reachable from {@code before}: the
     * optimality condition of minimum-cost flow, checked without any plugin's code. In the residual
     * graph a balance below its original amount may grow back (debtor → creditor, cost +1) and a
     * balance with something left may shrink (creditor → debtor, cost −1); the result is optimal
     * exactly when no cycle there has negative cost. Bellman-Ford from a virtual source; a cycle in
     * the predecessor graph is a negative cycle.
     */
    private static final class Certificate {
        enum Verdict { OPTIMAL, NOT_OPTIMAL, UNKNOWN }

        static Verdict check(BalanceSnapshot before, BalanceSnapshot after) {
            Map<BankId, Integer> numbers = new HashMap<>();
            for (Obligation obligation : before.obligations()) {
                numbers.putIfAbsent(obligation.debtor(), numbers.size());
                numbers.putIfAbsent(obligation.creditor(), numbers.size());
            }
            int banks = numbers.size();
            int[] from = new int[2 * before.obligations().size()];
            int[] to = new int[from.length];
            int[] cost = new int[from.length];
            int arcs = 0;
            List<Obligation> left = after.obligations();
            int cursor = 0;
            for (Obligation obligation : before.obligations()) {
                while (cursor < left.size() && left.get(cursor).compareTo(obligation) < 0) {
                    cursor++;
                }
                BigInteger remaining = cursor < left.size() && left.get(cursor).compareTo(obligation) == 0
                        ? left.get(cursor).amount().value()
                        : BigInteger.ZERO;
                int debtor = numbers.get(obligation.debtor());
                int creditor = numbers.get(obligation.creditor());
                if (remaining.compareTo(obligation.amount().value()) < 0) {
                    from[arcs] = debtor;
                    to[arcs] = creditor;
                    cost[arcs++] = 1;
                }
                if (remaining.signum() > 0) {
                    from[arcs] = creditor;
                    to[arcs] = debtor;
                    cost[arcs++] = -1;
                }
            }
            long[] distance = new long[banks];
            int[] predecessor = new int[banks];
            Arrays.fill(predecessor, -1);
            for (int round = 0; round <= banks; round++) {
                boolean changed = false;
                for (int arc = 0; arc < arcs; arc++) {
                    if (distance[from[arc]] + cost[arc] < distance[to[arc]]) {
                        distance[to[arc]] = distance[from[arc]] + cost[arc];
                        predecessor[to[arc]] = from[arc];
                        changed = true;
                    }
                }
                if (!changed) {
                    return Verdict.OPTIMAL;
                }
                if (hasCycle(predecessor)) {
                    return Verdict.NOT_OPTIMAL;
                }
            }
            return Verdict.UNKNOWN;
        }

        private static boolean hasCycle(int[] predecessor) {
            int[] state = new int[predecessor.length]; // 0 unvisited, 1 on the current walk, 2 done
            for (int start = 0; start < predecessor.length; start++) {
                int node = start;
                while (node >= 0 && state[node] == 0) {
                    state[node] = 1;
                    node = predecessor[node];
                }
                if (node >= 0 && state[node] == 1) {
                    return true;
                }
                for (node = start; node >= 0 && state[node] == 1; node = predecessor[node]) {
                    state[node] = 2;
                }
            }
            return false;
        }
    }
}
