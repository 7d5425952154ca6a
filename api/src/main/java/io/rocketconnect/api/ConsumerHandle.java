package io.rocketconnect.api;

import org.osgi.annotation.versioning.ProviderType;

/** A running consumer started by {@link RocketmqAPI#doConsume}. Closing it stops the consumer. */
@ProviderType
public interface ConsumerHandle extends AutoCloseable {

    String adapterId();

    String consumerGroup();

    /** False once closed by the caller or because its adapter went away. */
    boolean isRunning();

    /** Stops the consumer and releases its threads. Closing twice does nothing. */
    @Override
    void close();
}
