package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ConsumerSetup;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * An adapter's configuration is updated, or deleted and created again, over and over while a thread
 * sends through it and a consumer group with the default {@code CONSUME_FROM_LAST_OFFSET} consumes, as
 * AdapterComponent does on ConfigAdmin events: the new adapter takes over (with the group's consumer),
 * then the old one closes. Every acknowledged message reaches the group, a send is refused at most once
 * per replaced adapter, and afterwards no client thread is left and the heap is back near its start.
 * <p>
 * The broker answers as a long-running one: with {@code accessMessageInMemoryMaxRatio=0} it counts every
 * message as on disk, so a group without an offset on a queue that holds messages is told "none" and
 * starts at the end. A young broker instead answers 0 for such a group, which is what hid the skip of
 * a hand-over from the tests before.
 * <p>
 * 20 cycles in the build; {@code -Dsoak.cycles=200} (profile {@code soak}) runs the 200.
 */
public class ReconfigurationCyclesTest {

    private static final int CYCLES = Integer.getInteger("soak.cycles", 20);
    private static final String TOPIC = "ReconfigurationCycles";
    private static final String GROUP = "cycles-listeners";
    private static final long HEAP_SLACK = 32L * 1024 * 1024;

    @Test
    public void updatesAndRecreationsWhileSendingAndConsumingLoseNothingAndLeaveNoThreads() throws Exception {
        try (EmbeddedRocketmq broker = EmbeddedRocketmq.startWithStore(store -> store.setAccessMessageInMemoryMaxRatio(0))) {
            broker.createTopic(TOPIC, 4);
            // Warm: the first adapter of a JVM loads classes and starts shared client timers for good.
            try (Adapter warm = adapter(broker, 0)) {
                warm.send(RocketmqMessage.to(TOPIC).body("warm-up").build());
            }
            Set<Thread> threadsBefore = ClientThreads.live();
            long heapBefore = usedHeapAfterGc();

            Set<String> received = ConcurrentHashMap.newKeySet();
            ConsumerSetup listening = consumer -> {
                consumer.subscribe(TOPIC, "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    // No work per message: with 1 ms each, the one listener thread fell behind an unpaced
                    // sender, and a slow CI run ended with 6,000 messages still on their way. A consumer
                    // replaced with fetched, unconsumed messages is ConsumerHandOverTest's case.
                    messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
            };
            Current current = new Current(adapter(broker, 1));
            ConsumerHandle consuming = current.get().doConsume(GROUP, listening);
            // A new group starts each queue where its consumer first looks (the end, with LAST_OFFSET):
            // sending begins once it consumes, so that what follows is all about the hand-overs.
            AtomicInteger probes = new AtomicInteger();
            await("the new group consumes").atMost(Duration.ofSeconds(30)).until(() -> {
                current.get().send(RocketmqMessage.to(TOPIC).body("probe-" + probes.incrementAndGet()).build());
                return received.stream().anyMatch(body -> body.startsWith("probe-"));
            });
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Sender sender = new Sender(current, acknowledged, failures);
            sender.start();
            try {
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    int sentBefore = acknowledged.size();
                    await("sends through the adapter of cycle " + cycle).atMost(Duration.ofSeconds(30))
                            .until(() -> acknowledged.size() >= sentBefore + 20);
                    Adapter previous = current.get();
                    if (cycle % 5 == 0) {
                        // Deleted, then created again: the old one goes first, and the application
                        // consumes again when the adapter is back.
                        previous.close();
                        current.set(adapter(broker, cycle + 1));
                        consuming = current.get().doConsume(GROUP, listening);
                    } else {
                        Adapter next = adapter(broker, cycle + 1);
                        current.set(next);
                        next.adopt(previous);
                        previous.close();
                    }
                }
            } finally {
                sender.stopAndJoin();
            }
            assertEquals("sends that failed other than on a closed adapter", "[]", failures.toString());
            assertThat("sends refused by a closed adapter (at most one per adapter replaced)", sender.refusals, lessThanOrEqualTo(CYCLES));

            await("every acknowledged message consumed by the group").atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertEquals("acknowledged messages the group has not received", "none", missing(acknowledged, received)));
            consuming.close();
            current.get().close();

            await("client threads gone").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ClientThreads.startedSince(threadsBefore), empty()));
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            System.out.printf("ReconfigurationCyclesTest: %d cycles, %d acknowledged, all received by a LAST_OFFSET group, "
                    + "%d sends refused by a closed adapter, no thread left, heap %+d KB%n",
                    CYCLES, acknowledged.size(), sender.refusals, heapGrowth / 1024);
            assertThat("heap growth after " + CYCLES + " cycles, bytes", heapGrowth, lessThan(HEAP_SLACK));
        }
    }

    private static String missing(Set<String> acknowledged, Set<String> received) {
        List<Integer> missing = acknowledged.stream().filter(body -> !received.contains(body))
                .map(body -> Integer.valueOf(body.substring(2))).sorted().toList();
        return missing.isEmpty() ? "none" : missing.size() + " of " + acknowledged.size() + ", from " + missing.subList(0, Math.min(20, missing.size()));
    }

    private static Adapter adapter(EmbeddedRocketmq broker, int generation) {
        // Each generation changes settings, as an operator's edit would; consumeFromWhere stays the default.
        return new Adapter(AdapterSettings.from(Map.of("id", "cycles", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", String.valueOf(3000 + generation), "consumeThreadMin", "1",
                "consumeThreadMax", String.valueOf(2 + generation % 4))));
    }

    /** The adapter a caller finds now, as the service registry would give it. */
    private static final class Current {

        private Adapter adapter;

        Current(Adapter first) {
            adapter = first;
        }

        synchronized Adapter get() {
            return adapter;
        }

        synchronized void set(Adapter next) {
            adapter = next;
            notifyAll();
        }

        /** Waits until the adapter is another than {@code refused}, as a caller waits for the service to come back. */
        synchronized void awaitOtherThan(Adapter refused) throws InterruptedException {
            while (adapter == refused) {
                wait();
            }
        }
    }

    /** Sends through whichever adapter is current; a send refused by a closed adapter is tried on the next. */
    private static final class Sender extends Thread {

        private final Current current;
        private final Set<String> acknowledged;
        private final ConcurrentLinkedQueue<String> failures;
        private volatile boolean running = true;
        volatile int refusals;

        Sender(Current current, Set<String> acknowledged, ConcurrentLinkedQueue<String> failures) {
            super("reconfiguration-cycles-sender");
            this.current = current;
            this.acknowledged = acknowledged;
            this.failures = failures;
        }

        @Override
        public void run() {
            int next = 0;
            while (running) {
                String body = "m-" + next;
                Adapter adapter = current.get();
                try {
                    if (adapter.send(RocketmqMessage.to(TOPIC).body(body).build()).status() == SendReceipt.Status.SEND_OK) {
                        acknowledged.add(body);
                    } else {
                        failures.add(body + ": not SEND_OK");
                    }
                    next++;
                } catch (IllegalStateException closed) {
                    // Refused before the wire: the adapter was replaced; the same message goes to the next one.
                    if (!String.valueOf(closed.getMessage()).contains("is closed")) {
                        failures.add(body + ": " + closed);
                        next++;
                    }
                    refusals++;
                    try {
                        current.awaitOtherThan(adapter);
                    } catch (InterruptedException e) {
                        return;
                    }
                } catch (RuntimeException e) { // RocketmqException included: a failed send must not happen here
                    failures.add(body + ": " + e);
                    next++;
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join(Duration.ofSeconds(30).toMillis());
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
