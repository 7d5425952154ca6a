package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.call.Messages;

/**
 * A stream of sync sends through an adapter, one a millisecond, as an application sends: the fault
 * tests break a broker while it runs. Messages are "m-0", "m-1", ...; each send ends as acknowledged,
 * as an error to the caller (RocketmqException), or as unexpected (anything else, kept to be shown).
 */
final class PacedSends implements AutoCloseable {

    private final int messages;
    private final ScheduledExecutorService pace;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch answered;
    /** The broker that acknowledged each acknowledged send, by send number. */
    final Map<Integer, String> acknowledgedBy = new ConcurrentHashMap<>();
    /** The numbers of the sends that ended as an error to the caller. */
    final Set<Integer> failed = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastAcknowledgedNanos = new AtomicLong();

    /** Starts sending {@code messages} messages to {@code topic} through {@code adapter}. */
    PacedSends(Adapter adapter, String topic, int messages, String threadName) {
        this.messages = messages;
        this.answered = new CountDownLatch(messages);
        this.pace = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, threadName));
        pace.scheduleAtFixedRate(() -> sendNext(adapter, topic), 0, 1, TimeUnit.MILLISECONDS);
    }

    private void sendNext(Adapter adapter, String topic) {
        int i = next.getAndIncrement();
        if (i >= messages) {
            return;
        }
        String body = "m-" + i;
        try {
            SendReceipt result = adapter.send(RocketmqMessage.to(topic).body(body).build());
            if (result.status() == SendReceipt.Status.SEND_OK) {
                acknowledgedBy.put(i, result.brokerName());
                lastAcknowledgedNanos.set(System.nanoTime());
            } else {
                unexpected.add(body + ": " + result.status());
            }
        } catch (RocketmqException e) {
            failed.add(i);
        } catch (RuntimeException | Error e) { // thrown out of the task, it would stop the schedule
            unexpected.add(body + ": " + e);
        } finally {
            answered.countDown();
        }
    }

    /** How many sends have started. */
    int started() {
        return Math.min(next.get(), messages);
    }

    int errors() {
        return failed.size();
    }

    /** The bodies of the acknowledged sends. */
    Set<String> acknowledged() {
        return acknowledgedBy.keySet().stream().map(i -> "m-" + i).collect(Collectors.toSet());
    }

    long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos.get();
    }

    boolean awaitAllAnswered(long timeout, TimeUnit unit) throws InterruptedException {
        return answered.await(timeout, unit);
    }

    /**
     * Consumes {@code topic} with a new consumer group of {@code adapter} until every message in
     * {@code expected} has come or the time is up; returns those of {@code expected} that never came.
     */
    static Set<String> neverConsumed(Adapter adapter, String topic, String group, Set<String> expected, Duration timeout) {
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (ConsumerHandle consumer = adapter.doConsume(group, c -> {
            c.subscribe(topic, "*");
            c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await().atMost(timeout).until(() -> received.containsAll(expected));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // what never came is the answer
        }
        Set<String> lost = new java.util.TreeSet<>(expected);
        lost.removeAll(received);
        return lost;
    }

    @Override
    public void close() {
        pace.shutdownNow();
    }
}
