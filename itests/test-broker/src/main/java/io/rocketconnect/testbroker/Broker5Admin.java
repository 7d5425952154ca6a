package io.rocketconnect.testbroker;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.rocketmq.common.TopicFilterType;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.RemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * The admin requests of a 5.x broker that the 4.9.8 admin client on this class path cannot word: a
 * topic with a message type, and a subscription group that consumes in order. They go over the admin
 * client's own remoting connection, so they are signed like its other requests when ACL is on.
 */
final class Broker5Admin {

    private static final long TIMEOUT_MILLIS = 5000;

    private Broker5Admin() {
    }

    /** UPDATE_AND_CREATE_TOPIC with the 5.x attribute {@code +message.type=<type>}, as mqadmin updateTopic -a sends it. */
    static void createTopic(RemotingClient client, String brokerAddr, String topic, int queues, TopicType type) throws Exception {
        CreateTopicHeader header = new CreateTopicHeader();
        header.topic = topic;
        header.readQueueNums = queues;
        header.writeQueueNums = queues;
        header.attributes = "+message.type=" + type.name();
        check(client.invokeSync(brokerAddr, RemotingCommand.createRequestCommand(RequestCode.UPDATE_AND_CREATE_TOPIC, header),
                TIMEOUT_MILLIS), "topic " + topic + " of type " + type);
    }

    /**
     * UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, with {@code consumeMessageOrderly} (a 5.x field) when
     * {@code fifo}; the broker keeps its defaults for the fields left out.
     */
    static void createGroup(RemotingClient client, String brokerAddr, String group, boolean fifo) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null);
        // Group names are [%|a-zA-Z0-9_-]+: nothing to escape.
        request.setBody(("{\"groupName\":\"" + group + "\",\"consumeMessageOrderly\":" + fifo + "}").getBytes(UTF_8));
        check(client.invokeSync(brokerAddr, request, TIMEOUT_MILLIS), (fifo ? "FIFO group " : "group ") + group);
    }

    private static void check(RemotingCommand response, String what) {
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("the broker refused " + what + ": code " + response.getCode() + ", " + response.getRemark());
        }
    }

    /** The 5.x CreateTopicRequestHeader: the 4.x fields and {@code attributes}. The field names are the wire names. */
    static final class CreateTopicHeader implements CommandCustomHeader {
        String topic;
        String defaultTopic = TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC;
        Integer readQueueNums;
        Integer writeQueueNums;
        Integer perm = PermName.PERM_READ | PermName.PERM_WRITE;
        String topicFilterType = TopicFilterType.SINGLE_TAG.name();
        Integer topicSysFlag = 0;
        Boolean order = false;
        String attributes;

        @Override
        public void checkFields() {
        }
    }
}
