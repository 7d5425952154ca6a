package io.rocketconnect.impl.client;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.rocketmq.client.MQAdmin;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.impl.consumer.PullResultExt;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.common.sysflag.PullSysFlag;

/** Reads messages of a queue without a consumer of ours and without moving anybody's offset. */
final class QueuePeek {

    private QueuePeek() {
    }

    /**
     * Reads up to {@code count} messages of {@code queue} from {@code offset} on, as the tools' consumer
     * group does: the header asks the broker to commit no offset, so nobody's position moves. The broker
     * hands out at most 32 messages a request, so this asks until it has {@code count} or the queue ends.
     */
    static List<MessageExt> read(MQClientInstance client, MessageQueue queue, long offset, int count)
            throws Exception {
        String address = address(client, queue.getTopic(), queue.getBrokerName());
        List<MessageExt> messages = new ArrayList<>();
        long next = offset;
        while (messages.size() < count) {
            PullResult result = client.getMQClientAPIImpl().pullMessage(address, header(queue, next, count - messages.size()),
                    AdapterAdmin.TIMEOUT_MILLIS, CommunicationMode.SYNC, null);
            if (result.getPullStatus() != PullStatus.FOUND || !(result instanceof PullResultExt found)) {
                break;
            }
            List<MessageExt> batch = decode(found.getMessageBinary());
            batch.forEach(message -> message.setBrokerName(queue.getBrokerName()));
            messages.addAll(batch.subList(0, Math.min(batch.size(), count - messages.size())));
            if (batch.isEmpty() || result.getNextBeginOffset() <= next) {
                break;
            }
            next = result.getNextBeginOffset();
        }
        return messages;
    }

    /**
     * The offset of the first message of {@code queue} stored at or after {@code millis}, or its max offset
     * if none is. The broker's own search by time lands on the nearest message, which may be the one
     * before; this steps to the boundary (one step, but for messages stored in the same millisecond).
     */
    static long firstStoredAtOrAfter(MQAdmin admin, MQClientInstance client, MessageQueue queue, long millis) throws Exception {
        long min = admin.minOffset(queue);
        long max = admin.maxOffset(queue);
        long offset = Math.max(min, Math.min(max, admin.searchOffset(queue, millis)));
        while (offset < max && storedAt(client, queue, offset) < millis) {
            offset++;
        }
        while (offset > min && storedAt(client, queue, offset - 1) >= millis) {
            offset--;
        }
        return offset;
    }

    private static long storedAt(MQClientInstance client, MessageQueue queue, long offset) throws Exception {
        List<MessageExt> message = read(client, queue, offset, 1);
        if (message.isEmpty()) {
            throw new IllegalStateException("queue " + queue.getQueueId() + " of " + queue.getTopic() + " has no message at offset "
                    + offset + " (deleted by the broker meanwhile?)");
        }
        return message.get(0).getStoreTimestamp();
    }

    /**
     * The messages as a consumer sees them: decoded as the client's own, so that their id is the one the
     * sender got back (the unique key), not the broker's offset id.
     */
    private static List<MessageExt> decode(byte[] binary) {
        ByteBuffer buffer = ByteBuffer.wrap(binary);
        List<MessageExt> messages = new ArrayList<>();
        while (buffer.hasRemaining()) {
            MessageExt message = MessageDecoder.decode(buffer, true, true, true);
            if (message == null) {
                break;
            }
            messages.add(message);
        }
        return messages;
    }

    /**
     * The master address of {@code brokerName}. The client learns broker addresses from the routes of the
     * topics it uses; for a topic it has not used yet, this fetches the topic's route first.
     */
    static String address(MQClientInstance client, String topic, String brokerName) {
        String address = client.findBrokerAddressInPublish(brokerName);
        if (address == null) {
            client.updateTopicRouteInfoFromNameServer(topic);
            address = client.findBrokerAddressInPublish(brokerName);
        }
        if (address == null) {
            throw new IllegalStateException("no address for broker " + brokerName + " of topic " + topic);
        }
        return address;
    }

    private static PullMessageRequestHeader header(MessageQueue queue, long offset, int count) {
        PullMessageRequestHeader header = new PullMessageRequestHeader();
        header.setConsumerGroup(MixAll.TOOLS_CONSUMER_GROUP);
        header.setTopic(queue.getTopic());
        header.setQueueId(queue.getQueueId());
        header.setQueueOffset(offset);
        header.setMaxMsgNums(count);
        header.setSysFlag(PullSysFlag.buildSysFlag(false, false, true, false));
        header.setCommitOffset(0L);
        header.setSuspendTimeoutMillis(0L);
        header.setSubscription("*");
        header.setSubVersion(0L);
        header.setExpressionType(ExpressionType.TAG);
        return header;
    }
}
