package io.rocketconnect.api;

import java.time.Instant;
import java.util.List;

/**
 * The SLA figures of one kind of call on one adapter, minute by minute: the points behind a chart of
 * calls, errors and latency per minute. Minutes without calls have no point. The last point may be the
 * minute under way ({@link Minute#complete()} false).
 */
public record OperationHistory(String operation, List<Minute> minutes) {

    public OperationHistory {
        minutes = List.copyOf(minutes);
    }

    /** One wall-clock minute, from {@code start}: calls, failed calls, latency percentiles in milliseconds. */
    public record Minute(Instant start, long calls, long errors, double p50Millis, double p99Millis, boolean complete) {
    }
}
