package io.rocketconnect.impl.call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.rocketmq.common.message.Message;

import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;

/**
 * How an adapter's direct sends reach RocketMQ: over the remoting protocol ({@code client.RemotingSender})
 * or over gRPC through a Proxy ({@code grpc.GrpcSender}). The adapter runs each method inside a call of
 * its {@link CallPipeline}, under the call's {@code requestId}; a style the transport does not offer
 * throws {@link UnsupportedOperationException} naming it, before anything is sent. The clients it
 * sends with are the adapter's, which closes them.
 */
public interface Sender {

    SendReceipt send(String producerGroup, RocketmqMessage message, String requestId) throws Exception;

    /** Starts the send; {@code result} gets the receipt or the failure (every failure reaches it). */
    void sendAsync(String producerGroup, RocketmqMessage message, String requestId, CompletableFuture<SendReceipt> result)
            throws Exception;

    void sendOneway(String producerGroup, RocketmqMessage message, String requestId) throws Exception;

    SendReceipt sendOrderly(String producerGroup, RocketmqMessage message, String shardingKey, String requestId) throws Exception;

    SendReceipt sendBatch(String producerGroup, List<RocketmqMessage> messages, String requestId) throws Exception;

    SendReceipt sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction,
            String requestId) throws Exception;

    Message request(String producerGroup, RocketmqMessage message, Duration timeout, String requestId) throws Exception;
}
