package io.rocketconnect.opentelemetry.sdk;

import org.slf4j.MDC;

import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.rocketconnect.api.RocketmqAPI;

/**
 * Trace ids for new traces: the caller's requestId when its logging MDC holds one (a shell command, a
 * process step or an application that chose its id before calling), else random. So a send that starts
 * a trace is found in the trace backend by the requestId the caller printed or logged, and the
 * requestId of a traced call is always its trace id. Span ids stay random.
 */
final class RequestIdTraceIds implements IdGenerator {

    private final IdGenerator random = IdGenerator.random();

    @Override
    public String generateSpanId() {
        return random.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String requestId = MDC.get(RocketmqAPI.REQUEST_ID);
        return requestId != null && TraceId.isValid(requestId) ? requestId : random.generateTraceId();
    }
}
