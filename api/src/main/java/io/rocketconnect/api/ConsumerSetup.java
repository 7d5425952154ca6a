package io.rocketconnect.api;

import org.apache.rocketmq.client.consumer.MQPushConsumer;
import org.osgi.annotation.versioning.ConsumerType;

/** Subscribes a new push consumer and registers its listener; see {@link RocketmqAPI#doConsume}. */
@ConsumerType
@FunctionalInterface
public interface ConsumerSetup {

    /**
     * @param consumer not yet started; call {@code subscribe} and {@code registerMessageListener} on
     *        it. The connector starts it after this returns and refuses {@code start()} and
     *        {@code shutdown()} here.
     * @throws Exception anything the client throws, such as {@code MQClientException}
     */
    void setup(MQPushConsumer consumer) throws Exception;
}
