package io.rocketconnect.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable message to send through {@link RocketmqAPI}:
 * <pre>
 * RocketmqMessage.to("OrderEvents").tags("created").keys(orderId).body(json).property("region", "eu").build()
 * </pre>
 * Checked against RocketMQ's rules when sent, before anything goes on the wire.
 */
public final class RocketmqMessage {

    private final String topic;
    private final String tags;
    private final List<String> keys;
    private final byte[] body;
    private final Map<String, String> properties;
    private final int delayLevel;
    private final Instant deliverAt;

    private RocketmqMessage(Builder builder) {
        this.topic = builder.topic;
        this.tags = builder.tags;
        this.keys = List.copyOf(builder.keys);
        // The builder took its own copy and never writes into it, so messages built from it can share it.
        this.body = builder.body;
        this.properties = builder.properties.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
        this.delayLevel = builder.delayLevel;
        this.deliverAt = builder.deliverAt;
    }

    /** Starts a message to {@code topic}. */
    public static Builder to(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    /** The tag, or null. */
    public String tags() {
        return tags;
    }

    public List<String> keys() {
        return keys;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsText() {
        return new String(body, UTF_8);
    }


    /** User properties, in the order they were added. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The broker's delay level (1 = 1 s, 2 = 5 s, 3 = 10 s, ... on default brokers), or 0 for none. */
    public int delayLevel() {
        return delayLevel;
    }

    /** When the broker should deliver the message (RocketMQ 5 timer messages), or null. */
    public Instant deliverAt() {
        return deliverAt;
    }

    @Override
    public String toString() {
        return "RocketmqMessage[topic=" + topic + ", tags=" + tags + ", keys=" + keys + ", " + body.length
                + " bytes, properties=" + properties.keySet() + (delayLevel > 0 ? ", delayLevel=" + delayLevel : "")
                + (deliverAt != null ? ", deliverAt=" + deliverAt : "") + "]";
    }

    /** Builds a {@link RocketmqMessage}; not thread-safe, use once. */
    public static final class Builder {

        private final String topic;
        private String tags;
        private List<String> keys = List.of();
        private byte[] body = new byte[0];
        /** Made by the first property: most messages have none. */
        private Map<String, String> properties = Map.of();
        private int delayLevel;
        private Instant deliverAt;

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        /** One tag (RocketMQ calls the field "tags"); consumers select on it. */
        public Builder tags(String tags) {
            this.tags = tags;
            return this;
        }

        /** Business keys, for looking the message up; none may be null. */
        public Builder keys(String... keys) {
            for (String key : keys) {
                Objects.requireNonNull(key, "a message key is null");
            }
            this.keys = Arrays.asList(keys.clone());
            return this;
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        /** The body as UTF-8 text. */
        public Builder body(String text) {
            this.body = Objects.requireNonNull(text, "body").getBytes(UTF_8);
            return this;
        }

        public Builder property(String name, String value) {
            if (properties.isEmpty()) {
                properties = new LinkedHashMap<>();
            }
            properties.put(Objects.requireNonNull(name, "property name"), Objects.requireNonNull(value, "property value"));
            return this;
        }

        /** Delivers the message after the broker's delay level {@code level} (1..18 on default brokers). */
        public Builder delayLevel(int level) {
            if (level < 0) {
                throw new IllegalArgumentException("delayLevel " + level + " is negative");
            }
            this.delayLevel = level;
            return this;
        }

        /**
         * Delivers the message at {@code time} (to the second). Needs RocketMQ 5 brokers: a send to a
         * 4.x broker, which would deliver at once, is refused before it goes on the wire.
         */
        public Builder deliverAt(Instant time) {
            this.deliverAt = Objects.requireNonNull(time, "time");
            return this;
        }

        public RocketmqMessage build() {
            if (delayLevel > 0 && deliverAt != null) {
                throw new IllegalArgumentException("a message has a delayLevel or a deliverAt time, not both");
            }
            return new RocketmqMessage(this);
        }
    }
}
