package io.rocketconnect.impl.telemetry;

import org.apache.rocketmq.common.message.Message;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) in a message's user properties, where
 * OpenTelemetry's own RocketMQ instrumentation puts and looks for it too.
 */
enum MessageCarrier implements TextMapSetter<Message>, TextMapGetter<Message> {
    INSTANCE;

    @Override
    public void set(Message message, String key, String value) {
        if (message != null) {
            message.putUserProperty(key, value);
        }
    }

    @Override
    public Iterable<String> keys(Message message) {
        return message.getProperties().keySet();
    }

    @Override
    public String get(Message message, String key) {
        return message == null ? null : message.getProperty(key);
    }
}
