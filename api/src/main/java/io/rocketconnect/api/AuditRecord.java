package io.rocketconnect.api;

import java.time.Instant;

/**
 * One call in the audit log.
 *
 * @param timestamp      when the call started
 * @param requestId      the call's requestId (the caller's, if its MDC had one)
 * @param adapterId      the adapter called
 * @param operation      {@code send}, {@code sendAsync}, {@code doProduce}, {@code doConsume}, ...
 * @param target         the topic sent to, or the producer or consumer group
 * @param caller         symbolic name of the bundle that made the call
 * @param outcome        {@link #OK} or {@link #ERROR}
 * @param errorClass     the class of the failure (its root cause), null when the call succeeded
 * @param durationMicros how long the call took
 */
public record AuditRecord(Instant timestamp, String requestId, String adapterId, String operation, String target,
        String caller, String outcome, String errorClass, long durationMicros) {

    public static final String OK = "OK";
    public static final String ERROR = "ERROR";

    public boolean failed() {
        return ERROR.equals(outcome);
    }
}
