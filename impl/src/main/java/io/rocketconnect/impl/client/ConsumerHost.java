package io.rocketconnect.impl.client;

import java.util.function.Predicate;

import org.apache.rocketmq.common.message.MessageExt;

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

    /** Whether the adapter has transport=grpc: then its listeners run on {@link #consumeGrpc}. */
    boolean grpc();

    /**
     * Starts a gRPC push consumer of {@code consumerGroup} for {@code topic}, selecting by {@code selector}
     * (SQL92 when {@code sql}); {@code deliver} answers false for a message to be delivered again.
     * A call of the adapter, as {@link #consume}.
     */
    ConsumerHandle consumeGrpc(String consumerGroup, String topic, String selector, boolean sql, Predicate<MessageExt> deliver);

    /**
     * Stores on the broker where this adapter's consumer of {@code consumerGroup} has got to, so that a
     * consumer of the same group starting elsewhere goes on from there (see {@link OffsetHandOver}).
     */
    void handOver(String consumerGroup);
}
