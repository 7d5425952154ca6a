package io.rocketconnect.impl.grpc;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.call.Messages;

/**
 * Messages between our API and the gRPC client. A message is checked and given its requestId and trace
 * context exactly as on remoting (through {@link Messages#toClient}), then copied into the gRPC
 * client's message; what the gRPC client hands back becomes the 4.x {@link MessageExt} our API uses
 * on both transports.
 */
final class GrpcMessages {

    /** The Proxy's default largest body (its maxMessageSize), which the client does not report. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private GrpcMessages() {
    }

    /**
     * The gRPC message for {@code message}; {@code messageGroup} (or null) makes it a FIFO message.
     * {@code inject} writes the trace context into the checked message's properties.
     */
    static Message toGrpc(ClientServiceProvider provider, RocketmqMessage message, String requestId, String messageGroup,
            Consumer<org.apache.rocketmq.common.message.Message> inject) {
        if (message.delayLevel() > 0) {
            throw new UnsupportedOperationException("delayLevel " + message.delayLevel() + " is the remoting broker's "
                    + "delay levels, which transport=grpc does not offer; use deliverAt");
        }
        org.apache.rocketmq.common.message.Message checked = Messages.toClient(message, MAX_BODY_BYTES, requestId);
        inject.accept(checked);
        MessageBuilder builder = provider.newMessageBuilder().setTopic(message.topic()).setBody(checked.getBody());
        if (message.tags() != null) {
            builder.setTag(message.tags());
        }
        if (!message.keys().isEmpty()) {
            builder.setKeys(message.keys().toArray(new String[0]));
        }
        for (Map.Entry<String, String> property : checked.getProperties().entrySet()) {
            String name = property.getKey();
            if (!MessageConst.STRING_HASH_SET.contains(name) && !Messages.TIMER_DELIVER_MS.equals(name)) {
                builder.addProperty(name, property.getValue());
            }
        }
        if (message.deliverAt() != null) {
            builder.setDeliveryTimestamp(message.deliverAt().toEpochMilli());
        }
        if (messageGroup != null) {
            builder.setMessageGroup(messageGroup);
        }
        return builder.build();
    }

    /** The 4.x view of a message the gRPC client received, as listeners and transaction checks see it. */
    static MessageExt toMessageExt(MessageView view) {
        MessageExt message = new MessageExt();
        message.setTopic(view.getTopic());
        ByteBuffer body = view.getBody().duplicate();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        message.setBody(bytes);
        view.getTag().ifPresent(message::setTags);
        if (!view.getKeys().isEmpty()) {
            message.setKeys(view.getKeys());
        }
        view.getProperties().forEach((name, value) -> MessageAccessor.putProperty(message, name, value));
        message.setMsgId(view.getMessageId().toString());
        message.setBornTimestamp(view.getBornTimestamp());
        message.setReconsumeTimes(Math.max(0, view.getDeliveryAttempt() - 1));
        return message;
    }
}
