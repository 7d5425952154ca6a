package io.rocketconnect.api;

import org.apache.rocketmq.common.message.MessageExt;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A message a {@link SimpleConsumerHandle} received: invisible to the group's other receivers until it
 * is acknowledged or its invisible duration ends, when the broker delivers it again.
 *
 * @since 2.0
 */
@ProviderType
public interface ReceivedMessage {

    /** The message as listeners see it (topic, tags, keys, body, user properties, msgId). */
    MessageExt message();

    /** The message id, as the sender's {@link SendReceipt#messageId()}. */
    String messageId();

    /** 1 on first delivery, 2 when the broker delivers it again, and so on. */
    int deliveryAttempt();

    /** The sender's requestId (user property {@value RocketmqAPI#REQUEST_ID}), or null. */
    default String requestId() {
        return message().getUserProperty(RocketmqAPI.REQUEST_ID);
    }
}
