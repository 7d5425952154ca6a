package io.rocketconnect.api;

import java.time.Duration;
import java.util.List;

/**
 * One SLA alert policy as configured: which adapters it watches ({@code adapters}: an id, a {@code *}
 * pattern or an LDAP filter), which operation (null: all), the metric ({@code errorRate}, {@code p99} in
 * milliseconds, {@code calls}) and whether an alert means {@code above} or {@code below} the threshold;
 * {@code notifyTo} names the notification targets ({@code etc/io.rocketconnect.notify-<name>.cfg}) that
 * hear of its alerts and their end (since 1.5).
 *
 * @since 1.4
 */
public record AlertPolicy(String name, String adapters, String operation, String metric, String comparison,
        double threshold, Duration window, Duration cooldown, long minCalls, List<String> notifyTo) {
}
