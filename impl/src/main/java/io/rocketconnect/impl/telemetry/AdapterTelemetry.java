package io.rocketconnect.impl.telemetry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

import org.apache.rocketmq.client.consumer.listener.MessageListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.rocketconnect.api.RocketmqMessage;

/**
 * One adapter's tracing and metrics, each on or off by its configuration ({@code tracing.enabled},
 * {@code metrics.enabled}), through whatever OpenTelemetry the {@link OpenTelemetrySource} has now.
 * Metric attributes of successful calls are made once per operation and destination, not per call.
 */
public final class AdapterTelemetry {

    /** The operations that send messages: a PRODUCER span each, counted in messaging.client.sent.messages. */
    static final Set<String> SENDS =
            Set.of("send", "sendAsync", "sendOneway", "sendOrderly", "sendBatch", "sendInTransaction", "request", "doProduce");
    /** messaging.operation.type and name of a simple consumer's receive. */
    private static final String RECEIVE = "receive";

    /** doProduce's target is its producer group, not a destination; what it sends is the callback's. */
    private static final String DO_PRODUCE = "doProduce";

    private final String adapterId;
    private final String namespace;
    private final boolean tracing;
    private final boolean metrics;
    private final OpenTelemetrySource source;
    private final ConcurrentMap<String, ConcurrentMap<String, Attributes>> okAttributes = new ConcurrentHashMap<>();

    public AdapterTelemetry(String adapterId, String namespace, boolean tracing, boolean metrics, OpenTelemetrySource source) {
        this.adapterId = adapterId;
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        this.tracing = tracing;
        this.metrics = metrics;
        this.source = source;
    }

    public boolean tracing() {
        return tracing;
    }

    /**
     * Starts the PRODUCER span of a sending call, a child of the caller's current span if it has one;
     * {@link ProducerSpan#NONE} for other calls or when the adapter does not trace.
     */
    public ProducerSpan startProducer(String operation, String destination, RocketmqMessage message) {
        if (!tracing || operation == null || !SENDS.contains(operation)) {
            return ProducerSpan.NONE;
        }
        SpanBuilder span = source.instruments().tracer.spanBuilder(operation + " " + destination)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.ROCKETMQ)
                .setAttribute(MessagingAttributes.OPERATION_TYPE, MessagingAttributes.SEND)
                .setAttribute(MessagingAttributes.OPERATION_NAME, operation)
                .setAttribute(MessagingAttributes.ADAPTER_ID, adapterId);
        if (destination != null && !operation.equals(DO_PRODUCE)) {
            span.setAttribute(MessagingAttributes.DESTINATION, destination);
        }
        if (namespace != null) {
            span.setAttribute(MessagingAttributes.NAMESPACE, namespace);
        }
        if (message != null) {
            describe(span, operation, message);
        }
        return new ProducerSpan(span.startSpan());
    }

    /** Starts the CONSUMER span of a simple consumer's receive from {@code topic} for {@code group}. */
    public ReceiveSpan startReceive(String topic, String group) {
        if (!tracing) {
            return ReceiveSpan.NONE;
        }
        Instruments instruments = source.instruments();
        SpanBuilder span = instruments.tracer.spanBuilder(RECEIVE + " " + topic)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.ROCKETMQ)
                .setAttribute(MessagingAttributes.OPERATION_TYPE, RECEIVE)
                .setAttribute(MessagingAttributes.OPERATION_NAME, RECEIVE)
                .setAttribute(MessagingAttributes.DESTINATION, topic)
                .setAttribute(MessagingAttributes.CONSUMER_GROUP, group)
                .setAttribute(MessagingAttributes.ADAPTER_ID, adapterId);
        if (namespace != null) {
            span.setAttribute(MessagingAttributes.NAMESPACE, namespace);
        }
        return new ReceiveSpan(span.startSpan(), instruments);
    }

    private static void describe(SpanBuilder span, String operation, RocketmqMessage message) {
        if (message.tags() != null) {
            span.setAttribute(MessagingAttributes.TAG, message.tags());
        }
        if (!message.keys().isEmpty()) {
            span.setAttribute(MessagingAttributes.KEYS, List.copyOf(message.keys()));
        }
        span.setAttribute(MessagingAttributes.BODY_SIZE, (long) message.body().length);
        String type = "normal";
        if (message.deliverAt() != null) {
            span.setAttribute(MessagingAttributes.DELIVERY_TIMESTAMP, message.deliverAt().toEpochMilli());
            type = "delay";
        } else if (message.delayLevel() > 0) {
            span.setAttribute(MessagingAttributes.DELAY_LEVEL, (long) message.delayLevel());
            type = "delay";
        } else if (operation.equals("sendOrderly")) {
            type = "fifo";
        } else if (operation.equals("sendInTransaction")) {
            type = "transaction";
        }
        span.setAttribute(MessagingAttributes.MESSAGE_TYPE, type);
    }

    /** Writes the current trace context into {@code message}'s user properties, if the adapter traces. */
    public void inject(Message message) {
        if (tracing && Span.current().getSpanContext().isValid()) {
            source.instruments().propagator.inject(Context.current(), message, MessageCarrier.INSTANCE);
        }
    }

    /**
     * Records a finished call in messaging.client.operation.duration, and a send in
     * messaging.client.sent.messages ({@code messages} of them; a batch counts each).
     */
    public void recordCall(String operation, String destination, long nanos, String errorType, int messages) {
        if (!metrics) {
            return;
        }
        boolean send = SENDS.contains(operation);
        Attributes attributes = attributes(operation, send && !operation.equals(DO_PRODUCE) ? destination : null, errorType);
        Instruments instruments = source.instruments();
        instruments.operationDuration.record(nanos / 1e9, attributes);
        if (send && messages > 0) {
            instruments.sentMessages.add(messages, attributes);
        }
    }

    private Attributes attributes(String operation, String destination, String errorType) {
        if (errorType != null) {
            return build(operation, destination, errorType);
        }
        // get before computeIfAbsent: the lambdas capture the call's arguments, so computeIfAbsent alone
        // allocated them on every call, found or not (SendPathProfile's allocation graph).
        String key = destination == null ? "" : destination;
        ConcurrentMap<String, Attributes> byDestination = okAttributes.get(operation);
        Attributes found = byDestination == null ? null : byDestination.get(key);
        if (found != null) {
            return found;
        }
        return okAttributes.computeIfAbsent(operation, op -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, d -> build(operation, destination, null));
    }

    private Attributes build(String operation, String destination, String errorType) {
        AttributesBuilder builder = Attributes.builder()
                .put(MessagingAttributes.SYSTEM, MessagingAttributes.ROCKETMQ)
                .put(MessagingAttributes.OPERATION_NAME, operation)
                .put(MessagingAttributes.ADAPTER_ID, adapterId);
        if (SENDS.contains(operation)) {
            builder.put(MessagingAttributes.OPERATION_TYPE, MessagingAttributes.SEND);
        }
        if (destination != null) {
            builder.put(MessagingAttributes.DESTINATION, destination);
        }
        if (errorType != null) {
            builder.put(MessagingAttributes.ERROR_TYPE, errorType);
        }
        return builder.build();
    }

    /**
     * The listener a consumer of {@code group} should run: {@code listener} itself when the adapter
     * neither traces nor measures, else one that does both around each call of it.
     */
    public MessageListener wrap(String group, MessageListener listener) {
        if (!tracing && !metrics) {
            return listener;
        }
        return new ListenerTelemetry(this, group).wrap(listener);
    }

    /**
     * As {@link #wrap(String, MessageListener)}, for a gRPC listener, which is given one message a call
     * and answers whether it was handled.
     */
    public Predicate<MessageExt> wrap(String group, Predicate<MessageExt> listener) {
        if (!tracing && !metrics) {
            return listener;
        }
        return new ListenerTelemetry(this, group).wrap(listener);
    }

    // For ListenerTelemetry.

    String adapterId() {
        return adapterId;
    }

    String namespace() {
        return namespace;
    }

    boolean metrics() {
        return metrics;
    }

    Instruments instruments() {
        return source.instruments();
    }
}
