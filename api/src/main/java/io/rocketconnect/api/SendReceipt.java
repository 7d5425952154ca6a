package io.rocketconnect.api;

import java.util.Objects;

import org.apache.rocketmq.client.producer.LocalTransactionState;

/**
 * What a direct send got back, on either transport. The remoting transport knows where the broker
 * stored the message ({@code brokerName}, {@code queueId}, {@code queueOffset}); the gRPC transport
 * answers with the message id only, so there those are null, -1 and -1.
 *
 * @param messageId the message id consumers see (the 4.x client's {@code msgId}, gRPC's {@code MessageId})
 * @param requestId the call's requestId (see {@link RocketmqAPI#REQUEST_ID})
 * @param topic the topic, as the caller named it (without the adapter's namespace)
 * @param status how durably the broker stored it; anything but {@link Status#SEND_OK} was stored but
 *        not yet flushed or replicated as the broker is configured to
 * @param brokerName the broker that stored it, or null where the transport does not say
 * @param queueId its queue on that broker, or -1 where the transport does not say
 * @param queueOffset its offset in that queue, or -1 where the transport does not say
 * @param transactionId the transaction id of a transactional send, or null
 * @param transactionState how a transactional send ended (the {@link LocalTransaction}'s answer), or null
 * @since 2.0
 */
public record SendReceipt(String messageId, String requestId, String topic, Status status, String brokerName,
        int queueId, long queueOffset, String transactionId, LocalTransactionState transactionState) {

    /** How durably the broker stored a message: the 4.x broker's send status, which gRPC reports only as success. */
    public enum Status {
        SEND_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE
    }

    public SendReceipt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(status, "status");
    }

    /** A receipt that knows only the message id, as the gRPC transport answers. */
    public static SendReceipt of(String messageId, String requestId, String topic) {
        return new SendReceipt(messageId, requestId, topic, Status.SEND_OK, null, -1, -1, null, null);
    }

    /** This receipt, for a transactional send that ended in {@code state}. */
    public SendReceipt withTransaction(String id, LocalTransactionState state) {
        return new SendReceipt(messageId, requestId, topic, status, brokerName, queueId, queueOffset, id, state);
    }
}
