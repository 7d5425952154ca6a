package io.rocketconnect.impl.grpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.call.Messages;
import io.rocketconnect.impl.call.Sender;
import io.rocketconnect.impl.telemetry.AdapterTelemetry;

/**
 * The direct sends of a gRPC adapter, through a RocketMQ 5 Proxy. The sharding key of an ordered send
 * is the message group of a FIFO topic; a transaction's {@link LocalTransaction} answers the Proxy's
 * checks as on remoting. Oneway sends, batches and request-reply are not in the gRPC protocol: they are
 * refused by name before anything is sent.
 */
public final class GrpcSender implements Sender {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcSender.class);
    /** The name of the producer of the plain sends; transactional ones are named by their producer group. */
    private static final String PLAIN = "(sends)";

    private final String adapterId;
    private final GrpcClients clients;
    private final AdapterTelemetry telemetry;
    /** Per producer group, the LocalTransaction that answers the Proxy's checks: the last one used. */
    private final Map<String, AtomicReference<LocalTransaction>> transactions = new ConcurrentHashMap<>();

    /** Sends with {@code clients}, which the adapter closes. */
    public GrpcSender(String adapterId, GrpcClients clients, AdapterTelemetry telemetry) {
        this.adapterId = adapterId;
        this.clients = clients;
        this.telemetry = telemetry;
    }

    @Override
    public SendReceipt send(String producerGroup, RocketmqMessage message, String requestId) throws ClientException {
        Message grpc = toGrpc(message, requestId, null);
        return receipt(plain().send(grpc), requestId, message);
    }

    @Override
    public void sendAsync(String producerGroup, RocketmqMessage message, String requestId, CompletableFuture<SendReceipt> result)
            throws ClientException {
        Message grpc = toGrpc(message, requestId, null);
        plain().sendAsync(grpc).whenComplete((sent, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                result.complete(receipt(sent, requestId, message));
            }
        });
    }

    @Override
    public void sendOneway(String producerGroup, RocketmqMessage message, String requestId) {
        throw refused("sendOneway", "its protocol answers every send; use sendAsync");
    }

    @Override
    public SendReceipt sendOrderly(String producerGroup, RocketmqMessage message, String shardingKey, String requestId)
            throws ClientException {
        Message grpc = toGrpc(message, requestId, shardingKey);
        return receipt(plain().send(grpc), requestId, message);
    }

    @Override
    public SendReceipt sendBatch(String producerGroup, List<RocketmqMessage> messages, String requestId) {
        throw refused("sendBatch", "its protocol sends one message a request; send them one by one or with sendAsync");
    }

    @Override
    public SendReceipt sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction,
            String requestId) throws ClientException {
        Messages.checkGroup("producerGroup", producerGroup);
        AtomicReference<LocalTransaction> answering = transactions.computeIfAbsent(producerGroup, group -> new AtomicReference<>());
        answering.set(transaction);
        Producer producer = clients.producer(producerGroup,
                builder -> builder.setTransactionChecker(view -> check(producerGroup, answering.get(), view)));
        Message grpc = toGrpc(message, requestId, null);
        Transaction started = producer.beginTransaction();
        SendReceipt receipt = receipt(producer.send(grpc, started), requestId, message);
        LocalTransactionState state = execute(transaction, message, requestId);
        switch (state) {
            case COMMIT_MESSAGE -> started.commit();
            case ROLLBACK_MESSAGE -> started.rollback();
            default -> LOG.debug("Adapter '{}': transaction of message {} left to the Proxy's check", adapterId, receipt.messageId());
        }
        return receipt.withTransaction(null, state);
    }

    @Override
    public org.apache.rocketmq.common.message.Message request(String producerGroup, RocketmqMessage message, Duration timeout,
            String requestId) {
        throw refused("request", "its protocol has no request-reply");
    }

    /** The local transaction's answer; a failure counts as UNKNOW, as on remoting: the Proxy asks again. */
    private LocalTransactionState execute(LocalTransaction transaction, RocketmqMessage message, String requestId) {
        try {
            LocalTransactionState state = transaction.execute(Messages.toClient(message, GrpcMessages.MAX_BODY_BYTES, requestId));
            return state == null ? LocalTransactionState.UNKNOW : state;
        } catch (Exception e) {
            LOG.warn("Adapter '{}': the local transaction failed and is left to the Proxy's check: {}", adapterId, e.toString());
            return LocalTransactionState.UNKNOW;
        }
    }

    private TransactionResolution check(String producerGroup, LocalTransaction transaction, MessageView view) {
        if (transaction == null) {
            return TransactionResolution.UNKNOWN;
        }
        try {
            LocalTransactionState state = transaction.check(GrpcMessages.toMessageExt(view));
            return state == LocalTransactionState.COMMIT_MESSAGE ? TransactionResolution.COMMIT
                    : state == LocalTransactionState.ROLLBACK_MESSAGE ? TransactionResolution.ROLLBACK : TransactionResolution.UNKNOWN;
        } catch (Exception e) {
            LOG.warn("Adapter '{}': the check of transaction message {} (producer group {}) failed; the Proxy asks again: {}",
                    adapterId, view.getMessageId(), producerGroup, e.toString());
            return TransactionResolution.UNKNOWN;
        }
    }

    private Producer plain() throws ClientException {
        return clients.producer(PLAIN, builder -> builder);
    }

    private Message toGrpc(RocketmqMessage message, String requestId, String messageGroup) throws ClientException {
        return GrpcMessages.toGrpc(clients.provider(), message, requestId, messageGroup, telemetry::inject);
    }

    private static SendReceipt receipt(org.apache.rocketmq.client.apis.producer.SendReceipt sent, String requestId,
            RocketmqMessage message) {
        return SendReceipt.of(sent.getMessageId().toString(), requestId, message.topic());
    }

    private UnsupportedOperationException refused(String operation, String why) {
        return new UnsupportedOperationException(operation + " is not offered by transport=grpc (adapter '" + adapterId
                + "'): " + why);
    }
}
