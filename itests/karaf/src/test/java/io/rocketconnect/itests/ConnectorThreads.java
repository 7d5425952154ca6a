package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.Message;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqAPI;

/**
 * What the lifecycle tests look at inside Karaf: the threads alive now, the ones started since, and
 * one message sent and received through an adapter (which starts its producer and a consumer).
 */
final class ConnectorThreads {

    private ConnectorThreads() {
    }

    /**
     * Live threads, less pax-exam's RMI transport and awaitility's poller, which come and go on their own,
     * and Felix EventAdmin's pool ({@code EventAdminThread #n}, at most its ThreadPoolSize, 20): it grows
     * when asynchronous events are delivered, such as the service events of a bundle that stops, and
     * keeps its threads for the eventadmin bundle's lifetime. The connector names no thread so.
     */
    static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("RMI ") && !t.getName().startsWith("awaitility")
                        && !t.getName().startsWith("EventAdminThread #"))
                .collect(Collectors.toSet());
    }

    static List<String> newThreads(Set<Thread> before) {
        return liveThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted()
                .collect(Collectors.toList());
    }

    /** Sends {@code body} (also its tag) to the lifecycle topic and waits until a new consumer group gets it. */
    static void sendAndReceiveOne(RocketmqAPI adapter, String body) {
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        adapter.doProduce("it-lifecycle", producer -> producer.send(
                new Message(KarafWithBroker.LIFECYCLE_TOPIC, body, body.getBytes(UTF_8))));
        try (ConsumerHandle handle = adapter.doConsume("it-lifecycle-" + body, consumer -> {
            consumer.subscribe(KarafWithBroker.LIFECYCLE_TOPIC, body);
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, ctx) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await().atMost(Duration.ofSeconds(60)).until(() -> received.contains(body));
        }
    }
}
