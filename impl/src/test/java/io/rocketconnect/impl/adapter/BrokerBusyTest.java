package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.call.BrokerBusyRetry;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * A broker that sheds load: one send thread that takes 1 ms a message (a slow disk), and a request
 * that waited over 30 ms in its queue is refused with "[TIMEOUT_CLEAN_QUEUE] broker busy"
 * (SYSTEM_BUSY), as a busy production broker does after 200 ms. 40 async sends in flight, or 48
 * threads of sync sends, wait up to 40 or 48 ms. Every refusal reaches the caller of an async send unless the adapter's bounded retry
 * gets the message through; the broker stores exactly the acknowledged messages, each once: checked by
 * their bodies, read back from the topic ({@link StoredBodies}), not by a count.
 */
public class BrokerBusyTest {

    private static final int MESSAGES = 2000;
    private static final int IN_FLIGHT = 40;

    private static EmbeddedRocketmq broker;

    @BeforeClass
    public static void startSheddingBroker() {
        broker = EmbeddedRocketmq.start(config -> {
            config.setSendMessageThreadPoolNums(1);
            config.setWaitTimeMillsInSendQueue(30);
        });
        broker.slowDownSends(Duration.ofMillis(1));
    }

    @AfterClass
    public static void stopBroker() {
        broker.close();
    }

    /** Outcomes of a burst of async sends: the bodies acknowledged, how many refused as busy, and anything else. */
    private record Burst(Set<String> acknowledged, int busy, List<String> other) {
        @Override
        public String toString() {
            return "Burst[acknowledged=" + acknowledged.size() + ", busy=" + busy + ", other=" + other + "]";
        }
    }

    private static Burst burst(Adapter adapter, String topic) throws InterruptedException {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger busy = new AtomicInteger();
        Queue<String> other = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            inFlight.acquire();
            String body = "m-" + i;
            answers.add(adapter.sendAsync(RocketmqMessage.to(topic).body(body).build()).toCompletableFuture()
                    .whenComplete((sent, failure) -> {
                        inFlight.release();
                        if (failure == null && sent.status() == SendReceipt.Status.SEND_OK) {
                            acknowledged.add(body);
                        } else if (failure != null && BrokerBusyRetry.isBrokerBusy(failure)
                                && failure.getMessage().contains("[TIMEOUT_CLEAN_QUEUE]broker busy")) {
                            busy.incrementAndGet();
                        } else {
                            other.add(String.valueOf(failure != null ? failure : sent.status()));
                        }
                    }));
        }
        await("every async send answered").atMost(Duration.ofMinutes(2)).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
        return new Burst(Set.copyOf(acknowledged), busy.get(), List.copyOf(other));
    }

    /**
     * Asserts that {@code topic} holds each of {@code acknowledged} once and nothing else, by body. The
     * sends are all answered by now; the broker may still be moving the last ones into their queue.
     */
    private static void assertStoredOnce(String topic, Set<String> acknowledged) {
        await("the acknowledged messages readable").atMost(Duration.ofSeconds(30))
                .until(() -> broker.messagesIn(topic) >= acknowledged.size() && broker.dispatchedAll());
        try (Adapter reader = adapter("busy-reader-" + topic, 0)) {
            assertEquals("stored: each acknowledged message once, nothing else", "",
                    StoredBodies.differences(acknowledged, StoredBodies.of(reader.admin(), topic)));
        }
    }

    private static Adapter adapter(String id, int busyRetries) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "retryTimesWhenBrokerBusy", String.valueOf(busyRetries), "retryDelayWhenBrokerBusy", "20")));
    }

    @Test
    public void withoutRetriesEveryBusyRefusalReachesTheAsyncCaller() throws Exception {
        broker.createTopic("BusyNoRetry", 4);
        Burst burst;
        try (Adapter adapter = adapter("busy-no-retry", 0)) {
            burst = burst(adapter, "BusyNoRetry");
        }
        System.out.printf("BrokerBusyTest, no retry: %s%n", burst);
        assertEquals("failures other than busy", List.of(), burst.other());
        assertThat("the broker shed load", burst.busy(), greaterThan(0));
        assertEquals(MESSAGES, burst.acknowledged().size() + burst.busy());
        assertStoredOnce("BusyNoRetry", burst.acknowledged());
    }

    @Test
    public void boundedRetriesGetBusyRefusalsThrough() throws Exception {
        broker.createTopic("BusyRetry", 4);
        Burst burst;
        try (Adapter adapter = adapter("busy-retry", 16)) {
            burst = burst(adapter, "BusyRetry");
        }
        System.out.printf("BrokerBusyTest, 16 retries: %s%n", burst);
        assertEquals("failures other than busy", List.of(), burst.other());
        assertEquals("refusals left after 16 retries", 0, burst.busy());
        assertEquals(MESSAGES, burst.acknowledged().size());
        assertStoredOnce("BusyRetry", burst.acknowledged());
    }

    /** What 48 threads of sync sends ended with: the bodies acknowledged (SEND_OK) and every other outcome. */
    private record Flood(Set<String> acknowledged, List<String> refusals) {
    }

    private static Flood syncFlood(Adapter adapter, String topic) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(48);
        try {
            Map<String, Future<String>> sends = new LinkedHashMap<>();
            for (int i = 0; i < 1600; i++) {
                String body = "s-" + i;
                sends.put(body, threads.submit(() -> {
                    try {
                        SendReceipt.Status status = adapter.send(RocketmqMessage.to(topic).body(body).build()).status();
                        return status == SendReceipt.Status.SEND_OK ? null : status.toString();
                    } catch (RocketmqException e) {
                        return e.getMessage();
                    }
                }));
            }
            Set<String> acknowledged = new HashSet<>();
            List<String> refusals = new ArrayList<>();
            for (Map.Entry<String, Future<String>> send : sends.entrySet()) {
                String outcome = send.getValue().get(2, TimeUnit.MINUTES);
                if (outcome == null) {
                    acknowledged.add(send.getKey());
                } else {
                    refusals.add(outcome);
                }
            }
            return new Flood(acknowledged, refusals);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void syncSendsRefusedAsBusySaySoAndBoundedRetriesGetThemThrough() throws Exception {
        broker.createTopic("BusySync", 4);
        Flood flood;
        try (Adapter adapter = adapter("busy-sync", 0)) {
            flood = syncFlood(adapter, "BusySync");
        }
        System.out.printf("BrokerBusyTest, sync, no retry: %d of 1600 refused%n", flood.refusals().size());
        assertThat("the broker refused sync sends", flood.refusals().size(), greaterThan(0));
        for (String refusal : flood.refusals()) {
            assertThat(refusal, containsString("[TIMEOUT_CLEAN_QUEUE]broker busy"));
            assertThat(refusal, containsString("(the broker was busy: flow control; retryTimesWhenBrokerBusy=0, not retried)"));
        }
        assertStoredOnce("BusySync", flood.acknowledged());

        broker.createTopic("BusySyncRetry", 4);
        Flood withRetries;
        try (Adapter adapter = adapter("busy-sync-retry", 16)) {
            withRetries = syncFlood(adapter, "BusySyncRetry");
        }
        System.out.printf("BrokerBusyTest, sync, 16 retries: %d of 1600 refused%n", withRetries.refusals().size());
        assertEquals("refusals left after 16 retries", List.of(), withRetries.refusals());
        assertEquals(1600, withRetries.acknowledged().size());
        assertStoredOnce("BusySyncRetry", withRetries.acknowledged());
    }
}
