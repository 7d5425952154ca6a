package io.rocketconnect.impl.client;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.impl.client.ConsumerGroups.ClientSetup;

/**
 * An adapter as the {@link ListenerWhiteboard} uses it: the services the connector registers for its
 * adapters implement this, so the whiteboard starts each listener's consumer through the service
 * registry, and only on adapters of this connector.
 */
public interface ConsumerHost {

    String adapterId();

    /** The adapter's own consumer options, which a listener's properties may override. */
    ConsumerOptions consumerDefaults();

    /** Starts a push consumer of {@code consumerGroup}, as a call of the adapter (requestId, SLA, audit). */
    ConsumerHandle consume(String consumerGroup, ConsumerOptions options, ClientSetup setup);

    /**
     * Stores on the broker where this adapter's consumer of {@code consumerGroup} has got to, so that a
     * consumer of the same group starting elsewhere goes on from there (see {@link OffsetHandOver}).
     */
    void handOver(String consumerGroup);
}
