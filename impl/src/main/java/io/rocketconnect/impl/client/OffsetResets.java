package io.rocketconnect.impl.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Moves a consumer group's offsets on a topic. The preview asks each broker what its reset would do (the
 * same search by time, min and max offsets the broker's reset uses); the reset of an online group is the
 * broker's reset by timestamp, which tells the group's consumers; of an offline group, the new offsets
 * written on the broker one queue at a time.
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
            List<QueueChange> made = new ArrayList<>();
            for (String brokerName : plan.queues().stream().map(QueueChange::brokerName).distinct().toList()) {
                Map<MessageQueue, Long> offsets = api.invokeBrokerToResetOffset(address(producer, topic, brokerName), topic, group,
                        timestamp(to), true, AdapterAdmin.TIMEOUT_MILLIS);
                for (QueueChange queue : plan.queues()) {
                    Long offset = queue.brokerName().equals(brokerName) ? offsets.get(new MessageQueue(topic, brokerName, queue.queueId())) : null;
                    if (offset != null) {
                        made.add(new QueueChange(brokerName, queue.queueId(), queue.oldOffset(), offset));
                    }
                }
            }
            made.sort(Comparator.comparing(QueueChange::brokerName).thenComparingInt(QueueChange::queueId));
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
        List<QueueChange> queues = new ArrayList<>();
        // The brokers name the groups they know on the topic: online, or with offsets stored. (Asked for the
        // offset of a group it does not know, a broker may answer 0.)
        boolean known = false;
        for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
            String address = address(producer, topic, queue.getBrokerName());
            known |= api.queryTopicConsumeByWho(address, topic, AdapterAdmin.TIMEOUT_MILLIS).getGroupList().contains(group);
            long old = consumerOffset(api, address, group, queue);
            long target = switch (to.kind()) {
                case EARLIEST -> producer.minOffset(queue);
                case LATEST -> producer.maxOffset(queue);
                case TIME -> producer.searchOffset(queue, to.time().toEpochMilli());
            };
            queues.add(new QueueChange(queue.getBrokerName(), queue.getQueueId(), Math.max(old, 0), target));
        }
        boolean online = online(api, producer, group, topic, queues);
        if (!known && !online) {
            throw new IllegalArgumentException("group " + group + " has no offsets on topic " + topic
                    + " and no consumer online: is the group name right? Nothing was changed");
        }
        queues.sort(Comparator.comparing(QueueChange::brokerName).thenComparingInt(QueueChange::queueId));
        return new OffsetReset(group, topic, to, online, queues);
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

    private static boolean online(MQClientAPIImpl api, DefaultMQProducer producer, String group, String topic, List<QueueChange> queues)
            throws Exception {
        for (String brokerName : queues.stream().map(QueueChange::brokerName).distinct().toList()) {
            try {
                if (!api.getConsumerConnectionList(address(producer, topic, brokerName), group, AdapterAdmin.TIMEOUT_MILLIS)
                        .getConnectionSet().isEmpty()) {
                    return true;
                }
            } catch (MQBrokerException e) {
                if (e.getResponseCode() != ResponseCode.CONSUMER_NOT_ONLINE) {
                    throw e;
                }
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
