package io.rocketconnect.impl.client;

import java.time.Duration;
import java.util.List;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.consumer.store.RemoteBrokerOffsetStore;
import org.apache.rocketmq.client.impl.consumer.DefaultMQPushConsumerImpl;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a push consumer leaves its group for the consumer that takes its queues over: the adapter's next
 * consumer after a change, the one started after a delete and create, a listener's new subscription.
 * <p>
 * The client keeps offsets in memory and writes them to the broker every 5 s, and a queue it has consumed
 * nothing from has no offset at all. A successor that finds no offset starts the queue where
 * {@code consumeFromWhere} says, and with the default CONSUME_FROM_LAST_OFFSET that skips whatever was
 * stored meanwhile, including the messages the old consumer had fetched but not yet handed to its
 * listener. So, before the successor starts (and again as the consumer stops), this writes to the
 * broker, and waits for its answer, for every queue the consumer holds: the offset it has reached, or,
 * for a queue it has consumed nothing from, the first message stored since it started.
 */
final class OffsetHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetHandOver.class);

    /** Client and broker clocks may differ a little: messages stored this long before the start count too. */
    static final long CLOCK_SLACK_MILLIS = 1000;
    /** How long a hand-over may take in all: a broker that does not answer must not hold a close for minutes. */
    static final Duration BUDGET = Duration.ofSeconds(5);

    private OffsetHandOver() {
    }

    /** Stores the offsets of the queues {@code consumer} holds now; each queue that fails is named in a WARN. */
    static void store(DefaultMQPushConsumer consumer, long startedAtMillis, String adapterId, String group) {
        if (consumer.getMessageModel() != MessageModel.CLUSTERING || !(consumer.getOffsetStore() instanceof RemoteBrokerOffsetStore store)) {
            return; // broadcasting: each member keeps its own offsets in a local file, nothing to hand over
        }
        // With FIRST or TIMESTAMP a successor finds, for a queue without offset, what this one started from.
        boolean fromLast = consumer.getConsumeFromWhere() == ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
        DefaultMQPushConsumerImpl client = consumer.getDefaultMQPushConsumerImpl();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        List<MessageQueue> queues = client.getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(queue -> !queue.getTopic().startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)) // read from their start anyway
                .toList();
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue queue = queues.get(i);
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("Adapter '{}': consumer group {} stored no offset for {} of its {} queues within {} s; the consumer "
                        + "that takes them over starts them where consumeFromWhere says", adapterId, group, queues.size() - i,
                        queues.size(), BUDGET.toSeconds());
                return;
            }
            try {
                long offset = store.readOffset(queue, ReadOffsetType.READ_FROM_MEMORY);
                if (offset < 0 && fromLast) {
                    long since = startedAtMillis - CLOCK_SLACK_MILLIS;
                    store.updateOffset(queue, QueuePeek.firstStoredAtOrAfter(consumer, client.getmQClientFactory(), queue, since), true);
                    // The listener may have finished a message of this queue meanwhile: the higher offset stays.
                    offset = store.readOffset(queue, ReadOffsetType.READ_FROM_MEMORY);
                }
                if (offset >= 0) {
                    store.updateConsumeOffsetToBroker(queue, offset, false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Adapter '{}': consumer group {} stopped storing its offsets, interrupted", adapterId, group);
                return;
            } catch (Exception e) {
                LOG.warn("Adapter '{}': consumer group {} could not store its offset of queue {} of {} for the consumer that "
                        + "takes it over, which may start that queue where consumeFromWhere says: {}",
                        adapterId, group, queue.getQueueId(), queue.getTopic(), e.toString());
            }
        }
    }
}
