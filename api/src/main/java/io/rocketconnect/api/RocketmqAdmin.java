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

    /**
     * The newest {@code max} messages of {@code topic} over all its queues, newest first: read without a
     * consumer group of the caller's and without moving any offset (a peek).
     *
     * @throws IllegalArgumentException if {@code max} is not in 1..100 or the topic name is invalid
     * @since 1.4
     */
    List<MessageExt> newest(String topic, int max);

    /**
     * Up to {@code max} messages of one queue of {@code topic} from {@code fromOffset} on, oldest first, read
     * as {@link #newest} reads: no consumer group, no offset moved.
     *
     * @param brokerName the queue's broker; null when the topic lives on one broker only
     * @throws IllegalArgumentException naming the argument: a queue or broker the topic does not have, an
     *         offset outside the queue's min..max, {@code max} not in 1..100
     * @since 1.6
     */
    List<MessageExt> browse(String topic, String brokerName, int queueId, long fromOffset, int max);

    /**
     * Up to {@code max} (1..1000) messages of {@code consumerGroup}'s dead-letter topic, oldest first.
     *
     * @throws IllegalArgumentException if the group has no dead-letter topic (no message ever went there)
     * @since 1.6
     */
    List<DeadLetter> deadLetters(String consumerGroup, int max);

    /**
     * Sends each dead letter of {@code consumerGroup} named in {@code msgIds} back to its original topic,
     * keeping its body, tag, keys, user properties and message id, and adding {@link DeadLetter#RESENT_PROPERTY}.
     * Each resend is a call of the adapter (operation {@code resend} in its audit log and figures). It
     * resends exactly the ids given: to resend "all" once, give the ids of {@link #deadLetters} whose
     * {@link DeadLetter#resentAt} is null.
     *
     * @return the dead letters resent, in the order asked, with {@code resentAt} set
     * @throws IllegalArgumentException naming the first id that is malformed or not in the dead-letter
     *         topic; then nothing was sent
     * @since 1.6
     */
    List<DeadLetter> resendDeadLetters(String consumerGroup, List<String> msgIds);

    /**
     * What {@link #resetOffsets} with the same arguments would do now, changing nothing.
     *
     * @throws IllegalArgumentException if the group has no offsets on the topic and no consumer online, or
     *         the target time is in the future
     * @since 1.6
     */
    OffsetReset previewOffsetReset(String consumerGroup, String topic, OffsetReset.Target to);

    /**
     * Moves {@code consumerGroup}'s offsets on {@code topic} to {@code to}. An offline group's offsets are
     * written on the broker: for a time, each queue's first message stored at or after it. An online
     * group's consumers are told by the broker (RocketMQ's reset by timestamp; a 4.x consumer takes about
     * ten seconds to switch), whose search by time lands on the stored message nearest the time, so a
     * queue may replay one message stored just before it; {@link #previewOffsetReset} shows exactly that.
     *
     * @return the offsets as set, per queue, beside the ones before
     * @since 1.6
     */
    OffsetReset resetOffsets(String consumerGroup, String topic, OffsetReset.Target to);

    /**
     * For the message {@code msgId} of {@code topic}: each consumer group of the topic and whether it has
     * consumed the message, not yet, or never will (RocketMQ's message track).
     *
     * @throws IllegalArgumentException if {@code msgId} is malformed or not found in {@code topic}
     * @since 1.6
     */
    List<MessageTrack> track(String topic, String msgId);

    /** One master broker: its version and the round trip of asking for it, or what went wrong. */
    record BrokerStatus(String cluster, String brokerName, String address, String version, long roundTripMillis, String problem) {
    }

    /** One queue's offsets. */
    record QueueOffsets(String brokerName, int queueId, long minOffset, long maxOffset) {

        /** Messages the queue holds: from its min offset up to its max. @since 1.6 */
        public long messages() {
            return maxOffset - minOffset;
        }
    }

    /** One queue as a consumer group sees it; lag is what it still has to consume. */
    record QueueProgress(String topic, String brokerName, int queueId, long brokerOffset, long consumerOffset) {
        public long lag() {
            return Math.max(0, brokerOffset - consumerOffset);
        }
    }
}
