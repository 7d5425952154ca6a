package io.rocketconnect.impl.telemetry;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListener;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.MDC;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.rocketconnect.api.RocketmqAPI;

/**
 * Tracing and metrics around the listener of one consumer group, whichever registered it (the listener
 * whiteboard or a doConsume setup): a CONSUMER span per listener call, child of the sender's span read
 * from the message (a batch links to each sender's instead), and messaging.process.duration and
 * messaging.client.consumed.messages.
 */
final class ListenerTelemetry {

    private static final String PROCESS = "process";

    private final AdapterTelemetry adapter;
    private final String group;
    private final ConcurrentMap<String, Attributes> okAttributes = new ConcurrentHashMap<>();

    ListenerTelemetry(AdapterTelemetry adapter, String group) {
        this.adapter = adapter;
        this.group = group;
    }

    MessageListener wrap(MessageListener listener) {
        if (listener instanceof MessageListenerConcurrently concurrently) {
            return (MessageListenerConcurrently) (messages, context) -> around(messages,
                    () -> concurrently.consumeMessage(messages, context),
                    status -> status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS ? null : String.valueOf(status));
        }
        if (listener instanceof MessageListenerOrderly orderly) {
            return (MessageListenerOrderly) (messages, context) -> around(messages,
                    () -> orderly.consumeMessage(messages, context),
                    status -> status == ConsumeOrderlyStatus.SUCCESS ? null : String.valueOf(status));
        }
        return listener;
    }

    /** The gRPC listener, one message a call: false (not handled) is its error type FAILURE. */
    Predicate<MessageExt> wrap(Predicate<MessageExt> listener) {
        return message -> around(List.of(message), () -> listener.test(message), handled -> handled ? null : "FAILURE");
    }

    /** Runs one listener call inside its span and records it; a status other than success is its error type. */
    private <S> S around(List<MessageExt> messages, Supplier<S> call, Function<S, String> errorOf) {
        long started = System.nanoTime();
        Span span = adapter.tracing() && !messages.isEmpty() ? start(messages) : null;
        S status = null;
        Throwable failure = null;
        try (Scope scope = span == null ? Scope.noop() : span.makeCurrent()) {
            status = call.get();
            return status;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            String errorType = failure != null ? failure.getClass().getName() : errorOf.apply(status);
            if (span != null) {
                end(span, failure, errorType);
            }
            if (adapter.metrics() && !messages.isEmpty()) {
                record(messages, System.nanoTime() - started, errorType);
            }
        }
    }

    private Span start(List<MessageExt> messages) {
        MessageExt first = messages.get(0);
        Instruments instruments = adapter.instruments();
        SpanBuilder builder = instruments.tracer.spanBuilder(PROCESS + " " + first.getTopic())
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.ROCKETMQ)
                .setAttribute(MessagingAttributes.OPERATION_TYPE, MessagingAttributes.PROCESS)
                .setAttribute(MessagingAttributes.OPERATION_NAME, PROCESS)
                .setAttribute(MessagingAttributes.DESTINATION, first.getTopic())
                .setAttribute(MessagingAttributes.CONSUMER_GROUP, group)
                .setAttribute(MessagingAttributes.ADAPTER_ID, adapter.adapterId());
        if (adapter.namespace() != null) {
            builder.setAttribute(MessagingAttributes.NAMESPACE, adapter.namespace());
        }
        if (messages.size() == 1) {
            Context sender = instruments.propagator.extract(Context.current(), first, MessageCarrier.INSTANCE);
            builder.setParent(sender);
            builder.setAttribute(MessagingAttributes.MESSAGE_ID, first.getMsgId());
            if (first.getTags() != null) {
                builder.setAttribute(MessagingAttributes.TAG, first.getTags());
            }
            List<String> keys = keys(first.getKeys());
            if (!keys.isEmpty()) {
                builder.setAttribute(MessagingAttributes.KEYS, keys);
            }
            builder.setAttribute(MessagingAttributes.BODY_SIZE, (long) (first.getBody() == null ? 0 : first.getBody().length));
        } else {
            builder.setAttribute(MessagingAttributes.BATCH_COUNT, (long) messages.size());
            for (MessageExt message : messages) {
                Span sender = Span.fromContext(instruments.propagator.extract(Context.root(), message, MessageCarrier.INSTANCE));
                if (sender.getSpanContext().isValid()) {
                    builder.addLink(sender.getSpanContext());
                }
            }
        }
        return startUnderRequestId(builder, messages);
    }

    /**
     * A message whose sender did not trace may still carry its requestId: in the MDC while the span
     * starts, an SDK that takes trace ids from it (rocketmq-opentelemetry's does) starts the trace under
     * that id, so the requestId stays one id from sender to listener.
     */
    private static Span startUnderRequestId(SpanBuilder builder, List<MessageExt> messages) {
        String requestId = messages.size() == 1 ? messages.get(0).getUserProperty(RocketmqAPI.REQUEST_ID) : null;
        if (requestId == null) {
            return builder.startSpan();
        }
        String previous = MDC.get(RocketmqAPI.REQUEST_ID);
        MDC.put(RocketmqAPI.REQUEST_ID, requestId);
        try {
            return builder.startSpan();
        } finally {
            if (previous == null) {
                MDC.remove(RocketmqAPI.REQUEST_ID);
            } else {
                MDC.put(RocketmqAPI.REQUEST_ID, previous);
            }
        }
    }

    /** A received message's keys, which the client joins with a space. */
    private static List<String> keys(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(MessageConst.KEY_SEPARATOR));
    }

    private static void end(Span span, Throwable failure, String errorType) {
        if (failure != null) {
            span.recordException(failure);
        }
        if (errorType != null) {
            span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, errorType);
        }
        span.end();
    }

    private void record(List<MessageExt> messages, long nanos, String errorType) {
        String topic = messages.get(0).getTopic();
        Attributes attributes = errorType == null
                ? okAttributes.computeIfAbsent(topic, key -> attributes(topic, null))
                : attributes(topic, errorType);
        Instruments instruments = adapter.instruments();
        instruments.processDuration.record(nanos / 1e9, attributes);
        instruments.consumedMessages.add(messages.size(), attributes);
    }

    private Attributes attributes(String topic, String errorType) {
        AttributesBuilder builder = Attributes.builder()
                .put(MessagingAttributes.SYSTEM, MessagingAttributes.ROCKETMQ)
                .put(MessagingAttributes.OPERATION_TYPE, MessagingAttributes.PROCESS)
                .put(MessagingAttributes.OPERATION_NAME, PROCESS)
                .put(MessagingAttributes.DESTINATION, topic)
                .put(MessagingAttributes.CONSUMER_GROUP, group)
                .put(MessagingAttributes.ADAPTER_ID, adapter.adapterId());
        if (errorType != null) {
            builder.put(MessagingAttributes.ERROR_TYPE, errorType);
        }
        return builder.build();
    }
}
