package io.rocketconnect.impl;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.After;
import org.junit.Test;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * Two brokers serve a topic; one stops in the middle of a stream of sends through an adapter with
 * {@code sendLatencyFaultEnable}: the stream goes on through the other broker, with under 1% of the
 * sends after the stop failing.
 */
public class BrokerFailoverTest {

    private static final int MESSAGES = 8000;
    private static final String TOPIC = "FailoverTopic";

    private EmbeddedRocketmq cluster;
    private Adapter adapter;
    private ScheduledExecutorService pace;

    @After
    public void stop() {
        if (pace != null) {
            pace.shutdownNow();
        }
        if (adapter != null) {
            adapter.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void sendingGoesOnThroughTheOtherBrokerWhenOneStops() throws Exception {
        cluster = EmbeddedRocketmq.start();
        EmbeddedRocketmq.ExtraBroker second = cluster.addBroker();
        cluster.createTopic(TOPIC, 2);
        second.createTopic(TOPIC, 2);
        adapter = new Adapter(AdapterSettings.from(Map.of("id", "failover", "namesrvAddr", cluster.namesrvAddr(),
                "sendLatencyFaultEnable", "true", "sendMsgTimeout", "2000")));

        AtomicInteger next = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger onSecond = new AtomicInteger();
        AtomicInteger stoppedAt = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger acknowledgedAfterStop = new AtomicInteger();
        AtomicInteger errorsAfterStop = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(MESSAGES);
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        pace = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "failover-test-sender"));
        pace.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= MESSAGES) {
                return;
            }
            boolean afterStop = i >= stoppedAt.get();
            try {
                SendResult result = adapter.send(RocketmqMessage.to(TOPIC).body("m-" + i).build());
                if (result.getSendStatus() != SendStatus.SEND_OK) {
                    unexpected.add("m-" + i + ": " + result.getSendStatus());
                    return;
                }
                acknowledged.incrementAndGet();
                if (result.getMessageQueue().getBrokerName().equals(second.brokerName())) {
                    onSecond.incrementAndGet();
                }
                if (afterStop) {
                    acknowledgedAfterStop.incrementAndGet();
                }
            } catch (RocketmqException e) {
                if (afterStop) {
                    errorsAfterStop.incrementAndGet();
                }
            } catch (RuntimeException | Error e) { // thrown out of the task, it would stop the schedule
                unexpected.add("m-" + i + ": " + e);
            } finally {
                answered.countDown();
            }
        }, 0, 1, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.get() >= 2000);
        assertTrue("both brokers took sends before the stop: " + onSecond.get() + " on the second", onSecond.get() > 100);
        long firstBrokerBefore = cluster.messagesIn(TOPIC);
        stoppedAt.set(next.get());
        second.stop();
        assertTrue("every send answered", answered.await(2, TimeUnit.MINUTES));
        assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", unexpected.toString());

        int afterStop = MESSAGES - stoppedAt.get();
        assertTrue("the stream went on after the stop: " + afterStop + " sends", afterStop > 1000);
        double errorRate = errorsAfterStop.get() / (double) afterStop;
        System.out.printf("BrokerFailoverTest: %d sends after the stop, %d acknowledged, %d errors (%.2f%%)%n",
                afterStop, acknowledgedAfterStop.get(), errorsAfterStop.get(), errorRate * 100);
        assertThat("error rate after one of two brokers stopped", errorRate, lessThan(0.01));
        await("every send acknowledged after the stop is on the first broker").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.messagesIn(TOPIC) - firstBrokerBefore >= acknowledgedAfterStop.get());
    }
}
