package io.rocketconnect.api;

import org.apache.rocketmq.client.producer.MQProducer;
import org.osgi.annotation.versioning.ConsumerType;

/** Work done with a started, pooled producer; see {@link RocketmqAPI#doProduce}. */
@ConsumerType
@FunctionalInterface
public interface ProducerCallback {

    /**
     * @param producer started and shared; send with it, but do not keep it beyond this call
     * @throws Exception anything the client throws, such as {@code MQBrokerException}
     */
    void produce(MQProducer producer) throws Exception;
}
