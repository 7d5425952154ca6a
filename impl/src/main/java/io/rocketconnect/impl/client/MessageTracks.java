package io.rocketconnect.impl.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.admin.ConsumeStats;
import org.apache.rocketmq.common.admin.OffsetWrapper;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.body.ConsumerConnection;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.common.protocol.heartbeat.SubscriptionData;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.common.RemotingHelper;

import io.rocketconnect.api.MessageTrack;
import io.rocketconnect.api.MessageTrack.State;
import io.rocketconnect.impl.call.Messages;

/**
 * RocketMQ's message track: for one message, each consumer group of its topic (online or with offsets)
 * and whether the group's offset on the message's queue is past it, or its subscription filters it out.
 */
final class MessageTracks {

    private final AdapterAdmin.ProducerCall call;

    MessageTracks(AdapterAdmin.ProducerCall call) {
        this.call = call;
    }

    List<MessageTrack> track(String topic, String msgId) {
        Messages.checkTopic(topic);
        DeadLetters.checkMsgId(msgId);
        return call.with("track of message " + msgId, producer -> {
            MessageExt message = find(producer, topic, msgId);
            MQClientInstance client = producer.getDefaultMQProducerImpl().getMqClientFactory();
            MQClientAPIImpl api = client.getMQClientAPIImpl();
            List<MessageTrack> tracks = new ArrayList<>();
            for (String group : groups(api, topic)) {
                tracks.add(trackIn(client, group, message));
            }
            return tracks;
        });
    }

    private static MessageExt find(DefaultMQProducer producer, String topic, String msgId) throws Exception {
        try {
            return producer.viewMessage(topic, msgId);
        } catch (org.apache.rocketmq.client.exception.MQClientException e) {
            if (e.getResponseCode() == ResponseCode.NO_MESSAGE) {
                throw new IllegalArgumentException("no message " + msgId + " in topic " + topic);
            }
            throw e;
        }
    }

    /** The groups the topic's brokers know as its consumers, sorted; RocketMQ's own tool groups left out. */
    private static Set<String> groups(MQClientAPIImpl api, String topic) throws Exception {
        Set<String> groups = new TreeSet<>();
        for (BrokerData broker : api.getTopicRouteInfoFromNameServer(topic, AdapterAdmin.TIMEOUT_MILLIS).getBrokerDatas()) {
            String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
            if (address != null) {
                groups.addAll(api.queryTopicConsumeByWho(address, topic, AdapterAdmin.TIMEOUT_MILLIS).getGroupList());
            }
        }
        groups.removeIf(group -> group.equals(MixAll.TOOLS_CONSUMER_GROUP) || group.startsWith("CID_RMQ_SYS_"));
        return groups;
    }

    private static MessageTrack trackIn(MQClientInstance client, String group, MessageExt message) throws Exception {
        MQClientAPIImpl api = client.getMQClientAPIImpl();
        String storeAddress = RemotingHelper.parseSocketAddressAddr(message.getStoreHost());
        ConsumerConnection connection = OnlineConsumers.of(api, storeAddress, group);
        if (connection != null) {
            if (connection.getMessageModel() == MessageModel.BROADCASTING) {
                return new MessageTrack(group, State.UNKNOWN, "broadcasting: each instance keeps its own offset");
            }
            SubscriptionData subscription = connection.getSubscriptionTable().get(message.getTopic());
            if (subscription != null && !subscription.getTagsSet().isEmpty()
                    && !subscription.getTagsSet().contains(SubscriptionData.SUB_ALL)
                    && (message.getTags() == null || !subscription.getTagsSet().contains(message.getTags()))) {
                return new MessageTrack(group, State.FILTERED, "subscribes to tags " + subscription.getSubString()
                        + ", the message has " + (message.getTags() == null ? "none" : "'" + message.getTags() + "'"));
            }
        }
        String online = connection == null ? " (no consumer online)" : "";
        ConsumeStats stats = api.getConsumeStats(storeAddress, group, message.getTopic(), AdapterAdmin.TIMEOUT_MILLIS);
        for (Map.Entry<MessageQueue, OffsetWrapper> entry : stats.getOffsetTable().entrySet()) {
            MessageQueue queue = entry.getKey();
            if (queue.getQueueId() != message.getQueueId()
                    || !storeAddress.equals(QueuePeek.address(client, message.getTopic(), queue.getBrokerName()))) {
                continue;
            }
            long offset = entry.getValue().getConsumerOffset();
            if (offset > message.getQueueOffset()) {
                return new MessageTrack(group, State.CONSUMED, "group offset " + offset + " > message offset "
                        + message.getQueueOffset() + " on queue " + queue.getQueueId() + online);
            }
            return new MessageTrack(group, State.NOT_CONSUMED_YET, "group offset " + offset + " <= message offset "
                    + message.getQueueOffset() + " on queue " + queue.getQueueId() + online);
        }
        return new MessageTrack(group, State.UNKNOWN, "the group has no offset on the message's queue" + online);
    }
}
