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
