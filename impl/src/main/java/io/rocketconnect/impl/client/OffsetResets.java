package io.rocketconnect.impl.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.common.protocol.header.UpdateConsumerOffsetRequestHeader;

import io.rocketconnect.api.OffsetReset;
import io.rocketconnect.api.OffsetReset.QueueChange;
import io.rocketconnect.api.OffsetReset.Target;
import io.rocketconnect.impl.call.Messages;

/**
 * Moves a consumer group's offsets on a topic. An online group goes through the broker's reset by
 * timestamp, the one way to move consumers that hold their offsets in memory; the preview then shows
 * what that reset will set (the broker's own search by time). An offline group's offsets are written on
 * the broker queue by queue, to the first message stored at or after the time.
 */
final class OffsetResets {

    /** The timestamp the broker's reset takes for "past the last message". */
    private static final long LATEST = -1;

    private final AdapterAdmin.ProducerCall call;

    OffsetResets(AdapterAdmin.ProducerCall call) {
        this.call = call;
    }

    OffsetReset preview(String group, String topic, Target to) {
        check(group, topic, to);
        return call.with("preview of the offset reset of group " + group + " on " + topic,
                producer -> plan(producer, group, topic, to));
    }

    OffsetReset reset(String group, String topic, Target to) {
        check(group, topic, to);
        return call.with("reset-offset", group, "offset reset of group " + group + " on " + topic + " to " + to, producer -> {
            OffsetReset plan = plan(producer, group, topic, to);
            MQClientAPIImpl api = api(producer);
            if (!plan.online()) {
                for (QueueChange queue : plan.queues()) {
                    UpdateConsumerOffsetRequestHeader header = new UpdateConsumerOffsetRequestHeader();
                    header.setConsumerGroup(group);
                    header.setTopic(topic);
                    header.setQueueId(queue.queueId());
                    header.setCommitOffset(queue.newOffset());
                    api.updateConsumerOffset(address(producer, topic, queue.brokerName()), header, AdapterAdmin.TIMEOUT_MILLIS);
                }
                return plan;
            }
            Map<MessageQueue, Long> set = new HashMap<>();
            for (String brokerName : plan.queues().stream().map(QueueChange::brokerName).distinct().toList()) {
                set.putAll(api.invokeBrokerToResetOffset(address(producer, topic, brokerName), topic, group, timestamp(to), true,
                        AdapterAdmin.TIMEOUT_MILLIS));
            }
            // The plan's queues, in its order, with the offsets the brokers set.
            List<QueueChange> made = plan.queues().stream()
                    .filter(queue -> set.containsKey(new MessageQueue(topic, queue.brokerName(), queue.queueId())))
                    .map(queue -> new QueueChange(queue.brokerName(), queue.queueId(), queue.oldOffset(),
                            set.get(new MessageQueue(topic, queue.brokerName(), queue.queueId()))))
                    .toList();
            return new OffsetReset(group, topic, to, true, made);
        });
    }

    private static void check(String group, String topic, Target to) {
        Messages.checkGroup("consumerGroup", group);
        Messages.checkTopic(topic);
        if (to.time() != null && to.time().isAfter(Instant.now())) {
            throw new IllegalArgumentException("reset time " + to.time() + " is in the future; nothing was changed");
        }
    }

    private static OffsetReset plan(DefaultMQProducer producer, String group, String topic, Target to) throws Exception {
        MQClientAPIImpl api = api(producer);
        List<MessageQueue> topicQueues = producer.fetchPublishMessageQueues(topic);
        List<String> brokers = topicQueues.stream().map(MessageQueue::getBrokerName).distinct().toList();
        // The brokers name the groups they know on the topic: online, or with offsets stored. (Asked for the
        // offset of a group it does not know, a broker may answer 0.)
        boolean known = false;
        for (String brokerName : brokers) {
            known |= api.queryTopicConsumeByWho(address(producer, topic, brokerName), topic, AdapterAdmin.TIMEOUT_MILLIS)
                    .getGroupList().contains(group);
        }
        boolean online = online(api, producer, group, topic, brokers);
        if (!known && !online) {
            throw new IllegalArgumentException("group " + group + " has no offsets on topic " + topic
                    + " and no consumer online: is the group name right? Nothing was changed");
        }
        List<QueueChange> queues = new ArrayList<>();
        for (MessageQueue queue : topicQueues) {
            long old = consumerOffset(api, address(producer, topic, queue.getBrokerName()), group, queue);
            queues.add(new QueueChange(queue.getBrokerName(), queue.getQueueId(), Math.max(old, 0), target(producer, queue, to, online)));
        }
        queues.sort(Comparator.comparing(QueueChange::brokerName).thenComparingInt(QueueChange::queueId));
        return new OffsetReset(group, topic, to, online, queues);
    }

    /**
     * Where {@code queue} goes. For an online group, what the broker's reset by timestamp will set: its
     * search by time, which finds the stored message nearest the time (so possibly the one just before
     * it). For an offline group, written by us: the first message stored at or after the time.
     */
    private static long target(DefaultMQProducer producer, MessageQueue queue, Target to, boolean online) throws Exception {
        return switch (to.kind()) {
            case EARLIEST -> online ? producer.searchOffset(queue, 0) : producer.minOffset(queue);
            case LATEST -> producer.maxOffset(queue);
            case TIME -> online ? producer.searchOffset(queue, to.time().toEpochMilli())
                    : QueuePeek.firstStoredAtOrAfter(producer, client(producer), queue, to.time().toEpochMilli());
        };
    }

    /** The group's committed offset on {@code queue}, or -1 if it has none. */
    private static long consumerOffset(MQClientAPIImpl api, String address, String group, MessageQueue queue) throws Exception {
        QueryConsumerOffsetRequestHeader header = new QueryConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(queue.getTopic());
        header.setQueueId(queue.getQueueId());
        try {
            return api.queryConsumerOffset(address, header, AdapterAdmin.TIMEOUT_MILLIS);
        } catch (MQBrokerException e) {
            if (e.getResponseCode() == ResponseCode.QUERY_NOT_FOUND) {
                return -1;
            }
            throw e;
        }
    }

    private static boolean online(MQClientAPIImpl api, DefaultMQProducer producer, String group, String topic, List<String> brokers)
            throws Exception {
        for (String brokerName : brokers) {
            if (OnlineConsumers.of(api, address(producer, topic, brokerName), group) != null) {
                return true;
            }
        }
        return false;
    }

    private static long timestamp(Target to) {
        return switch (to.kind()) {
            case EARLIEST -> 0;
            case LATEST -> LATEST;
            case TIME -> to.time().toEpochMilli();
        };
    }

    private static MQClientAPIImpl api(DefaultMQProducer producer) {
        return client(producer).getMQClientAPIImpl();
    }

    private static MQClientInstance client(DefaultMQProducer producer) {
        return producer.getDefaultMQProducerImpl().getMqClientFactory();
    }

    private static String address(DefaultMQProducer producer, String topic, String brokerName) {
        return QueuePeek.address(client(producer), topic, brokerName);
    }
}
