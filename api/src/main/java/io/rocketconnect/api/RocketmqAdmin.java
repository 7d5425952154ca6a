package io.rocketconnect.api;

import java.util.List;
import java.util.SortedSet;

import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What an operator asks of an adapter's cluster without consuming anything: topics, queue offsets,
 * a consumer group's progress, and messages by key or id. Obtained with {@link RocketmqAPI#admin()};
 * it uses the adapter's own client (and credentials).
 */
@ProviderType
public interface RocketmqAdmin {

    /**
     * The brokers registered with the NameServer, each asked for its version and timed.
     *
     * @throws RocketmqException naming the address when the NameServer cannot be reached
     */
    List<BrokerStatus> brokers();

    /** Topics the NameServer knows, sorted (system topics included). */
    SortedSet<String> topics();

    /**
     * Whether RocketMQ keeps {@code topic} for itself: its system topics ({@code RMQ_SYS_*}, {@code TBW102},
     * {@code SCHEDULE_TOPIC_XXXX}, ...), a group's {@code %RETRY%} and {@code %DLQ%} topics, a cluster's
     * {@code *_REPLY_TOPIC}. The front ends leave these out of their topic lists.
     *
     * @since 1.4
     */
    static boolean isSystemTopic(String topic) {
        return topic.startsWith("%") || topic.startsWith("RMQ_SYS_") || TopicValidator.isSystemTopic(topic)
                || topic.startsWith(TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC)
                || topic.endsWith(MixAll.REPLY_TOPIC_POSTFIX);
    }

    /** Each queue of {@code topic} with its min and max offset. */
    List<QueueOffsets> topicStatus(String topic);

    /** Each queue {@code consumerGroup} consumes with the broker's and the group's offset. */
    List<QueueProgress> consumerProgress(String consumerGroup);

    /** Up to {@code max} messages of {@code topic} with business key {@code key}, not consumed. */
    List<MessageExt> queryByKey(String topic, String key, int max);

    /** The message with {@code msgId} (as printed by send), not consumed. */
    MessageExt viewMessage(String topic, String msgId);

    /** One master broker: its version and the round trip of asking for it, or what went wrong. */
    /**
     * The newest {@code max} messages of {@code topic} over all its queues, newest first: read without a
     * consumer group of the caller's and without moving any offset (a peek).
     *
     * @throws IllegalArgumentException if {@code max} is not in 1..100 or the topic name is invalid
     * @since 1.4
     */
    List<MessageExt> newest(String topic, int max);

    record BrokerStatus(String cluster, String brokerName, String address, String version, long roundTripMillis, String problem) {
    }

    /** One queue's offsets. */
    record QueueOffsets(String brokerName, int queueId, long minOffset, long maxOffset) {
    }

    /** One queue as a consumer group sees it; lag is what it still has to consume. */
    record QueueProgress(String topic, String brokerName, int queueId, long brokerOffset, long consumerOffset) {
        public long lag() {
            return Math.max(0, brokerOffset - consumerOffset);
        }
    }
}
