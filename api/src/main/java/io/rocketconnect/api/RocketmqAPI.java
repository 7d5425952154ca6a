package io.rocketconnect.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Produce and consume through one configured RocketMQ adapter.
 * <p>
 * The connector registers one instance per adapter configuration, with the service property
 * {@value #ADAPTER_ID} holding the adapter's model id, so callers can select it with a filter such as
 * {@code (adapter.id=orders)}. Clients behind it are created by the connector, started once, shared by
 * all callers of the adapter and closed when the adapter goes away.
 */
@ProviderType
public interface RocketmqAPI {

    /** Service property naming the adapter's model id. */
    String ADAPTER_ID = "adapter.id";

    /** The adapter's model id, as in the {@value #ADAPTER_ID} service property. */
    String adapterId();

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
     */
    ConsumerHandle doConsume(String consumerGroup, ConsumerSetup setup);
}
