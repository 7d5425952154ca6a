package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.ChildProcessRocketmq;

/**
 * Two 4.9.7 brokers serve a topic, each in a process of its own; one is killed with SIGKILL (so the
 * NameServer still lists it) in the middle of a stream of sends through an adapter with
 * {@code sendLatencyFaultEnable}: the stream goes on through the other broker, with under 1% of the
 * sends failing once the first seconds after the kill are over, and every send the survivor
 * acknowledged after the kill can be consumed.
 */
public class BrokerFailoverTest {

    private static final int MESSAGES = 12_000;
    private static final String TOPIC = "FailoverTopic";
    /** "After the first seconds": the client learns that the dead broker is dead from a failed send. */
    private static final int FIRST_SECONDS_OF_SENDS = 3000;

    @Rule
    public final ClosedAfterEachTest closed = new ClosedAfterEachTest();

    @Test
    public void sendingGoesOnThroughTheOtherBrokerWhenOneIsKilled() throws Exception {
        ChildProcessRocketmq cluster = closed.add(ChildProcessRocketmq.start(BrokerLine.V4_9));
        String survivor = cluster.addBroker();
        String killed = cluster.brokerName();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> cluster.createTopic(TOPIC, 2));
        Adapter adapter = closed.add(new Adapter(AdapterSettings.from(Map.of("id", "failover", "namesrvAddr", cluster.namesrvAddr(),
                "sendLatencyFaultEnable", "true", "sendMsgTimeout", "2000", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
        await("a route through both brokers").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> adapter.send(RocketmqMessage.to(TOPIC).body("first").build()).status() == SendReceipt.Status.SEND_OK);
        PacedSends stream = closed.add(new PacedSends(adapter, TOPIC, MESSAGES, "failover-test-sender"));

        await().atMost(Duration.ofMinutes(1)).until(() -> stream.acknowledgedBy.size() >= 2000);
        assertEquals("both brokers took sends before the kill", Set.of(killed, survivor), Set.copyOf(stream.acknowledgedBy.values()));
        cluster.killBroker();
        int killedAt = stream.started(); // sends before this may have been acknowledged by the killed broker
        assertTrue("every send answered", stream.awaitAllAnswered(2, TimeUnit.MINUTES));
        assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", stream.unexpected.toString());

        int afterKill = MESSAGES - killedAt;
        int settledFrom = killedAt + FIRST_SECONDS_OF_SENDS;
        long errorsAfterKill = stream.failed.stream().filter(i -> i >= killedAt).count();
        long errorsOnceSettled = stream.failed.stream().filter(i -> i >= settledFrom).count();
        double errorRate = errorsOnceSettled / (double) (MESSAGES - settledFrom);
        System.out.printf("BrokerFailoverTest: %d sends after the kill, %d errors (%d after the first %d sends, %.2f%%)%n",
                afterKill, errorsAfterKill, errorsOnceSettled, FIRST_SECONDS_OF_SENDS, errorRate * 100);
        assertTrue("the stream went on after the kill: " + afterKill + " sends", afterKill > FIRST_SECONDS_OF_SENDS + 2000);
        assertThat("error rate once the first seconds after the kill are over", errorRate, lessThan(0.01));

        Map<String, Long> afterKillByBroker = stream.acknowledgedBy.entrySet().stream().filter(e -> e.getKey() >= killedAt)
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
        assertEquals("brokers that acknowledged sends started after the kill", Set.of(survivor), afterKillByBroker.keySet());
        Set<String> onSurvivor = stream.acknowledgedBy.entrySet().stream().filter(e -> e.getValue().equals(survivor))
                .map(e -> "m-" + e.getKey()).collect(Collectors.toSet());
        assertEquals("messages the survivor acknowledged and never delivered", Set.of(),
                PacedSends.neverConsumed(adapter, TOPIC, "failover-readers", onSurvivor, Duration.ofMinutes(2)));
    }
}
