package io.rocketconnect.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.rocketmq.common.message.Message;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Produce and consume through one configured RocketMQ adapter.
 * <p>
 * The connector registers one instance per adapter configuration, with the service property
 * {@value #ADAPTER_ID} holding the adapter's model id, so callers can select it with a filter such as
 * {@code (adapter.id=orders)}. Clients behind it are created by the connector, started once, shared by
 * all callers of the adapter and closed when the adapter goes away.
 * <p>
 * The direct send methods use the adapter's default producer group ({@code producerGroup} key) unless
 * the {@code ...(String producerGroup, ...)} form names one. Every message is checked before it goes on
 * the wire (topic name, body size, tags); a bad one raises {@link IllegalArgumentException} naming the
 * problem. Every call carries a requestId (see {@link #REQUEST_ID}).
 * <p>
 * An adapter talks to RocketMQ over the remoting protocol (NameServer and brokers, the default) or over
 * gRPC through a RocketMQ 5 Proxy ({@code transport=grpc}). The direct send methods and the listener
 * whiteboard work on both and answer with a {@link SendReceipt}; what one transport cannot do is
 * refused with an {@link UnsupportedOperationException} naming it, before anything is sent.
 */
@ProviderType
public interface RocketmqAPI {

    /** Service property naming the adapter's model id. */
    String ADAPTER_ID = "adapter.id";

    /**
     * The user property and logging MDC key of the requestId. A call reuses the id in the caller's MDC,
     * if there is one, and makes a new one otherwise; listeners see the sender's id in their MDC.
     */
    String REQUEST_ID = "requestId";

    /** The adapter's model id, as in the {@value #ADAPTER_ID} service property. */
    String adapterId();

    /** Cluster queries through this adapter's client: topics, offsets, consumer progress, message lookup. */
    RocketmqAdmin admin();

    /**
     * SLA figures per operation, sorted by operation; empty when the adapter's {@code sla.enabled} is
     * false.
     */
    List<OperationStats> stats();

    /**
     * The same figures as {@link #stats()}, per operation and per wall-clock minute, for at least the
     * last {@value #HISTORY_MINUTES} minutes, kept in memory; empty when {@code sla.enabled} is false.
     *
     * @since 1.4
     */
    List<OperationHistory> history();

    /** How many whole minutes {@link #history()} keeps. */
    int HISTORY_MINUTES = 60;

    /** The clients this adapter runs now, e.g. {@code "producer orders-producer"}; empty until first use. */
    List<String> runningClients();

    /**
     * Runs {@code callback} with the started producer of {@code producerGroup} on this adapter.
     * The first call for a group creates and starts the producer; later calls reuse it. The producer
     * handed to the callback refuses {@code start()} and {@code shutdown()}: the connector owns its
     * lifecycle.
     *
     * @throws IllegalArgumentException if {@code producerGroup} is not a valid RocketMQ group name
     * @throws RocketmqException if the producer cannot start or the callback fails with a checked
     *         exception (the cause is kept); runtime exceptions of the callback pass through unchanged
     * @throws IllegalStateException if the adapter has been closed (reconfigured or deleted)
     * @throws UnsupportedOperationException on a gRPC adapter: its clients are not the 4.x client's
     */
    void doProduce(String producerGroup, ProducerCallback callback);

    /**
     * Creates a push consumer of {@code consumerGroup} with the adapter's thread and batch settings,
     * lets {@code setup} subscribe and register its listener, starts it and returns the handle that
     * stops it. The consumer also stops when the adapter is reconfigured or deleted.
     *
     * @throws IllegalArgumentException if {@code consumerGroup} is not a valid RocketMQ group name
     * @throws IllegalStateException if this adapter already runs a consumer of that group, or the
     *         adapter has been closed
     * @throws RocketmqException if the consumer cannot start or the setup fails with a checked
     *         exception (the cause is kept)
     * @throws UnsupportedOperationException on a gRPC adapter: its clients are not the 4.x client's
     */
    ConsumerHandle doConsume(String consumerGroup, ConsumerSetup setup);

    /** Sends and waits for the broker's answer. */
    SendReceipt send(RocketmqMessage message);

    /** Sends with the named producer group and waits for the broker's answer. */
    SendReceipt send(String producerGroup, RocketmqMessage message);

    /**
     * Sends without blocking; the stage completes with the broker's answer or the failure (every
     * failure reaches it). A refusal by the broker's flow control ({@code SYSTEM_BUSY}) is first
     * retried as the adapter's {@code retryTimesWhenBrokerBusy} says; the last refusal reaches the stage.
     */
    CompletionStage<SendReceipt> sendAsync(RocketmqMessage message);

    /**
     * Sends without waiting for any answer: fastest, and nothing tells you whether it arrived.
     *
     * @throws UnsupportedOperationException on a gRPC adapter, before anything is sent
     */
    void sendOneway(RocketmqMessage message);

    /**
     * Sends to the queue chosen by {@code shardingKey}: messages with the same key go to the same queue
     * and so are consumed in the order sent by an orderly listener. On a gRPC adapter the key is the
     * message group of a FIFO topic.
     */
    SendReceipt sendOrderly(RocketmqMessage message, String shardingKey);

    /**
     * Sends several messages of one topic in one request; all are stored or none.
     *
     * @throws UnsupportedOperationException on a gRPC adapter (its protocol has no batch), before anything is sent
     */
    SendReceipt sendBatch(List<RocketmqMessage> messages);

    /**
     * Sends a half message, runs {@code transaction} and commits or rolls back by its answer.
     *
     * @see LocalTransaction for how check-backs are answered
     */
    SendReceipt sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction);

    /**
     * Sends a request and waits up to {@code timeout} for the reply a consumer sends back (for example
     * with {@code MessageUtil.createReplyMessage}). Needs a broker with reply support (4.6 and newer).
     *
     * @throws UnsupportedOperationException on a gRPC adapter, before anything is sent
     */
    Message request(RocketmqMessage message, Duration timeout);

    /**
     * Asks the cluster for the route of {@code topic}, with the adapter's client and credentials: the
     * NameServer on remoting, the Proxy on gRPC. A call of the adapter like any other (operation
     * {@code probe} in the SLA figures and the audit log); nothing is sent.
     *
     * @return the answer; a topic the cluster does not know is an answer too ({@link ProbeResult#topicFound()} false)
     * @throws IllegalArgumentException if {@code topic} is not a valid RocketMQ topic name
     * @throws RocketmqException if the cluster did not answer (the message names the address tried) or
     *         refused the adapter's credentials (the message names the accessKey)
     * @since 2.0
     */
    ProbeResult probe(String topic);

    /**
     * A topic to {@link #probe} with when no particular topic matters, as front ends' connection tests
     * do: a cluster that answers "no such topic" has answered all the same.
     *
     * @since 2.0
     */
    String PROBE_TOPIC = "RocketConnectProbe";

    /**
     * Starts a RocketMQ 5 simple consumer of {@code consumerGroup} for {@code topic}, selecting by
     * {@code tagExpression} ({@code *} for all, or {@code a || b}).
     *
     * @throws UnsupportedOperationException on a remoting adapter: the simple consumer is gRPC's
     * @throws IllegalArgumentException if the group or topic is not a valid RocketMQ name
     * @throws RocketmqException if the consumer cannot start (the cause is kept)
     * @since 2.0
     */
    SimpleConsumerHandle simpleConsumer(String consumerGroup, String topic, String tagExpression);
}
