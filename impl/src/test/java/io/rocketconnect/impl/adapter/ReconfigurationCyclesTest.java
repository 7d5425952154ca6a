package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * An adapter's configuration is updated, or deleted and created again, over and over while a thread
 * sends through it, as AdapterComponent does on ConfigAdmin events: the new adapter takes over, then
 * the old one closes. No acknowledged message is lost, and afterwards no client thread is left and
 * the heap is back near where it started.
 * <p>
 * 20 cycles in the build; {@code -Dsoak.cycles=200} (profile {@code soak}) runs the 200.
 */
public class ReconfigurationCyclesTest {

    private static final int CYCLES = Integer.getInteger("soak.cycles", 20);
    private static final String TOPIC = "ReconfigurationCycles";
    private static final long HEAP_SLACK = 32L * 1024 * 1024;

    @Test
    public void updatesAndRecreationsWhileSendingLoseNothingAndLeaveNoThreads() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic(TOPIC, 4);
        // Warm: the first adapter of a JVM loads classes and starts shared client timers for good.
        try (Adapter warm = adapter(0)) {
            warm.send(RocketmqMessage.to(TOPIC).body("warm-up").build());
        }
        Set<Thread> threadsBefore = ClientThreads.live();
        long heapBefore = usedHeapAfterGc();

        AtomicReference<Adapter> current = new AtomicReference<>(adapter(1));
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
                    // Deleted, then created again: the old one goes first.
                    previous.close();
                    current.set(adapter(cycle + 1));
                } else {
                    Adapter next = adapter(cycle + 1);
                    current.set(next);
                    next.adopt(previous);
                    previous.close();
                }
            }
        } finally {
            sender.stopAndJoin();
            current.get().close();
        }

        assertEquals("sends that failed other than on a closed adapter", "[]", failures.toString());
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (Adapter reader = new Adapter(AdapterSettings.from(Map.of("id", "cycles-reader", "namesrvAddr",
                broker.namesrvAddr(), "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET")))) {
            ConsumerHandle handle = reader.doConsume("cycles-readers", consumer -> {
                consumer.subscribe(TOPIC, "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
            });
            await("every acknowledged message consumed").atMost(Duration.ofMinutes(1)).until(() -> received.containsAll(acknowledged));
            handle.close();
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(received);
        assertEquals("acknowledged messages lost", Set.of(), lost);

        await("client threads gone").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ClientThreads.startedSince(threadsBefore), empty()));
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        System.out.printf("ReconfigurationCyclesTest: %d cycles, %d acknowledged, 0 lost, no thread left, heap %+d KB%n",
                CYCLES, acknowledged.size(), heapGrowth / 1024);
        assertThat("heap growth after " + CYCLES + " cycles, bytes", heapGrowth, lessThan(HEAP_SLACK));
    }

    private static Adapter adapter(int generation) {
        // Each generation changes settings, as an operator's edit would.
        return new Adapter(AdapterSettings.from(Map.of("id", "cycles", "namesrvAddr", EmbeddedRocketmq.shared().namesrvAddr(),
                "sendMsgTimeout", String.valueOf(3000 + generation), "consumeThreadMin", "1",
                "consumeThreadMax", String.valueOf(2 + generation % 4))));
    }

    /** Sends through whichever adapter is current; a send refused by a closed adapter is tried on the next. */
    private static final class Sender extends Thread {

        private final AtomicReference<Adapter> current;
        private final Set<String> acknowledged;
        private final ConcurrentLinkedQueue<String> failures;
        private volatile boolean running = true;

        Sender(AtomicReference<Adapter> current, Set<String> acknowledged, ConcurrentLinkedQueue<String> failures) {
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
                try {
                    if (current.get().send(RocketmqMessage.to(TOPIC).body(body).build()).getSendStatus() == SendStatus.SEND_OK) {
                        acknowledged.add(body);
                    } else {
                        failures.add(body + ": not SEND_OK");
                    }
                    next++;
                } catch (IllegalStateException closed) {
                    // refused before the wire: the adapter was replaced; the same message goes to the next
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
