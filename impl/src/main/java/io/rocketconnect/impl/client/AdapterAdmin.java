package io.rocketconnect.impl.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.admin.ConsumeStats;
import org.apache.rocketmq.common.admin.OffsetWrapper;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;

import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.api.MessageTrack;
import io.rocketconnect.api.OffsetReset;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.impl.call.FailureHints;
import io.rocketconnect.impl.call.Messages;

/**
 * {@link RocketmqAdmin} on the adapter's default producer: its public admin calls where the client has
 * them (offsets, message lookup), its client instance's NameServer and broker requests otherwise.
 */
public final class AdapterAdmin implements RocketmqAdmin {

    static final long TIMEOUT_MILLIS = 5000;

    /** Runs admin work with the adapter's started default producer, as a call of the adapter. */
    public interface ProducerCall {

        /** A call that reads: operation {@code admin} in the audit log and figures. */
        default <T> T with(String what, ProducerWork<T> work) {
            return with("admin", what, what, work);
        }

        /** A call as {@code operation} on {@code target} (a topic or group), named {@code what} in errors. */
        <T> T with(String operation, String target, String what, ProducerWork<T> work);
    }

    @FunctionalInterface
    public interface ProducerWork<T> {
        T run(DefaultMQProducer producer) throws Exception;
    }

    private final ProducerCall call;
    private final DeadLetters deadLetters;
    private final OffsetResets offsetResets;
    private final MessageTracks tracks;

    public AdapterAdmin(ProducerCall call) {
        this.call = call;
        this.deadLetters = new DeadLetters(call);
        this.offsetResets = new OffsetResets(call);
        this.tracks = new MessageTracks(call);
    }

    @Override
    public List<BrokerStatus> brokers() {
        return call.with("broker list", producer -> {
            MQClientInstance client = client(producer);
            org.apache.rocketmq.common.protocol.body.ClusterInfo cluster =
                    client.getMQClientAPIImpl().getBrokerClusterInfo(TIMEOUT_MILLIS);
            List<BrokerStatus> brokers = new ArrayList<>();
            for (BrokerData broker : cluster.getBrokerAddrTable().values()) {
                String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
                if (address == null) {
                    continue;
                }
                long started = System.nanoTime();
                try {
                    String version = client.getMQClientAPIImpl().getBrokerRuntimeInfo(address, TIMEOUT_MILLIS)
                            .getTable().get("brokerVersionDesc");
                    brokers.add(new BrokerStatus(broker.getCluster(), broker.getBrokerName(), address, version,
                            (System.nanoTime() - started) / 1_000_000, null));
                } catch (Exception e) {
                    brokers.add(new BrokerStatus(broker.getCluster(), broker.getBrokerName(), address, "?",
                            (System.nanoTime() - started) / 1_000_000, FailureHints.describe(e)));
                }
            }
            brokers.sort(Comparator.comparing(BrokerStatus::cluster).thenComparing(BrokerStatus::brokerName));
            return brokers;
        });
    }

    @Override
    public SortedSet<String> topics() {
        return call.with("topic list", producer ->
                new TreeSet<>(client(producer).getMQClientAPIImpl().getTopicListFromNameServer(TIMEOUT_MILLIS).getTopicList()));
    }

    @Override
    public List<QueueOffsets> topicStatus(String topic) {
        Messages.checkTopic(topic);
        return call.with("status of topic " + topic, producer -> {
            List<QueueOffsets> queues = new ArrayList<>();
            for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
                queues.add(new QueueOffsets(queue.getBrokerName(), queue.getQueueId(), producer.minOffset(queue),
                        producer.maxOffset(queue)));
            }
            queues.sort(Comparator.comparing(QueueOffsets::brokerName).thenComparingInt(QueueOffsets::queueId));
            return queues;
        });
    }

    @Override
    public List<QueueProgress> consumerProgress(String consumerGroup) {
        Messages.checkGroup("consumerGroup", consumerGroup);
        return call.with("progress of group " + consumerGroup, producer -> {
            MQClientInstance client = client(producer);
            // Every group has a retry topic on each broker it consumes from: its route names those brokers.
            TopicRouteData route = client.getMQClientAPIImpl()
                    .getTopicRouteInfoFromNameServer(MixAll.getRetryTopic(consumerGroup), TIMEOUT_MILLIS);
            List<QueueProgress> queues = new ArrayList<>();
            for (BrokerData broker : route.getBrokerDatas()) {
                String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
                if (address == null) {
                    continue;
                }
                ConsumeStats stats = client.getMQClientAPIImpl().getConsumeStats(address, consumerGroup, TIMEOUT_MILLIS);
                for (Map.Entry<MessageQueue, OffsetWrapper> entry : stats.getOffsetTable().entrySet()) {
                    MessageQueue queue = entry.getKey();
                    if (queue.getTopic().startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)) {
                        continue;
                    }
                    queues.add(new QueueProgress(queue.getTopic(), queue.getBrokerName(), queue.getQueueId(),
                            entry.getValue().getBrokerOffset(), entry.getValue().getConsumerOffset()));
                }
            }
            queues.sort(Comparator.comparing(QueueProgress::topic).thenComparing(QueueProgress::brokerName)
                    .thenComparingInt(QueueProgress::queueId));
            return queues;
        });
    }

    @Override
    public List<MessageExt> queryByKey(String topic, String key, int max) {
        Messages.checkTopic(topic);
        if (max < 1 || max > 1000) {
            throw new IllegalArgumentException("max " + max + " is not in 1..1000");
        }
        return call.with("query of " + topic + " by key", producer ->
                producer.queryMessage(topic, key, max, 0, Long.MAX_VALUE).getMessageList());
    }

    @Override
    public List<MessageExt> newest(String topic, int max) {
        Messages.checkTopic(topic);
        if (max < 1 || max > 100) {
            throw new IllegalArgumentException("max " + max + " is not in 1..100");
        }
        return call.with("peek at " + topic, producer -> {
            MQClientInstance client = client(producer);
            List<MessageExt> messages = new ArrayList<>();
            for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
                long last = producer.maxOffset(queue);
                long first = Math.max(producer.minOffset(queue), last - max);
                if (first < last) {
                    messages.addAll(QueuePeek.read(client, queue, first, (int) (last - first)));
                }
            }
            // newest first; on one broker the commit log offset orders messages stored in the same millisecond
            messages.sort(Comparator.comparingLong(MessageExt::getStoreTimestamp)
                    .thenComparingLong(MessageExt::getCommitLogOffset).reversed());
            return List.copyOf(messages.subList(0, Math.min(max, messages.size())));
        });
    }

    @Override
    public List<MessageExt> browse(String topic, String brokerName, int queueId, long fromOffset, int max) {
        Messages.checkTopic(topic);
        if (max < 1 || max > 100) {
            throw new IllegalArgumentException("max " + max + " is not in 1..100");
        }
        return call.with("browse of " + topic, producer -> {
            List<MessageQueue> queues = producer.fetchPublishMessageQueues(topic);
            List<String> brokers = queues.stream().map(MessageQueue::getBrokerName).distinct().sorted().toList();
            if (brokerName == null && brokers.size() > 1) {
                throw new IllegalArgumentException("topic " + topic + " lives on brokers " + brokers + ": name one");
            }
            String broker = brokerName != null ? brokerName : brokers.get(0);
            MessageQueue queue = queues.stream().filter(q -> q.getBrokerName().equals(broker) && q.getQueueId() == queueId)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("topic " + topic + " has no queue " + queueId
                            + " on broker " + broker + "; its queues: " + queues.stream().filter(q -> q.getBrokerName().equals(broker))
                                    .map(q -> String.valueOf(q.getQueueId())).toList()));
            long min = producer.minOffset(queue);
            long last = producer.maxOffset(queue);
            if (fromOffset < min || fromOffset > last) {
                throw new IllegalArgumentException("offset " + fromOffset + " is outside queue " + queueId + " of " + topic
                        + ", which holds offsets " + min + ".." + last);
            }
            return List.copyOf(QueuePeek.read(client(producer), queue, fromOffset, (int) Math.min(max, last - fromOffset)));
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String consumerGroup, int max) {
        return deadLetters.list(consumerGroup, max);
    }

    @Override
    public List<DeadLetter> resendDeadLetters(String consumerGroup, List<String> msgIds) {
        return deadLetters.resend(consumerGroup, msgIds);
    }

    @Override
    public OffsetReset previewOffsetReset(String consumerGroup, String topic,
            OffsetReset.Target to) {
        return offsetResets.preview(consumerGroup, topic, to);
    }

    @Override
    public OffsetReset resetOffsets(String consumerGroup, String topic, OffsetReset.Target to) {
        return offsetResets.reset(consumerGroup, topic, to);
    }

    @Override
    public List<MessageTrack> track(String topic, String msgId) {
        return tracks.track(topic, msgId);
    }

    @Override
    public MessageExt viewMessage(String topic, String msgId) {
        Messages.checkTopic(topic);
        return call.with("lookup of message " + msgId, producer -> producer.viewMessage(topic, msgId));
    }

    private static MQClientInstance client(DefaultMQProducer producer) {
        return producer.getDefaultMQProducerImpl().getMqClientFactory();
    }
}
