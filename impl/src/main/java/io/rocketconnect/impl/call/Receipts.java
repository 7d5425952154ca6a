package io.rocketconnect.impl.call;

import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.MessageQueue;

import io.rocketconnect.api.SendReceipt;

/** The {@link SendReceipt} of a remoting send: the 4.x client's {@link SendResult}, under the caller's names. */
public final class Receipts {

    private Receipts() {
    }

    /** {@code topic} is the caller's (the result's queue carries the namespaced one). */
    public static SendReceipt of(SendResult result, String requestId, String topic) {
        MessageQueue queue = result.getMessageQueue();
        SendReceipt receipt = new SendReceipt(result.getMsgId(), requestId, topic,
                SendReceipt.Status.valueOf(result.getSendStatus().name()), queue == null ? null : queue.getBrokerName(),
                queue == null ? -1 : queue.getQueueId(), queue == null ? -1 : result.getQueueOffset(), null, null);
        return result instanceof TransactionSendResult transactional
                ? receipt.withTransaction(transactional.getTransactionId(), transactional.getLocalTransactionState())
                : receipt;
    }
}
