package io.rocketconnect.benchmarks;

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

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.call.RequestIdScope;
import io.rocketconnect.impl.client.ListenerWhiteboard;

/**
 * The rows of {@link ComparisonBenchmark}: the raw client 4.9.8, its calibration twins, RocketmqAPI and
 * the alternatives in their own class loader, each behind the same {@link Variant} operations. Every
 * variant sends the same message: {@link #BODY} to {@link #TOPIC} with the tag {@code bench}.
 */
final class Variants {

    static final byte[] BODY = "{\"orderId\":42,\"amount\":\"19.99\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
    static final String TOPIC = "ComparisonBenchmark";

    private final String namesrvAddr;
    private final ClassLoader alternatives;

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

    Variant raw(DefaultMQProducer producer) {
        return new Variant() {
            private DefaultMQPushConsumer consumer;

            @Override
            public void sendSync() throws Exception {
                producer.send(new Message(TOPIC, "bench", BODY));
            }

            @Override
            public void sendAsync(Runnable done, Consumer<Throwable> failed) throws Exception {
                producer.send(new Message(TOPIC, "bench", BODY), callback(done, failed));
            }

            @Override
            public void consume(String topic, String group, Runnable received) throws Exception {
                consumer = new DefaultMQPushConsumer(group);
                consumer.setNamesrvAddr(namesrvAddr);
                consumer.setInstanceName(group);
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    messages.forEach(m -> received.run());
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
            }

            @Override
            public void stopConsuming() {
                consumer.shutdown();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The raw producer sending what the connector sends: the message with a 32-hex-digit requestId property. */
    Variant rawWithRequestId(DefaultMQProducer producer) {
        return syncOnly(() -> {
            Message message = new Message(TOPIC, "bench", BODY);
            message.putUserProperty("requestId", RequestIds.newId());
            producer.send(message);
        });
    }

    /** The raw producer with the connector's requestId handling: a new id in the logging MDC, stamped on the message. */
    Variant rawWithRequestIdInMdc(DefaultMQProducer producer) {
        return syncOnly(() -> {
            try (RequestIdScope id = RequestIdScope.enter()) {
                Message message = new Message(TOPIC, "bench", BODY);
                RequestIdScope.stamp(message);
                producer.send(message);
            }
        });
    }

    Variant api(Adapter adapter, ListenerWhiteboard whiteboard) {
        return new Variant() {
            private final AtomicLong serviceIds = new AtomicLong(1000);
            private Map<String, Object> listening;
            private RocketmqListener listener;

            @Override
            public void sendSync() {
                adapter.send(RocketmqMessage.to(TOPIC).tags("bench").body(BODY).build());
            }

            @Override
            public void sendAsync(Runnable done, Consumer<Throwable> failed) {
                adapter.sendAsync(RocketmqMessage.to(TOPIC).tags("bench").body(BODY).build()).whenComplete((result, error) -> {
                    if (error != null) {
                        failed.accept(error);
                    } else {
                        done.run();
                    }
                });
            }

            @Override
            public void consume(String topic, String group, Runnable received) {
                listener = message -> received.run();
                listening = Map.of("service.id", serviceIds.incrementAndGet(), "adapter.id", adapter.adapterId(), "topic", topic,
                        "consumer.group", group, "consume.from", "CONSUME_FROM_FIRST_OFFSET");
                whiteboard.addListener(null, listener, listening);
            }

            @Override
            public void stopConsuming() {
                whiteboard.removeListener(listener, listening);
            }

            @Override
            public void close() {
            }
        };
    }

    Variant doProduce(Adapter adapter) {
        return syncOnly(() -> adapter.doProduce("cmp-do-produce", producer -> producer.send(new Message(TOPIC, "bench", BODY))));
    }

    private interface Send {
        void run() throws Exception;
    }

    /** A variant measured in the sync figures only. */
    private static Variant syncOnly(Send send) {
        return new Variant() {
            @Override
            public void sendSync() throws Exception {
                send.run();
            }

            @Override
            public void sendAsync(Runnable done, Consumer<Throwable> failed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void consume(String topic, String group, Runnable received) {
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

    /** An io.rocketconnect.alternatives class, created and called in its own class loader. */
    Variant alternative(String className, String group) throws Exception {
        Class<?> type = alternatives.loadClass(className);
        Object instance = inAlternatives(() -> type.getConstructor(String.class, String.class, String.class)
                .newInstance(namesrvAddr, TOPIC, group));
        Method sendSync = type.getMethod("sendSync", byte[].class);
        Method sendAsync = type.getMethod("sendAsync", byte[].class, Runnable.class, Consumer.class);
        Method consume = type.getMethod("consume", String.class, String.class, Runnable.class);
        Method stopConsuming = type.getMethod("stopConsuming");
        Method close = type.getMethod("close");
        return new Variant() {
            @Override
            public void sendSync() throws Exception {
                call(sendSync, BODY);
            }

            @Override
            public void sendAsync(Runnable done, Consumer<Throwable> failed) throws Exception {
                call(sendAsync, BODY, done, failed);
            }

            @Override
            public void consume(String topic, String consumerGroup, Runnable received) throws Exception {
                call(consume, topic, consumerGroup, received);
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
