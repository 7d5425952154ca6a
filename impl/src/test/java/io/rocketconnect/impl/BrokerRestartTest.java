package io.rocketconnect.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.After;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * The broker stops and comes back in the middle of a stream of 20,000 sends through one adapter:
 * every send is answered (SEND_OK or an error to the caller), every acknowledged message is consumed
 * afterwards, and the adapter sends again by itself within 30 s of the broker's return.
 * <p>
 * The broker is this test's own (the shared one must stay up). The stream is paced at 1000 sends a
 * second, as an application sends, so that it outlasts the outage: a failing send is fast, and an
 * unpaced loop would use up the stream before the broker is back.
 */
public class BrokerRestartTest {

    private static final int MESSAGES = 20_000;
    private static final String TOPIC = "RestartTopic";
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private EmbeddedRocketmq broker;
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
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void everyAcknowledgedSendSurvivesABrokerRestartAndTheAdapterRecoversAlone() throws Exception {
        broker = EmbeddedRocketmq.start();
        broker.createTopic(TOPIC, 4);
        adapter = new Adapter(AdapterSettings.from(Map.of("id", "restart", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", "2000", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET")));
        stream = new PacedSends(adapter, TOPIC, MESSAGES, "restart-test-sender");

        await().atMost(Duration.ofMinutes(2)).until(() -> stream.acknowledged.size() >= 5000);
        broker.stopBroker();
        int errorsWhenStopped = stream.errors();
        await("sends fail while the broker is away").atMost(Duration.ofMinutes(1)).until(() -> stream.errors() > errorsWhenStopped);
        int sentBeforeRestart = stream.started();
        broker.restartBroker();
        long restarted = System.nanoTime();
        assertTrue("the stream must outlast the outage to show recovery; it was at " + sentBeforeRestart,
                sentBeforeRestart < MESSAGES - 2000);

        await("an acknowledged send after the restart").atMost(RECOVERY).until(() -> stream.lastAcknowledgedNanos() > restarted);
        Duration recovery = Duration.ofNanos(stream.lastAcknowledgedNanos() - restarted);
        assertTrue("every send answered", stream.awaitAllAnswered(3, TimeUnit.MINUTES));
        assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", stream.unexpected.toString());
        Set<String> acknowledged = stream.acknowledged;
        assertEquals("every send is acknowledged or an error to its caller", MESSAGES, acknowledged.size() + stream.errors());
        assertTrue("the outage was seen by the caller", stream.errors() > 0);

        Set<String> received = ConcurrentHashMap.newKeySet();
        ConsumerHandle consumer = adapter.doConsume("restart-readers", c -> {
            c.subscribe(TOPIC, "*");
            c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        });
        try {
            await("every acknowledged message consumed").atMost(Duration.ofMinutes(2))
                    .until(() -> received.containsAll(acknowledged));
        } finally {
            consumer.close();
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(received);
        assertEquals("acknowledged messages lost", Set.of(), lost);
        assertThat("seconds from the broker's return to the next acknowledged send", recovery.toSeconds(),
                lessThanOrEqualTo(RECOVERY.toSeconds()));
        System.out.printf("BrokerRestartTest: %d acknowledged, %d errors to the caller, 0 lost, sending again %d ms after the restart%n",
                acknowledged.size(), stream.errors(), recovery.toMillis());
    }
}
