package io.rocketconnect.impl.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.rocketconnect.api.SendReceipt;

/**
 * The PRODUCER span of one call, or {@link #NONE} when the adapter does not trace. While it is current,
 * the call's requestId is its trace id ({@link #traceId()}).
 */
public final class ProducerSpan {

    public static final ProducerSpan NONE = new ProducerSpan(null);

    private final Span span;

    ProducerSpan(Span span) {
        this.span = span;
    }

    /** Makes the span current on this thread (a no-op scope for {@link #NONE}). */
    public Scope makeCurrent() {
        return span == null ? Scope.noop() : span.makeCurrent();
    }

    /** The span's trace id, which becomes the call's requestId; null if there is no valid span. */
    public String traceId() {
        return span != null && span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    }

    /**
     * Ends the span with what the call gave: the message id of a send, or the failure, under
     * {@code errorType} (the root cause's class, as the call's metrics and audit row name it; null if
     * the call did not fail).
     */
    public void end(Object outcome, String errorType) {
        if (span == null) {
            return;
        }
        if (errorType != null && outcome instanceof Throwable failure) {
            span.recordException(failure);
            span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        } else if (outcome instanceof SendReceipt sent) {
            span.setAttribute(MessagingAttributes.MESSAGE_ID, sent.messageId());
        }
        span.end();
    }
}
