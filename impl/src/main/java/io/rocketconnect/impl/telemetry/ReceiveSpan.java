package io.rocketconnect.impl.telemetry;

import java.util.List;

import org.apache.rocketmq.common.message.MessageExt;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * The CONSUMER span of a simple consumer's receive, or {@link #NONE} when the adapter does not trace.
 * The messages arrive after it started, so it links to their senders' spans when it ends.
 */
public final class ReceiveSpan {

    public static final ReceiveSpan NONE = new ReceiveSpan(null, null);

    private final Span span;
    private final Instruments instruments;

    ReceiveSpan(Span span, Instruments instruments) {
        this.span = span;
        this.instruments = instruments;
    }

    /** Ends the span with what was received (links to each sender's span, the count) or the failure. */
    public void end(List<MessageExt> received, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(MessagingAttributes.ERROR_TYPE, failure.getClass().getName());
        } else {
            span.setAttribute(MessagingAttributes.BATCH_COUNT, (long) received.size());
            for (MessageExt message : received) {
                SpanContext sender = Span.fromContext(instruments.propagator.extract(Context.root(), message,
                        MessageCarrier.INSTANCE)).getSpanContext();
                if (sender.isValid()) {
                    span.addLink(sender);
                }
            }
        }
        span.end();
    }
}
