package io.rocketconnect.impl;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;

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
    private PacedSends stream;

    @After
    public void stop() {
        if (stream != null) {
            stream.close();
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
        long secondBefore = second.messagesIn(TOPIC);
        stream = new PacedSends(adapter, TOPIC, MESSAGES, "failover-test-sender");

        await().atMost(Duration.ofMinutes(1)).until(() -> stream.acknowledged.size() >= 2000);
        assertThat("both brokers took sends before the stop", second.messagesIn(TOPIC) - secondBefore, greaterThan(100L));
        long firstBrokerBefore = cluster.messagesIn(TOPIC);
        int stoppedAt = stream.started();
        stream.countFrom(stoppedAt);
        second.stop();
        int stoppedBy = stream.started(); // sends before this may still have reached the stopping broker
        assertTrue("every send answered", stream.awaitAllAnswered(2, TimeUnit.MINUTES));
        assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", stream.unexpected.toString());

        int afterStop = MESSAGES - stoppedAt;
        assertTrue("the stream went on after the stop: " + afterStop + " sends", afterStop > 1000);
        double errorRate = stream.countedErrors() / (double) afterStop;
        System.out.printf("BrokerFailoverTest: %d sends after the stop, %d acknowledged, %d errors (%.2f%%)%n",
                afterStop, stream.countedAcknowledged(), stream.countedErrors(), errorRate * 100);
        assertThat("error rate after one of two brokers stopped", errorRate, lessThan(0.01));
        Map<String, Long> afterStopByBroker = stream.acknowledgedBy.entrySet().stream()
                .filter(e -> e.getKey() >= stoppedBy)
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
        assertEquals("brokers that acknowledged sends started once the stop had returned",
                Set.of(cluster.brokerName()), afterStopByBroker.keySet());
        long onFirstSinceStop = stream.acknowledgedBy.entrySet().stream()
                .filter(e -> e.getKey() >= stoppedAt && e.getValue().equals(cluster.brokerName())).count();
        await("the first broker stores every send it acknowledged since the stop").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.messagesIn(TOPIC) - firstBrokerBefore >= onFirstSinceStop);
    }
}
