package io.rocketconnect.impl.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The trace id of the span current on this thread, which a requestId takes when no sender gave one. */
public final class TraceIds {

    private TraceIds() {
    }

    /** The current span's trace id (32 hex digits, as a requestId), or null if no valid span is current. */
    public static String current() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }
}
