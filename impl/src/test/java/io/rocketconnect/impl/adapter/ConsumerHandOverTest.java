package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.client.ListenerWhiteboard;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * A consumer group with the default {@code CONSUME_FROM_LAST_OFFSET} that has stored no offset yet is
 * handed from an adapter to its replacement while its old consumer holds fetched, unconsumed messages
 * (its only listener thread is blocked). The new consumer must go on from there, not from the end: every
 * message sent after the group started is received, through doConsume (adopt) and through the listener
 * whiteboard alike.
 * <p>
 * The broker answers as a long-running one (see {@link ReconfigurationCyclesTest}): a group without an
 * offset on a queue holding messages is told "none" and starts at the end.
 */
public class ConsumerHandOverTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int QUEUES = 4;
    private static final int BACKLOG = 40;
    private static EmbeddedRocketmq broker;

    @BeforeClass
    public static void startBroker() {
        broker = EmbeddedRocketmq.startWithStore(store -> store.setAccessMessageInMemoryMaxRatio(0));
    }

    @AfterClass
    public static void stopBroker() {
        broker.close();
    }

    @Test
    public void doConsumeGoesOnWhereTheReplacedAdaptersConsumerStopped() throws Exception {
        String topic = oldTopic("HandOverDoConsume");
        BlockingListener listener = new BlockingListener();
        Adapter first = adapter("handover-consume");
        ConsumerHandle handle = first.doConsume("handover-consume-group", consumer -> {
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> listener.receive(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        });
        Adapter second = null;
        try {
            List<String> sent = listener.blockThenSend(first, topic);
            second = adapter("handover-consume");
            second.adopt(first);
            listener.release();
            first.close();
            await("every message sent after the group started, on the new adapter").atMost(WAIT)
                    .untilAsserted(() -> assertEquals("messages not received", List.of(), listener.missing(sent)));
        } finally {
            listener.release();
            handle.close();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    public void aListenerGoesOnWhereTheReplacedAdaptersConsumerStopped() throws Exception {
        String topic = oldTopic("HandOverListener");
        BlockingListener listener = new BlockingListener();
        ListenerWhiteboard whiteboard = new ListenerWhiteboard();
        Adapter first = adapter("handover-listener");
        Adapter second = null;
        try {
            whiteboard.addAdapter(first, Map.of("service.id", 1L, "adapter.id", "handover-listener"));
            whiteboard.addListener(null, message -> listener.receive(new String(message.getBody(), UTF_8)),
                    Map.of("service.id", 2L, "adapter.id", "handover-listener", "topic", topic, "consumer.group", "handover-listener-group"));
            List<String> sent = listener.blockThenSend(first, topic);
            // As AdapterComponent does on a change: the new service first, then the old one goes.
            second = adapter("handover-listener");
            whiteboard.addAdapter(second, Map.of("service.id", 3L, "adapter.id", "handover-listener"));
            listener.release();
            whiteboard.removeAdapter(first, Map.of("service.id", 1L, "adapter.id", "handover-listener"));
            first.close();
            await("every message sent after the group started, on the new adapter").atMost(WAIT)
                    .untilAsserted(() -> assertEquals("messages not received", List.of(), listener.missing(sent)));
        } finally {
            listener.release();
            whiteboard.deactivate();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** A topic whose every queue already holds a message, as a topic in service for a while does. */
    private static String oldTopic(String prefix) {
        String topic = prefix + "_" + System.nanoTime();
        broker.createTopic(topic, QUEUES);
        try (Adapter writer = adapter("handover-writer")) {
            for (int i = 0; i < QUEUES * 2; i++) {
                writer.send(RocketmqMessage.to(topic).body("before-" + i).build());
            }
        }
        return topic;
    }

    private static Adapter adapter(String id) {
        // consumeFromWhere is left at its default, CONSUME_FROM_LAST_OFFSET; one listener thread.
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "consumeThreadMin", "1", "consumeThreadMax", "1")));
    }

    /** Records what it receives; from the first message on, its thread waits until released. */
    private static final class BlockingListener {

        private final Set<String> received = ConcurrentHashMap.newKeySet();
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger probes = new AtomicInteger();

        void receive(String body) {
            received.add(body);
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Sends probes until the group's consumer takes one (its thread then blocks on it), then sends
         * {@link #BACKLOG} messages that the consumer fetches but cannot hand out.
         */
        List<String> blockThenSend(Adapter adapter, String topic) {
            await("the new group consumes").atMost(WAIT).until(() -> {
                adapter.send(RocketmqMessage.to(topic).body("probe-" + probes.incrementAndGet()).build());
                return received.stream().anyMatch(body -> body.startsWith("probe-"));
            });
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < BACKLOG; i++) {
                adapter.send(RocketmqMessage.to(topic).body("m-" + i).build());
                sent.add("m-" + i);
            }
            return sent;
        }

        void release() {
            released.countDown();
        }

        List<String> missing(List<String> sent) {
            return sent.stream().filter(body -> !received.contains(body)).toList();
        }
    }
}
