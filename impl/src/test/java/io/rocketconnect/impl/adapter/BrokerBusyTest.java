package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.call.BrokerBusyRetry;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * A broker that sheds load: one send thread that takes 1 ms a message (a slow disk), and a request
 * that waited over 30 ms in its queue is refused with "[TIMEOUT_CLEAN_QUEUE] broker busy"
 * (SYSTEM_BUSY), as a busy production broker does after 200 ms. 40 async sends in flight, or 48
 * threads of sync sends, wait up to 40 or 48 ms. Every refusal reaches the caller of an async send unless the adapter's bounded retry
 * gets the message through; the broker stores exactly the acknowledged messages.
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

    /** Outcomes of a burst of async sends: acknowledged, refused as busy, and anything else. */
    private record Burst(int acknowledged, int busy, List<String> other) {
    }

    private static Burst burst(Adapter adapter, String topic) throws InterruptedException {
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        Queue<String> other = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            inFlight.acquire();
            answers.add(adapter.sendAsync(RocketmqMessage.to(topic).body("m-" + i).build()).toCompletableFuture()
                    .whenComplete((sent, failure) -> {
                        inFlight.release();
                        if (failure == null && sent.getSendStatus() == SendStatus.SEND_OK) {
                            acknowledged.incrementAndGet();
                        } else if (failure != null && BrokerBusyRetry.isBrokerBusy(failure)
                                && failure.getMessage().contains("[TIMEOUT_CLEAN_QUEUE]broker busy")) {
                            busy.incrementAndGet();
                        } else {
                            other.add(String.valueOf(failure != null ? failure : sent.getSendStatus()));
                        }
                    }));
        }
        await("every async send answered").atMost(Duration.ofMinutes(2)).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
        return new Burst(acknowledged.get(), busy.get(), List.copyOf(other));
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
        assertEquals(MESSAGES, burst.acknowledged() + burst.busy());
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("BusyNoRetry") >= burst.acknowledged());
        assertEquals("stored: exactly the acknowledged ones", burst.acknowledged(), broker.messagesIn("BusyNoRetry"));
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
        assertEquals(MESSAGES, burst.acknowledged());
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("BusyRetry") >= MESSAGES);
        assertEquals("stored: each message once", MESSAGES, broker.messagesIn("BusyRetry"));
    }

    /** 48 threads of sync sends: what each send ended with (null for SEND_OK). */
    private static List<String> syncFlood(Adapter adapter, String topic) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(48);
        try {
            List<java.util.concurrent.Future<String>> sends = new ArrayList<>();
            for (int i = 0; i < 1600; i++) {
                String body = "s-" + i;
                sends.add(threads.submit(() -> {
                    try {
                        SendStatus status = adapter.send(RocketmqMessage.to(topic).body(body).build()).getSendStatus();
                        return status == SendStatus.SEND_OK ? null : status.toString();
                    } catch (io.rocketconnect.api.RocketmqException e) {
                        return e.getMessage();
                    }
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (java.util.concurrent.Future<String> send : sends) {
                outcomes.add(send.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void syncSendsRefusedAsBusySaySoAndBoundedRetriesGetThemThrough() throws Exception {
        broker.createTopic("BusySync", 4);
        List<String> refusals;
        try (Adapter adapter = adapter("busy-sync", 0)) {
            refusals = syncFlood(adapter, "BusySync").stream().filter(java.util.Objects::nonNull).toList();
        }
        System.out.printf("BrokerBusyTest, sync, no retry: %d of 1600 refused%n", refusals.size());
        assertThat("the broker refused sync sends", refusals.size(), greaterThan(0));
        for (String refusal : refusals) {
            assertThat(refusal, containsString("[TIMEOUT_CLEAN_QUEUE]broker busy"));
            assertThat(refusal, containsString("(the broker was busy: flow control; retryTimesWhenBrokerBusy=0, not retried)"));
        }
        long storedBefore = broker.messagesIn("BusySync");
        List<String> withRetries;
        try (Adapter adapter = adapter("busy-sync-retry", 16)) {
            withRetries = syncFlood(adapter, "BusySync").stream().filter(java.util.Objects::nonNull).toList();
        }
        System.out.printf("BrokerBusyTest, sync, 16 retries: %d of 1600 refused%n", withRetries.size());
        assertEquals("refusals left after 16 retries", List.of(), withRetries);
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("BusySync") >= storedBefore + 1600);
        assertEquals("stored: each message once", storedBefore + 1600, broker.messagesIn("BusySync"));
    }
}
