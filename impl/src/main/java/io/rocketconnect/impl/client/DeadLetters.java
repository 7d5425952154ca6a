package io.rocketconnect.impl.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.impl.call.Messages;

/**
 * A consumer group's dead-letter topic: its messages read without a consumer ({@link QueuePeek}), and
 * resent to their original topic. A resend keeps the message id, so the original topic's index finds
 * both copies, and the one carrying {@link DeadLetter#RESENT_PROPERTY} says the dead letter was resent.
 */
final class DeadLetters {

    /** A message id as the client makes it: 32 hex digits, 56 from an IPv6 host. */
    private static final Pattern MSG_ID = Pattern.compile("[0-9A-Fa-f]{32}|[0-9A-Fa-f]{56}");
    private static final int MAX_LISTED = 1000;

    private final AdapterAdmin.ProducerCall call;

    DeadLetters(AdapterAdmin.ProducerCall call) {
        this.call = call;
    }

    static void checkMsgId(String msgId) {
        if (msgId == null || !MSG_ID.matcher(msgId).matches()) {
            throw new IllegalArgumentException("message id '" + msgId + "' is malformed: a message id is 32 (or, from an IPv6 host, 56) hex digits");
        }
    }

    List<DeadLetter> list(String consumerGroup, int max) {
        Messages.checkGroup("consumerGroup", consumerGroup);
        if (max < 1 || max > MAX_LISTED) {
            throw new IllegalArgumentException("max " + max + " is not in 1.." + MAX_LISTED);
        }
        return call.with("dead letters of group " + consumerGroup, producer -> {
            List<DeadLetter> letters = new ArrayList<>();
            for (MessageExt message : read(producer, consumerGroup, max)) {
                letters.add(describe(message, resentAt(producer, message)));
            }
            return letters;
        });
    }

    List<DeadLetter> resend(String consumerGroup, List<String> msgIds) {
        Messages.checkGroup("consumerGroup", consumerGroup);
        if (msgIds.isEmpty()) {
            throw new IllegalArgumentException("no message id given to resend");
        }
        msgIds.forEach(DeadLetters::checkMsgId);
        // Find them all first: an id that is not a dead letter of the group stops the resend before any is sent.
        Map<String, MessageExt> found = call.with("dead letters of group " + consumerGroup, producer -> {
            Map<String, MessageExt> byId = new LinkedHashMap<>();
            for (MessageExt message : read(producer, consumerGroup, MAX_LISTED)) {
                byId.putIfAbsent(message.getMsgId(), message);
            }
            return byId;
        });
        List<MessageExt> chosen = new ArrayList<>();
        for (String msgId : msgIds) {
            MessageExt message = found.get(msgId.toUpperCase(java.util.Locale.ROOT));
            if (message == null) {
                throw new IllegalArgumentException("message " + msgId + " is not in " + DeadLetter.topicOf(consumerGroup)
                        + " (its first " + MAX_LISTED + " messages); nothing was resent");
            }
            chosen.add(message);
        }
        List<DeadLetter> resent = new ArrayList<>();
        for (MessageExt message : chosen) {
            String topic = originalTopic(message);
            resent.add(call.with("resend", topic, "resend of dead letter " + message.getMsgId() + " to " + topic, producer -> {
                Instant now = Instant.now();
                SendResult result = producer.send(copyFor(message, topic, now));
                if (result.getSendStatus() != SendStatus.SEND_OK) {
                    throw new IllegalStateException("broker stored the resent message with status " + result.getSendStatus());
                }
                return describe(message, now);
            }));
        }
        return resent;
    }

    /** The dead-letter topic's messages, oldest first (it has one queue per broker the group failed on). */
    private static List<MessageExt> read(DefaultMQProducer producer, String consumerGroup, int max) throws Exception {
        String topic = DeadLetter.topicOf(consumerGroup);
        MQClientInstance client = producer.getDefaultMQProducerImpl().getMqClientFactory();
        try {
            client.getMQClientAPIImpl().getTopicRouteInfoFromNameServer(topic, AdapterAdmin.TIMEOUT_MILLIS);
        } catch (org.apache.rocketmq.client.exception.MQClientException e) {
            if (e.getResponseCode() != org.apache.rocketmq.common.protocol.ResponseCode.TOPIC_NOT_EXIST) {
                throw e;
            }
            // Without the client's exception as cause: the call reports the argument, not a client failure.
            throw new IllegalArgumentException("group " + consumerGroup + " has no dead letters: the NameServer knows no topic "
                    + topic);
        }
        List<MessageQueue> queues = producer.fetchPublishMessageQueues(topic);
        List<MessageExt> messages = new ArrayList<>();
        for (MessageQueue queue : queues) {
            long first = producer.minOffset(queue);
            long last = producer.maxOffset(queue);
            if (first < last) {
                messages.addAll(QueuePeek.read(client, queue, first, (int) Math.min(max, last - first)));
            }
        }
        messages.sort(java.util.Comparator.comparingLong(MessageExt::getStoreTimestamp));
        return List.copyOf(messages.subList(0, Math.min(max, messages.size())));
    }

    private static String originalTopic(MessageExt message) {
        String topic = message.getProperty(MessageConst.PROPERTY_RETRY_TOPIC);
        if (topic == null) {
            throw new IllegalStateException("dead letter " + message.getMsgId() + " does not say its original topic");
        }
        return topic;
    }

    /** When the copy of {@code message} on its original topic that carries the resent property was sent; null if none. */
    private static Instant resentAt(DefaultMQProducer producer, MessageExt message) throws Exception {
        String topic = message.getProperty(MessageConst.PROPERTY_RETRY_TOPIC);
        if (topic == null) {
            return null;
        }
        List<MessageExt> copies = IndexLookup.byMessageId(producer.getDefaultMQProducerImpl().getMqClientFactory(), topic,
                message.getMsgId());
        Instant latest = null;
        for (MessageExt copy : copies) {
            String resent = copy.getUserProperty(DeadLetter.RESENT_PROPERTY);
            if (resent != null) {
                Instant at = Instant.parse(resent);
                latest = latest == null || at.isAfter(latest) ? at : latest;
            }
        }
        return latest;
    }

    /** The message as it was sent: body, tag, keys, user properties and message id, plus when it was resent. */
    private static Message copyFor(MessageExt letter, String topic, Instant now) {
        Message copy = new Message(topic, letter.getBody());
        letter.getProperties().forEach((name, value) -> {
            if (!MessageConst.STRING_HASH_SET.contains(name)) {
                copy.putUserProperty(name, value);
            }
        });
        if (letter.getTags() != null) {
            copy.setTags(letter.getTags());
        }
        if (letter.getKeys() != null) {
            copy.setKeys(letter.getKeys());
        }
        MessageAccessor.putProperty(copy, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, letter.getMsgId());
        copy.putUserProperty(DeadLetter.RESENT_PROPERTY, now.toString());
        return copy;
    }

    private static DeadLetter describe(MessageExt message, Instant resentAt) {
        String keys = message.getKeys();
        return new DeadLetter(message.getMsgId(), message.getProperty(MessageConst.PROPERTY_RETRY_TOPIC), message.getTags(),
                keys == null || keys.isEmpty() ? List.of() : List.of(keys.split(MessageConst.KEY_SEPARATOR)),
                message.getReconsumeTimes(), Instant.ofEpochMilli(message.getBornTimestamp()),
                Instant.ofEpochMilli(message.getStoreTimestamp()), message.getBody() == null ? 0 : message.getBody().length,
                null, resentAt);
    }
}
