package io.rocketconnect.testbroker;

/**
 * A running RocketMQ NameServer and Broker that a test reaches over loopback, whichever line it runs
 * and whether it runs in this JVM ({@link EmbeddedRocketmq}) or as child JVMs ({@link ChildProcessRocketmq}).
 */
public interface TestBroker extends AutoCloseable {

    /** {@code 127.0.0.1:port} of the NameServer. */
    String namesrvAddr();

    /** The name the broker registers under; the one its send results and queues name. */
    String brokerName();

    /**
     * Creates (or updates) {@code topic} with {@code queues} read and write queues and returns once
     * the NameServer has its route, so that a consumer started right after finds it.
     */
    void createTopic(String topic, int queues);

    /**
     * As {@link #createTopic(String, int)}, of {@code type}, which a 5.x broker keeps as the topic's
     * {@code message.type} attribute and its Proxy enforces. 4.x topics have no type: there this is
     * {@link #createTopic(String, int)}.
     */
    default void createTopic(String topic, int queues, TopicType type) {
        createTopic(topic, queues);
    }

    /**
     * Creates (or updates) consumer {@code group}: on 5.x a subscription group, which a 5.5 Proxy
     * requires before a gRPC consumer of the group may connect ("group not found", which
     * rocketmq-client-java 5.0.8 reports only as a start-up timeout). 4.x brokers create groups on a
     * consumer's first heartbeat, so there this does nothing.
     */
    default void createGroup(String group) {
    }

    /**
     * As {@link #createGroup(String)}, for FIFO consumption: on 5.x with {@code consumeMessageOrderly},
     * without which a Proxy hands a FIFO topic's messages to a gRPC consumer in no particular order.
     * Call it before the consumer starts: the Proxy tells a client its group's settings when it
     * connects. A 4.x broker keeps no such flag (an orderly consumer orders on its own side), so there
     * this does nothing.
     */
    default void createFifoGroup(String group) {
    }

    /**
     * {@code 127.0.0.1:port} of the 5.x Proxy's gRPC endpoint, what a rocketmq-client-java
     * {@code ClientConfiguration} takes as its endpoints; only a broker started with a Proxy
     * ({@link ChildProcessRocketmq#startWithProxy}) has one.
     */
    default String endpoints() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " on " + namesrvAddr()
                + " runs no Proxy, so it has no gRPC endpoint; start one with ChildProcessRocketmq.startWithProxy(BrokerLine.V5, ...)");
    }

    /** How many messages the broker stores for {@code topic}, over all its queues (0 if it has none). */
    long messagesIn(String topic);

    /** Stops the broker and the NameServer and deletes their store. */
    @Override
    void close();
}
