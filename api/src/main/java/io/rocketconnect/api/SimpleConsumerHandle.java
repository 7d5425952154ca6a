package io.rocketconnect.api;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * RocketMQ 5's simple consumer, on an adapter with {@code transport=grpc}: the application asks for
 * messages, and acknowledges each one it has handled. Nothing rebalances and no offset is kept on the
 * client: a message not acknowledged within its invisible duration is delivered again, to this or
 * another receiver of the group. Every method is a call of the adapter (requestId, SLA figures
 * {@code receive}, {@code ack}, {@code changeInvisibleDuration}, audit). Thread-safe; close it when done
 * (the adapter also closes it when it is reconfigured or deleted).
 *
 * @since 2.0
 */
@ProviderType
public interface SimpleConsumerHandle extends AutoCloseable {

    String consumerGroup();

    /**
     * Waits up to the adapter's await duration for messages and returns up to {@code maxMessages}
     * (1..32), each invisible to the group for {@code invisibleDuration} (10 s .. 12 h); an empty list
     * when none came.
     */
    List<ReceivedMessage> receive(int maxMessages, Duration invisibleDuration);

    /** Tells the broker {@code message} was handled: it is not delivered again. */
    void ack(ReceivedMessage message);

    /** Keeps {@code message} invisible for {@code invisibleDuration} from now (more time to handle it, or less). */
    void changeInvisibleDuration(ReceivedMessage message, Duration invisibleDuration);

    @Override
    void close();
}
