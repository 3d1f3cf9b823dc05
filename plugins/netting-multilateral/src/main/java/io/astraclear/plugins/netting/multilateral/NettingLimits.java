package io.astraclear.plugins.netting.multilateral;

import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How large a snapshot the multilateral strategies accept, and how long one round may take. Beyond
 * a limit a strategy refuses the round with a {@link NettingLimitExceededException}, which the node
 * turns into a rejected round naming the plugin; it never returns a partial result.
 *
 * <p>PF4J constructs extensions without arguments, so the node's operator sets the limits as Java
 * system properties ({@code -Dastra.netting.multilateral.max-banks=2000}, e.g. in
 * {@code ASTRA_JAVA_OPTS}) or environment variables ({@code ASTRA_NETTING_MULTILATERAL_MAX_BANKS}); a
 * system property wins over the environment.
 *
 * @param maxBanks       most distinct banks in a snapshot
 * @param maxObligations most balances (ordered pairs) in a snapshot; bounds the memory of a round
 * @param timeBudget     most wall-clock time one round may take before it is abandoned
 */
public record NettingLimits(int maxBanks, int maxObligations, Duration timeBudget) {
    public static final int DEFAULT_MAX_BANKS = 5_000;
    public static final int DEFAULT_MAX_OBLIGATIONS = 1_000_000;
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(10);
    public static final NettingLimits DEFAULTS = new NettingLimits(DEFAULT_MAX_BANKS, DEFAULT_MAX_OBLIGATIONS, DEFAULT_TIME_BUDGET);

    static final String MAX_BANKS = "astra.netting.multilateral.max-banks";
    static final String MAX_OBLIGATIONS = "astra.netting.multilateral.max-obligations";
    static final String TIME_BUDGET_MILLIS = "astra.netting.multilateral.time-budget-millis";

    public NettingLimits {
        if (maxBanks < 2) {
            throw new IllegalArgumentException("max banks must be at least 2: " + maxBanks);
        }
        if (maxObligations < 1) {
            throw new IllegalArgumentException("max obligations must be at least 1: " + maxObligations);
        }
        if (timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("time budget must be positive: " + timeBudget);
        }
    }

    /** The limits the node's operator configured, the defaults where nothing is set. */
    public static NettingLimits configured() {
        return configured(key -> {
            String property = System.getProperty(key);
            return property != null ? property : System.getenv(environmentName(key));
        });
    }

    /** The limits from a lookup of {@code astra.netting.multilateral.*} keys; null means not set. */
    static NettingLimits configured(UnaryOperator<String> lookup) {
        return new NettingLimits(
                (int) read(lookup, MAX_BANKS, DEFAULT_MAX_BANKS, Integer.MAX_VALUE),
                (int) read(lookup, MAX_OBLIGATIONS, DEFAULT_MAX_OBLIGATIONS, Integer.MAX_VALUE),
                Duration.ofMillis(read(lookup, TIME_BUDGET_MILLIS, DEFAULT_TIME_BUDGET.toMillis(), Duration.ofDays(1).toMillis())));
    }

    /** {@code astra.netting.multilateral.max-banks} → {@code ASTRA_NETTING_MULTILATERAL_MAX_BANKS}. */
    static String environmentName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static long read(UnaryOperator<String> lookup, String key, long defaultValue, long maximum) {
        String text = lookup.apply(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 1 || value > maximum) {
                throw new IllegalArgumentException(key + " (" + environmentName(key) + ") must be between 1 and " + maximum + ": " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " (" + environmentName(key) + ") must be a whole number: " + text, e);
        }
    }
}
