package io.rocketconnect.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.MDC;

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.call.RequestIdScope;
import io.rocketconnect.impl.client.ListenerWhiteboard;

/**
 * The rows of {@link ComparisonBenchmark}: the raw client 4.9.8, its calibration twins, RocketmqAPI and
 * the alternatives in their own class loader, each behind the same {@link Variant} operations. Every
 * variant sends the body it is handed ({@link #BODY} in the throughput figures) with the tag
 * {@code bench}, to {@link #TOPIC} or to the topic it was made for.
 */
final class Variants {

    private static final String FIXED_REQUEST_ID = "0123456789abcdef0123456789abcdef";

    static final byte[] BODY = "{\"orderId\":42,\"amount\":\"19.99\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
    static final String TOPIC = "ComparisonBenchmark";

    private final String namesrvAddr;
    private final ClassLoader alternatives;
    /** Listener services' ids, unique across all api variants, as the whiteboard keys listeners by them. */
    private final AtomicLong listenerServiceIds = new AtomicLong(1000);

    /** Variants on the broker at {@code namesrvAddr}; the alternatives are loaded by {@code alternatives}. */
    Variants(String namesrvAddr, ClassLoader alternatives) {
        this.namesrvAddr = namesrvAddr;
        this.alternatives = alternatives;
    }

    /** A started raw producer with a client instance of its own. */
    DefaultMQProducer newRawProducer(String group) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(group);
        producer.start();
        return producer;
    }

    /** The raw client 4.9.8 on {@code topic}: {@code producer} sends, a DefaultMQPushConsumer of its own consumes. */
    Variant raw(DefaultMQProducer producer, String topic) {
        return new Variant() {
            private DefaultMQPushConsumer consumer;

            @Override
            public void sendSync(byte[] body) throws Exception {
                producer.send(new Message(topic, "bench", body));
            }

            @Override
            public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) throws Exception {
                producer.send(new Message(topic, "bench", body), callback(done, failed));
            }

            @Override
            public void consume(String topic, String group, Runnable received) throws Exception {
                start(topic, group, message -> received.run());
            }

            @Override
            public void consumeBodies(String topic, String group, Consumer<byte[]> received) throws Exception {
                start(topic, group, message -> received.accept(message.getBody()));
            }

            private void start(String topic, String group, Consumer<MessageExt> each) throws Exception {
                consumer = new DefaultMQPushConsumer(group);
                consumer.setNamesrvAddr(namesrvAddr);
                consumer.setInstanceName(group);
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    messages.forEach(each);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
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
            }
        };
    }

    /** The raw producer sending what the connector sends: the message with a 32-hex-digit requestId property. */
    Variant rawWithRequestId(DefaultMQProducer producer) {
        return syncOnly(body -> {
            Message message = new Message(TOPIC, "bench", body);
            message.putUserProperty("requestId", RequestIds.newId());
            producer.send(message);
        });
    }

    /** The raw producer with the connector's requestId handling: a new id in the logging MDC, stamped on the message. */
    Variant rawWithRequestIdInMdc(DefaultMQProducer producer) {
        return syncOnly(body -> {
            try (RequestIdScope id = RequestIdScope.enter()) {
                Message message = new Message(TOPIC, "bench", body);
                RequestIdScope.stamp(message);
                producer.send(message);
            }
        });
    }

    /**
     * The raw producer with the requestId in the logging MDC for the call and nothing else (a fixed id, no
     * property): what the MDC alone costs, beside the row that also makes the id and stamps it.
     */
    Variant rawWithRequestIdInMdcOnly(DefaultMQProducer producer) {
        return syncOnly(body -> {
            MDC.put(RequestIdScope.KEY, FIXED_REQUEST_ID);
            try {
                producer.send(new Message(TOPIC, "bench", body));
            } finally {
                MDC.remove(RequestIdScope.KEY);
            }
        });
    }

    /**
     * The adapter's own pooled producer, called directly with a raw message: the adapter's client and its
     * configuration without any connector code on the path. The pool is not part of the API, so it is
     * reached by reflection, once, before the figures.
     */
    Variant adapterClient(Adapter adapter, String producerGroup) throws Exception {
        Field producers = Adapter.class.getDeclaredField("producers");
        producers.setAccessible(true);
        Object pool = producers.get(adapter);
        Object pooled = pool.getClass().getMethod("producer", String.class).invoke(pool, producerGroup);
        Method client = pooled.getClass().getMethod("client");
        client.setAccessible(true);
        DefaultMQProducer producer = (DefaultMQProducer) client.invoke(pooled);
        return syncOnly(body -> producer.send(new Message(TOPIC, "bench", body)));
    }

    /** RocketmqAPI on {@code topic}: the adapter's send and sendAsync, and a listener through {@code whiteboard}. */
    Variant api(Adapter adapter, ListenerWhiteboard whiteboard, String topic) {
        return new Variant() {
            private Map<String, Object> listening;
            private RocketmqListener listener;

            @Override
            public void sendSync(byte[] body) {
                adapter.send(RocketmqMessage.to(topic).tags("bench").body(body).build());
            }

            @Override
            public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) {
                adapter.sendAsync(RocketmqMessage.to(topic).tags("bench").body(body).build()).whenComplete((result, error) -> {
                    if (error != null) {
                        failed.accept(error);
                    } else {
                        done.run();
                    }
                });
            }

            @Override
            public void consume(String topic, String group, Runnable received) {
                listen(topic, group, message -> received.run());
            }

            @Override
            public void consumeBodies(String topic, String group, Consumer<byte[]> received) {
                listen(topic, group, message -> received.accept(message.getBody()));
            }

            private void listen(String topic, String group, RocketmqListener each) {
                listener = each;
                listening = Map.of("service.id", listenerServiceIds.incrementAndGet(), "adapter.id", adapter.adapterId(), "topic", topic,
                        "consumer.group", group, "consume.from", "CONSUME_FROM_FIRST_OFFSET");
                whiteboard.addListener(null, listener, listening);
            }

            @Override
            public void stopConsuming() {
                if (listener != null) {
                    whiteboard.removeListener(listener, listening);
                    listener = null;
                }
            }

            @Override
            public void close() {
            }
        };
    }

    Variant doProduce(Adapter adapter) {
        return syncOnly(body -> adapter.doProduce("cmp-do-produce", producer -> producer.send(new Message(TOPIC, "bench", body))));
    }

    interface Send {
        void run(byte[] body) throws Exception;
    }

    /** A variant measured in the sync figures only. */
    static Variant syncOnly(Send send) {
        return new Variant() {
            @Override
            public void sendSync(byte[] body) throws Exception {
                send.run(body);
            }

            @Override
            public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void consume(String topic, String group, Runnable received) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void consumeBodies(String topic, String group, Consumer<byte[]> received) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void stopConsuming() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** An io.rocketconnect.alternatives class on {@code topic}, created and called in its own class loader. */
    Variant alternative(String className, String group, String topic) throws Exception {
        Class<?> type = alternatives.loadClass(className);
        Object instance = inAlternatives(() -> type.getConstructor(String.class, String.class, String.class)
                .newInstance(namesrvAddr, topic, group));
        Method sendSync = type.getMethod("sendSync", byte[].class);
        Method sendAsync = type.getMethod("sendAsync", byte[].class, Runnable.class, Consumer.class);
        Method consume = type.getMethod("consume", String.class, String.class, Runnable.class);
        Method consumeBodies = type.getMethod("consumeBodies", String.class, String.class, Consumer.class);
        Method stopConsuming = type.getMethod("stopConsuming");
        Method close = type.getMethod("close");
        return new Variant() {
            @Override
            public void sendSync(byte[] body) throws Exception {
                call(sendSync, body);
            }

            @Override
            public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) throws Exception {
                call(sendAsync, body, done, failed);
            }

            @Override
            public void consume(String topic, String consumerGroup, Runnable received) throws Exception {
                call(consume, topic, consumerGroup, received);
            }

            @Override
            public void consumeBodies(String topic, String consumerGroup, Consumer<byte[]> received) throws Exception {
                call(consumeBodies, topic, consumerGroup, received);
            }

            @Override
            public void stopConsuming() throws Exception {
                call(stopConsuming);
            }

            @Override
            public void close() throws Exception {
                call(close);
            }

            private void call(Method method, Object... arguments) throws Exception {
                inAlternatives(() -> method.invoke(instance, arguments));
            }
        };
    }

    /**
     * Runs {@code work} with the alternatives' class loader as the context class loader (Spring and
     * Camel look classes up through it), and rethrows what a reflective call threw as itself.
     */
    private Object inAlternatives(Callable<Object> work) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(alternatives);
        try {
            return work.call();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static SendCallback callback(Runnable done, Consumer<Throwable> failed) {
        return new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                done.run();
            }

            @Override
            public void onException(Throwable e) {
                failed.accept(e);
            }
        };
    }
}
