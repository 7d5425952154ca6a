package io.rocketconnect.impl.call;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.topic.TopicValidator;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.NameRules;

/**
 * Turns {@link RocketmqMessage}s into client messages, after checking them against RocketMQ's rules so
 * that a bad message fails here with a named error instead of on the wire.
 */
public final class Messages {

    static final int TOPIC_MAX_LENGTH = 127;
    /** The property a RocketMQ 5 broker's timer reads (MessageConst.PROPERTY_TIMER_DELIVER_MS in 5.x). */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";

    private Messages() {
    }

    /**
     * The client message for {@code message}, carrying {@code requestId} unless the message sets that
     * property itself.
     */
    public static Message toClient(RocketmqMessage message, int maxMessageSize, String requestId) {
        checkTopic(message.topic());
        byte[] body = message.body();
        if (body.length == 0) {
            throw new IllegalArgumentException("message to " + message.topic() + " has an empty body; RocketMQ refuses empty messages");
        }
        if (body.length > maxMessageSize) {
            throw new IllegalArgumentException("message to " + message.topic() + " has a body of " + body.length
                    + " bytes; the producer's maxMessageSize is " + maxMessageSize);
        }
        if (message.tags() != null && message.tags().contains("||")) {
            throw new IllegalArgumentException("tags '" + message.tags() + "' contain '||', which consumers read as "
                    + "'or' in a selector; a message has one tag");
        }
        // Most messages have no keys: no joiner then (the client treats null keys as none).
        String keys = message.keys().isEmpty() ? null : String.join(MessageConst.KEY_SEPARATOR, message.keys());
        Message client = new Message(message.topic(), message.tags(), keys, body);
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            if (MessageConst.STRING_HASH_SET.contains(property.getKey())) {
                throw new IllegalArgumentException("user property '" + property.getKey() + "' is a name RocketMQ reserves for itself");
            }
            client.putUserProperty(property.getKey(), property.getValue());
        }
        if (message.delayLevel() > 0) {
            client.setDelayTimeLevel(message.delayLevel());
        }
        if (message.deliverAt() != null) {
            client.putUserProperty(TIMER_DELIVER_MS, Long.toString(message.deliverAt().toEpochMilli()));
        }
        if (client.getUserProperty(RequestIdScope.KEY) == null) {
            client.putUserProperty(RequestIdScope.KEY, requestId);
        }
        return client;
    }

    public static List<Message> batch(Collection<RocketmqMessage> messages, int maxMessageSize, String requestId) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one message");
        }
        String topic = messages.iterator().next().topic();
        List<Message> batch = new ArrayList<>(messages.size());
        long total = 0;
        for (RocketmqMessage message : messages) {
            if (!message.topic().equals(topic)) {
                throw new IllegalArgumentException("a batch goes to one topic; it mixes " + topic + " and " + message.topic());
            }
            if (message.delayLevel() > 0 || message.deliverAt() != null) {
                throw new IllegalArgumentException("a batch cannot hold delayed messages (" + message + ")");
            }
            Message client = toClient(message, maxMessageSize, requestId);
            total += client.getBody().length;
            batch.add(client);
        }
        if (total > maxMessageSize) {
            throw new IllegalArgumentException("the batch to " + topic + " has " + total
                    + " bytes of bodies; the producer's maxMessageSize is " + maxMessageSize);
        }
        return batch;
    }

    /** RocketMQ's rules for a topic name, checked before the wire; the message says which rule failed. */
    public static void checkTopic(String topic) {
        if (topic.isEmpty() || topic.length() > TOPIC_MAX_LENGTH) {
            throw new IllegalArgumentException("topic '" + topic + "' has " + topic.length() + " characters; allowed: 1 to "
                    + TOPIC_MAX_LENGTH);
        }
        // The client's own character rule (a table lookup per character, cheap enough for every send).
        if (TopicValidator.isTopicOrGroupIllegal(topic)) {
            throw new IllegalArgumentException("topic '" + topic + "' has characters RocketMQ does not allow; allowed: a-z A-Z 0-9 _ - % |");
        }
    }

    /** The client's rule for a group name ({@link NameRules}); {@code what} names the argument. */
    public static void checkGroup(String what, String group) {
        String problem = NameRules.groupProblem(group);
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + group + "' is not a valid RocketMQ group: " + problem);
        }
    }
}
