package io.rocketconnect.impl;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import io.rocketconnect.api.OperationStats.Figures;
import io.rocketconnect.api.RocketmqAPI;

/**
 * One alert policy, from {@code etc/io.rocketconnect.sla.policy-<name>.cfg}: which adapters (an id,
 * a {@code *} pattern, or an LDAP filter over the adapter's service properties), which metric over
 * which window, the threshold, and how long to wait before the same alert is raised again.
 *
 * @param window rounded up to 10-second slots when evaluated; 10s to 60s
 */
record SlaPolicy(String name, String adapters, Filter filter, String operation, Metric metric, boolean below, double threshold,
        Duration window, Duration cooldown, long minCalls) {

    static final String FACTORY_PID = "io.rocketconnect.sla.policy";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** What a policy watches. */
    enum Metric {
        /** Failed calls / calls, 0..1. */
        errorRate,
        /** 99th percentile latency, milliseconds. */
        p99,
        /** Number of calls. */
        calls;

        double of(Figures figures) {
            return switch (this) {
                case errorRate -> figures.errorRate();
                case p99 -> figures.p99Millis();
                case calls -> figures.calls();
            };
        }
    }

    /** Whether {@code figures} cross the threshold (a rate or latency needs minCalls calls to count). */
    boolean trips(Figures figures) {
        if (metric != Metric.calls && figures.calls() < minCalls) {
            return false;
        }
        double value = metric.of(figures);
        return below ? value < threshold : value > threshold;
    }

    /** Whether the adapter registered with {@code properties} is one this policy watches. */
    boolean watches(Map<String, ?> properties) {
        return filter.matches(properties);
    }

    /** Reads and checks a policy configuration; the exception names the key, the value and the rule. */
    static SlaPolicy from(Map<String, ?> properties) {
        String name = string(properties, "name", nameFromOrigin(properties));
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSettingException("name", name, "1 to 64 of A-Z a-z 0-9 _ . - (or name the file "
                    + FACTORY_PID + "-<name>.cfg)");
        }
        String adapters = string(properties, "adapter", "*");
        Filter filter = filter(adapters);
        String metricValue = string(properties, "metric", null);
        Metric metric;
        try {
            metric = Metric.valueOf(metricValue);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidSettingException("metric", metricValue, "errorRate, p99 or calls");
        }
        String condition = string(properties, "condition", "above").toLowerCase(Locale.ROOT);
        if (!condition.equals("above") && !condition.equals("below")) {
            throw new InvalidSettingException("condition", condition, "above or below");
        }
        String thresholdValue = string(properties, "threshold", null);
        double threshold;
        try {
            threshold = Double.parseDouble(thresholdValue);
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException("threshold", thresholdValue, "a number, required");
        }
        if (threshold < 0 || Double.isNaN(threshold) || Double.isInfinite(threshold) || (metric == Metric.errorRate && threshold > 1)) {
            throw new InvalidSettingException("threshold", thresholdValue,
                    metric == Metric.errorRate ? "an error rate in [0, 1]" : "a number of 0 or more");
        }
        Duration window = duration(properties, "window", "60s");
        if (window.compareTo(Duration.ofSeconds(10)) < 0 || window.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new InvalidSettingException("window", string(properties, "window", null), "10s to 60s (the minute the SLA figures keep)");
        }
        Duration cooldown = duration(properties, "cooldown", "5m");
        if (cooldown.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidSettingException("cooldown", string(properties, "cooldown", null), "0s to 24h");
        }
        String minCallsValue = string(properties, "minCalls", "1");
        long minCalls;
        try {
            minCalls = Long.parseLong(minCallsValue);
        } catch (NumberFormatException e) {
            minCalls = -1;
        }
        if (minCalls < 1) {
            throw new InvalidSettingException("minCalls", minCallsValue, "a whole number of 1 or more");
        }
        return new SlaPolicy(name, adapters, filter, string(properties, "operation", null), metric, condition.equals("below"),
                threshold, window, cooldown, minCalls);
    }

    /** {@code orders}, {@code shop-*}, or an LDAP filter such as {@code (app.id=shop)}. */
    private static Filter filter(String adapters) {
        String ldap = adapters.startsWith("(") ? adapters : "(" + RocketmqAPI.ADAPTER_ID + "=" + adapters + ")";
        try {
            return FrameworkUtil.createFilter(ldap);
        } catch (InvalidSyntaxException e) {
            throw new InvalidSettingException("adapter", adapters, "an adapter id, a pattern with *, or an LDAP filter ("
                    + e.getMessage() + ")");
        }
    }

    private static Duration duration(Map<String, ?> properties, String key, String fallback) {
        String value = string(properties, key, fallback);
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new InvalidSettingException(key, value, "a duration such as 30s, 5m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static String string(Map<String, ?> properties, String key, String fallback) {
        Object value = properties.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    /** The name in {@code io.rocketconnect.sla.policy-<name>.cfg}, or in the named factory pid {@code ...~<name>}. */
    static String nameFromOrigin(Map<String, ?> properties) {
        return FactoryConfigurations.nameFromOrigin(properties, FACTORY_PID);
    }

    @Override
    public String toString() {
        return name + ": " + metric + (below ? " below " : " above ") + threshold + " over " + window.toSeconds() + "s on "
                + adapters + (operation != null ? " (" + operation + ")" : "") + ", cooldown " + cooldown.toSeconds() + "s";
    }
}
