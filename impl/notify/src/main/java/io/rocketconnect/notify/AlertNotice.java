package io.rocketconnect.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.osgi.service.event.Event;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAlerts;

/**
 * An alert or its end, as the SLA policies post it to EventAdmin, and the names of the targets to tell.
 * Its fields are the documented JSON body of a webhook POST.
 *
 * @param event {@code ALERT} or {@code RESOLVED}
 */
record AlertNotice(String event, String policy, String adapterId, String metric, double value, double threshold,
        long windowSeconds, Instant raisedAt, Instant resolvedAt, List<String> notifyTo) {

    static AlertNotice from(Event event) {
        Object resolved = event.getProperty("resolvedAt");
        Object targets = event.getProperty(RocketmqAlerts.NOTIFY);
        return new AlertNotice(event.getTopic().equals(RocketmqAlerts.TOPIC_RESOLVED) ? "RESOLVED" : "ALERT",
                (String) event.getProperty("policy"), (String) event.getProperty(RocketmqAPI.ADAPTER_ID),
                (String) event.getProperty("metric"), ((Number) event.getProperty("value")).doubleValue(),
                ((Number) event.getProperty("threshold")).doubleValue(),
                ((Number) event.getProperty("window.seconds")).longValue(),
                Instant.ofEpochMilli(((Number) event.getProperty("raisedAt")).longValue()),
                resolved == null ? null : Instant.ofEpochMilli(((Number) resolved).longValue()),
                targets instanceof String[] names ? List.of(names) : List.of());
    }

    /** One line for a mail subject or a log line. */
    String summary() {
        return "[RocketConnect] " + event + ": policy '" + policy + "' on adapter '" + adapterId + "': " + metric + " = "
                + String.format(Locale.ROOT, "%.3f", value) + " (threshold " + String.format(Locale.ROOT, "%.3f", threshold)
                + ", over " + windowSeconds + " s)";
    }
}
