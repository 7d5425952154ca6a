package io.rocketconnect.alternatives;

import java.util.function.Consumer;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * rocketmq-client 5.3.2 used directly, as the raw 4.9.8 row uses 4.9.8: a DefaultMQProducer and a
 * DefaultMQPushConsumer, each with a client instance of its own. Against that row it shows what the
 * connector's choice of the 4.9.x line gains or costs (docs/decisions.md).
 */
public class RawClient53 implements Alternative {

    private final DefaultMQProducer producer;
    private final String topic;
    private final String namesrvAddr;
    private DefaultMQPushConsumer consumer;

    public RawClient53(String namesrvAddr, String topic, String producerGroup) throws MQClientException {
        this.namesrvAddr = namesrvAddr;
        this.topic = topic;
        producer = new DefaultMQProducer(producerGroup);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(producerGroup);
        producer.start();
    }

    @Override
    public void sendSync(byte[] body) throws Exception {
        producer.send(new Message(topic, "bench", body));
    }

    @Override
    public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) throws Exception {
        producer.send(new Message(topic, "bench", body), new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                done.run();
            }

            @Override
            public void onException(Throwable e) {
                failed.accept(e);
            }
        });
    }

    @Override
    public void consume(String topic, String group, Runnable received) throws MQClientException {
        start(topic, group, message -> received.run());
    }

    @Override
    public void consumeBodies(String topic, String group, Consumer<byte[]> received) throws MQClientException {
        start(topic, group, message -> received.accept(message.getBody()));
    }

    private void start(String topic, String group, Consumer<MessageExt> each) throws MQClientException {
        DefaultMQPushConsumer starting = new DefaultMQPushConsumer(group);
        starting.setNamesrvAddr(namesrvAddr);
        starting.setInstanceName(group);
        starting.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        starting.subscribe(topic, "*");
        starting.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(each);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        starting.start();
        consumer = starting;
    }

    @Override
    public void stopConsuming() {
        if (consumer != null) {
            consumer.shutdown();
            consumer = null;
        }
    }

    @Override
    public void close() {
        stopConsuming();
        producer.shutdown();
    }
}
