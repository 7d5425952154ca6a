package io.rocketconnect.api;

/**
 * SLA figures of one kind of call on one adapter ({@code send}, {@code sendAsync}, {@code doProduce}, ...):
 * over the last minute and since the adapter started. Latencies in milliseconds.
 */
public record OperationStats(String operation, Figures lastMinute, Figures sinceStart) {

    /** Calls, failed calls, and latency percentiles of the calls. */
    public record Figures(long calls, long errors, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

        /** errors / calls, 0 without calls. */
        public double errorRate() {
            return calls == 0 ? 0 : (double) errors / calls;
        }
    }
}
