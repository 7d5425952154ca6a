package io.rocketconnect.impl.client;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.header.QueryMessageRequestHeader;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Every message of a topic the brokers' index holds under one message id, the original and its copies.
 * The client's own lookup by id keeps only the earliest match; a resent dead letter is a later one.
 */
final class IndexLookup {

    private IndexLookup() {
    }

    static List<MessageExt> byMessageId(MQClientInstance client, String topic, String msgId) throws Exception {
        MQClientAPIImpl api = client.getMQClientAPIImpl();
        List<MessageExt> found = new ArrayList<>();
        for (BrokerData broker : api.getTopicRouteInfoFromNameServer(topic, AdapterAdmin.TIMEOUT_MILLIS).getBrokerDatas()) {
            String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
            if (address == null) {
                continue;
            }
            QueryMessageRequestHeader header = new QueryMessageRequestHeader();
            header.setTopic(topic);
            header.setKey(msgId);
            header.setMaxNum(32);
            header.setBeginTimestamp(0L);
            header.setEndTimestamp(Long.MAX_VALUE);
            CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
            api.queryMessage(address, header, AdapterAdmin.TIMEOUT_MILLIS, response -> {
                RemotingCommand command = response.getResponseCommand();
                if (command != null) {
                    answer.complete(command);
                } else {
                    answer.completeExceptionally(new IllegalStateException("no answer from broker " + address
                            + " to a lookup of message " + msgId, response.getCause()));
                }
            }, Boolean.TRUE);
            RemotingCommand command = answer.get(AdapterAdmin.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (command.getCode() == ResponseCode.SUCCESS && command.getBody() != null) {
                ByteBuffer body = ByteBuffer.wrap(command.getBody());
                while (body.hasRemaining()) {
                    MessageExt message = MessageDecoder.decode(body, true, true, true);
                    if (message == null) {
                        break;
                    }
                    if (msgId.equals(message.getMsgId())) {
                        found.add(message);
                    }
                }
            } else if (command.getCode() != ResponseCode.QUERY_NOT_FOUND) {
                throw new IllegalStateException("broker " + address + " answered a lookup of message " + msgId + " with code "
                        + command.getCode() + ": " + command.getRemark());
            }
        }
        return found;
    }
}
