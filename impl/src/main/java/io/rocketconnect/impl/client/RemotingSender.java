package io.rocketconnect.impl.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.call.BrokerBusyRetry;
import io.rocketconnect.impl.call.Messages;
import io.rocketconnect.impl.call.Receipts;
import io.rocketconnect.impl.call.Sender;
import io.rocketconnect.impl.client.ProducerPool.PooledProducer;
import io.rocketconnect.impl.client.ProducerPool.TransactionalProducer;
import io.rocketconnect.impl.telemetry.AdapterTelemetry;

/**
 * The direct sends of a remoting adapter, through its {@link ProducerPool} (4.x client). The pool is the
 * adapter's, shared with doProduce and the admin queries.
 */
public final class RemotingSender implements Sender {

    private final ProducerPool producers;
    private final BrokerBusyRetry busyRetry;
    private final AdapterTelemetry telemetry;
    private final BrokerVersions brokerVersions = new BrokerVersions();

    public RemotingSender(ProducerPool producers, BrokerBusyRetry busyRetry, AdapterTelemetry telemetry) {
        this.producers = producers;
        this.busyRetry = busyRetry;
        this.telemetry = telemetry;
    }

    @Override
    public SendReceipt send(String producerGroup, RocketmqMessage message, String requestId) throws Exception {
        PooledProducer producer = producers.producer(producerGroup);
        Message client = toClient(producer, message, requestId);
        return Receipts.of(busyRetry.sync(() -> producer.client().send(client)), requestId, message.topic());
    }

    @Override
    public void sendAsync(String producerGroup, RocketmqMessage message, String requestId,
            CompletableFuture<SendReceipt> result) throws Exception {
        PooledProducer producer = producers.producer(producerGroup);
        Message client = toClient(producer, message, requestId);
        CompletableFuture<SendResult> sent = new CompletableFuture<>();
        sent.whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(Receipts.of(answer, requestId, message.topic()));
            }
        });
        busyRetry.async(callback -> producer.client().send(client, callback), sent);
    }

    @Override
    public void sendOneway(String producerGroup, RocketmqMessage message, String requestId) throws Exception {
        PooledProducer producer = producers.producer(producerGroup);
        producer.client().sendOneway(toClient(producer, message, requestId));
    }

    @Override
    public SendReceipt sendOrderly(String producerGroup, RocketmqMessage message, String shardingKey, String requestId)
            throws Exception {
        PooledProducer producer = producers.producer(producerGroup);
        Message client = toClient(producer, message, requestId);
        // floorMod: a negative hashCode still picks a queue (the client's own selector uses abs()).
        return Receipts.of(busyRetry.sync(() -> producer.client().send(client,
                (queues, msg, key) -> queues.get(Math.floorMod(key.hashCode(), queues.size())), shardingKey)),
                requestId, message.topic());
    }

    @Override
    public SendReceipt sendBatch(String producerGroup, List<RocketmqMessage> messages, String requestId) throws Exception {
        PooledProducer producer = producers.producer(producerGroup);
        List<Message> batch = Messages.batch(messages, producer.client().getMaxMessageSize(), requestId);
        batch.forEach(telemetry::inject);
        return Receipts.of(busyRetry.sync(() -> producer.client().send(batch)), requestId, messages.get(0).topic());
    }

    @Override
    public SendReceipt sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction,
            String requestId) throws Exception {
        TransactionalProducer producer = producers.transactional(producerGroup);
        producer.listener().answerWith(transaction);
        Message client = Messages.toClient(message, producer.client().getMaxMessageSize(), requestId);
        telemetry.inject(client);
        return Receipts.of(producer.client().sendMessageInTransaction(client, transaction), requestId, message.topic());
    }

    @Override
    public Message request(String producerGroup, RocketmqMessage message, Duration timeout, String requestId) throws Exception {
        PooledProducer producer = producers.producer(producerGroup);
        return producer.client().request(toClient(producer, message, requestId), timeout.toMillis());
    }

    /** The client message, checked; a deliverAt message first checks that its brokers are 5.x. */
    private Message toClient(PooledProducer producer, RocketmqMessage message, String requestId) throws Exception {
        Message client = Messages.toClient(message, producer.client().getMaxMessageSize(), requestId);
        telemetry.inject(client);
        if (message.deliverAt() != null) {
            brokerVersions.requireTimerMessages(producer.client(), message.topic());
        }
        return client;
    }
}
