package io.rocketconnect.impl.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import io.rocketconnect.api.AlertPolicy;
import io.rocketconnect.api.OperationStats.Figures;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.impl.config.FactoryConfigurations;
import io.rocketconnect.impl.config.KeyDefinitions;
import io.rocketconnect.impl.config.Problems;
import io.rocketconnect.impl.config.PropertyReader;
import io.rocketconnect.impl.config.TypedConfigurations;

/**
 * One alert policy, from {@code etc/io.rocketconnect.sla.policy-<name>.cfg}: which adapters (an id,
 * a {@code *} pattern, or an LDAP filter over the adapter's service properties), which metric over
 * which window, the threshold, and how long to wait before the same alert is raised again.
 *
 * @param window rounded up to 10-second slots when evaluated; 10s to 60s
 */
public record SlaPolicy(String name, String adapters, Filter filter, String operation, Metric metric, boolean below, double threshold,
        Duration window, Duration cooldown, long minCalls, List<String> notifyTo) {

    static final String FACTORY_PID = "io.rocketconnect.sla.policy";
    /** The keys of a policy configuration, as {@link SlaPolicyConfig} defines them. */
    static final KeyDefinitions KEYS = KeyDefinitions.of(SlaPolicyConfig.class);
    private static final String NAME_KEY = TypedConfigurations.key(SlaPolicyConfig.class, SlaPolicyConfig::name);
    private static final String ADAPTER_KEY = TypedConfigurations.key(SlaPolicyConfig.class, SlaPolicyConfig::adapter);
    private static final String THRESHOLD_KEY = TypedConfigurations.key(SlaPolicyConfig.class, SlaPolicyConfig::threshold);
    private static final String WINDOW_KEY = TypedConfigurations.key(SlaPolicyConfig.class, SlaPolicyConfig::window);
    private static final String COOLDOWN_KEY = TypedConfigurations.key(SlaPolicyConfig.class, SlaPolicyConfig::cooldown);
    private static final String NOTIFY_KEY = TypedConfigurations.key(SlaPolicyConfig.class, SlaPolicyConfig::notify_to);

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

    /**
     * Reads and checks a policy configuration: types, defaults and ranges from {@link SlaPolicyConfig},
     * the rules a metatype cannot say here.
     *
     * @throws InvalidConfigurationException naming each key at fault, its value and the rule
     */
    static SlaPolicy from(Map<String, ?> properties) {
        PropertyReader in = new PropertyReader(properties, null, new Problems());
        SlaPolicyConfig config = TypedConfigurations.of(SlaPolicyConfig.class, in.values(KEYS));
        String name = config.name() != null ? config.name() : nameFromOrigin(properties);
        if (name == null || !NAME.matcher(name).matches()) {
            in.problems().add(NAME_KEY, name, "1 to 64 of A-Z a-z 0-9 _ . - (or name the file " + FACTORY_PID + "-<name>.cfg)");
        }
        Filter filter = filter(in, config.adapter());
        Metric metric = config.metric() == null ? null : Metric.valueOf(config.metric());
        if (metric == Metric.errorRate && config.threshold() > 1) {
            in.problems().add(THRESHOLD_KEY, in.text(THRESHOLD_KEY), "an error rate in [0, 1]");
        }
        Duration window = duration(in, WINDOW_KEY, config.window());
        if (window != null && (window.compareTo(Duration.ofSeconds(10)) < 0 || window.compareTo(Duration.ofSeconds(60)) > 0)) {
            in.problems().add(WINDOW_KEY, config.window(), "10s to 60s (the minute the SLA figures keep)");
        }
        Duration cooldown = duration(in, COOLDOWN_KEY, config.cooldown());
        if (cooldown != null && cooldown.compareTo(Duration.ofDays(1)) > 0) {
            in.problems().add(COOLDOWN_KEY, config.cooldown(), "0s to 24h");
        }
        List<String> notifyTo = notifyTo(in, config.notify_to());
        in.problems().throwIfAny();
        return new SlaPolicy(name, config.adapter(), filter, config.operation(), metric, config.condition().equals("below"),
                config.threshold(), window, cooldown, config.minCalls(), notifyTo);
    }

    /** Target names separated by commas, each a name as a notify configuration's file gives it. */
    private static List<String> notifyTo(PropertyReader in, String names) {
        if (names == null) {
            return List.of();
        }
        List<String> targets = new ArrayList<>();
        for (String name : names.split(",")) {
            String trimmed = name.trim();
            if (!NAME.matcher(trimmed).matches()) {
                in.problems().add(NOTIFY_KEY, names, "target names separated by commas, each 1 to 64 of A-Z a-z 0-9 _ . -");
                return List.of();
            }
            targets.add(trimmed);
        }
        return List.copyOf(targets);
    }

    /** {@code orders}, {@code shop-*}, or an LDAP filter such as {@code (app.id=shop)}. */
    private static Filter filter(PropertyReader in, String adapters) {
        String ldap = adapters.startsWith("(") ? adapters : "(" + RocketmqAPI.ADAPTER_ID + "=" + adapters + ")";
        try {
            return FrameworkUtil.createFilter(ldap);
        } catch (InvalidSyntaxException e) {
            in.problems().add(ADAPTER_KEY, adapters, "an adapter id, a pattern with *, or an LDAP filter (" + e.getMessage() + ")");
            return null;
        }
    }

    private static Duration duration(PropertyReader in, String key, String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            in.problems().add(key, value, "a duration such as 30s, 5m or 1h");
            return null;
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

    /** The name in {@code io.rocketconnect.sla.policy-<name>.cfg}, or in the named factory pid {@code ...~<name>}. */
    static String nameFromOrigin(Map<String, ?> properties) {
        return FactoryConfigurations.nameFromOrigin(properties, FACTORY_PID);
    }

    /** The policy as the API shows it. */
    AlertPolicy describe() {
        return new AlertPolicy(name, adapters, operation, metric.name(), below ? "below" : "above", threshold, window,
                cooldown, minCalls, notifyTo);
    }

    @Override
    public String toString() {
        return name + ": " + metric + (below ? " below " : " above ") + threshold + " over " + window.toSeconds() + "s on "
                + adapters + (operation != null ? " (" + operation + ")" : "") + ", cooldown " + cooldown.toSeconds() + "s"
                + (notifyTo.isEmpty() ? "" : ", notify.to " + String.join(",", notifyTo));
    }
}
