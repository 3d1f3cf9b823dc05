package io.astraclear.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same operations as the JMH benchmarks, measured in operations per CPU-second of the
 * measuring thread. On a shared machine JMH's wall-clock throughput swings with other load; CPU
 * time charged to the thread does not, so this gives the per-core figure to compare with:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.astraclear.benchmarks.CpuTimeThroughput</pre>
 */
public final class CpuTimeThroughput {
    private static final long WARMUP_NANOS = 4_000_000_000L;
    private static final long MEASURE_CPU_NANOS = 5_000_000_000L;
    private static volatile Object sink;

    private CpuTimeThroughput() {}

    public static void main(String[] arguments) {
        SigningBenchmark signing = new SigningBenchmark();
        signing.setUp();
        NettingBenchmark netting = new NettingBenchmark();
        netting.setUp();
        Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
        operations.put("astraSign", signing::astraSign);
        operations.put("astraRecover", signing::astraRecover);
        operations.put("web3jSignPrefixedMessage", signing::web3jSignPrefixedMessage);
        operations.put("bouncyCastleRawSignature", signing::bouncyCastleRawSignature);
        operations.put("bilateral100Banks", netting::bilateral100Banks);
        operations.put("multilateral100Banks", netting::multilateral100Banks);
        operations.put("invariantCheck100Banks", netting::invariantCheck100Banks);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-28s %14s%n", "operation", "ops/CPU-second");
        for (Map.Entry<String, Supplier<Object>> operation : operations.entrySet()) {
            run(operation.getValue(), threads, WARMUP_NANOS);
            long cpuStart = threads.getCurrentThreadCpuTime();
            long count = run(operation.getValue(), threads, MEASURE_CPU_NANOS);
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("%-28s %,14.0f%n", operation.getKey(), count * 1e9 / cpuNanos);
        }
    }

    /** Runs the operation until the thread has used {@code cpuNanos} of CPU; returns how many ran. */
    private static long run(Supplier<Object> operation, ThreadMXBean threads, long cpuNanos) {
        long end = threads.getCurrentThreadCpuTime() + cpuNanos;
        long count = 0;
        while (true) {
            for (int i = 0; i < 64; i++) {
                sink = operation.get();
            }
            count += 64;
            if (threads.getCurrentThreadCpuTime() >= end) {
                return count;
            }
        }
    }
}
