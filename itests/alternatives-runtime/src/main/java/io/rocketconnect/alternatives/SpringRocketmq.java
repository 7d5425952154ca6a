package io.rocketconnect.alternatives;

import java.util.Map;
import java.util.function.Consumer;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.spring.annotation.ConsumeMode;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.apache.rocketmq.spring.support.DefaultRocketMQListenerContainer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.messaging.support.MessageBuilder;

/**
 * rocketmq-spring as a Spring user gets it, without Boot: a RocketMQTemplate on a DefaultMQProducer,
 * and a DefaultRocketMQListenerContainer with a RocketMQListener, wired as its auto-configuration does.
 */
public class SpringRocketmq implements Alternative {

    private final RocketMQTemplate template = new RocketMQTemplate();
    private final String destination;
    private final String namesrvAddr;
    private final GenericApplicationContext context = new GenericApplicationContext();
    private DefaultRocketMQListenerContainer container;

    public SpringRocketmq(String namesrvAddr, String topic, String producerGroup) throws Exception {
        this.namesrvAddr = namesrvAddr;
        this.destination = topic + ":bench";
        DefaultMQProducer producer = new DefaultMQProducer(producerGroup);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("benchmark-spring");
        template.setProducer(producer);
        template.afterPropertiesSet();
        // As a Boot application.properties would: the listener container reads the name server from here.
        context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("benchmark", Map.of("rocketmq.name-server", namesrvAddr)));
        context.refresh();
    }

    @Override
    public void sendSync(byte[] body) {
        template.syncSend(destination, MessageBuilder.withPayload(body).build());
    }

    @Override
    public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) {
        template.asyncSend(destination, MessageBuilder.withPayload(body).build(), new SendCallback() {
            @Override
            public void onSuccess(SendResult sendResult) {
                done.run();
            }

            @Override
            public void onException(Throwable e) {
                failed.accept(e);
            }
        });
    }

    @Override
    public void consume(String topic, String group, Runnable received) throws Exception {
        DefaultRocketMQListenerContainer listening = new DefaultRocketMQListenerContainer();
        listening.setApplicationContext(context); // resolves ${...} in the annotation, as in a Spring application
        listening.setNameServer(namesrvAddr);
        listening.setTopic(topic);
        listening.setConsumerGroup(group);
        listening.setRocketMQMessageListener(Listener.class.getAnnotation(RocketMQMessageListener.class));
        listening.setRocketMQListener(new Counting(received));
        // The container looks itself up by name in its context, as the Boot auto-configuration registers it.
        String name = "listenerContainer-" + group;
        listening.setName(name);
        context.registerBean(name, DefaultRocketMQListenerContainer.class, () -> listening);
        listening.afterPropertiesSet();
        listening.getConsumer().setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        listening.start();
        container = listening;
    }

    @Override
    public void stopConsuming() throws Exception {
        if (container != null) {
            container.destroy();
            container = null;
        }
    }

    @Override
    public void close() throws Exception {
        stopConsuming();
        template.destroy();
        context.close();
    }

    /** A listener of MessageExt, as a bean class declares it; the container reads the type argument. */
    private static final class Counting implements RocketMQListener<MessageExt> {
        private final Runnable received;

        Counting(Runnable received) {
            this.received = received;
        }

        @Override
        public void onMessage(MessageExt message) {
            received.run();
        }
    }

    /** Where the container reads its consumer settings from, as @RocketMQMessageListener on a bean. */
    @RocketMQMessageListener(topic = "${unused}", consumerGroup = "${unused}", consumeMode = ConsumeMode.CONCURRENTLY)
    private static final class Listener {
    }
}
