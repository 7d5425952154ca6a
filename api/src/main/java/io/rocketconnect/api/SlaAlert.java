package io.rocketconnect.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A policy that tripped for one adapter.
 *
 * @param policy     the policy's name (its configuration's {@code name}, else its pid)
 * @param adapterId  the adapter whose figures crossed the threshold
 * @param metric     {@code errorRate} (0..1), {@code p99} (milliseconds) or {@code calls}
 * @param value      the metric when the alert was raised
 * @param threshold  the policy's threshold
 * @param window     the window the metric was taken over
 * @param raisedAt   when it tripped
 * @param resolvedAt when it cleared; null while active
 */
public record SlaAlert(String policy, String adapterId, String metric, double value, double threshold, Duration window,
        Instant raisedAt, Instant resolvedAt) {

    public boolean active() {
        return resolvedAt == null;
    }
}
