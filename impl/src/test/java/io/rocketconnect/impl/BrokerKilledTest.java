package io.rocketconnect.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.After;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.testbroker.ChildProcessRocketmq;

/**
 * The broker process is killed with SIGKILL in the middle of a stream of sends (no shutdown, no
 * flush, still registered with the NameServer) and started again on its store: every send is
 * answered, every acknowledged message is consumed afterwards, and the adapter sends again by itself
 * within 30 s of the broker's return. The brokers run in child JVMs, since only a process can be
 * killed: a 4.9.7 one from the test's class path and a 5.x one.
 */
public class BrokerKilledTest {

    private static final int MESSAGES = 30_000;
    private static final String TOPIC = "KilledTopic";
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private ChildProcessRocketmq broker;
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
    public void aFourXBroker() throws Exception {
        broker = ChildProcessRocketmq.startFromTestClassPath();
        everyAcknowledgedSendSurvivesKillNineOfTheBrokerAndTheAdapterRecoversAlone("4.9.7");
    }

    @Test
    public void aFiveXBroker() throws Exception {
        broker = ChildProcessRocketmq.start(Path.of(System.getProperty("broker5.lib")));
        everyAcknowledgedSendSurvivesKillNineOfTheBrokerAndTheAdapterRecoversAlone("5.x");
    }

    private void everyAcknowledgedSendSurvivesKillNineOfTheBrokerAndTheAdapterRecoversAlone(String line) throws Exception {
        adapter = new Adapter(AdapterSettings.from(Map.of("id", "killed", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", "2000", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET")));
        // The topic comes with its first message, once the broker has registered with the NameServer.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(e -> e.getMessage().contains("No route info"))
                .until(() -> adapter.send(RocketmqMessage.to(TOPIC).body("first").build()).getSendStatus() == SendStatus.SEND_OK);
        stream = new PacedSends(adapter, TOPIC, MESSAGES, "killed-test-sender");

        await().atMost(Duration.ofMinutes(2)).until(() -> stream.acknowledged.size() >= 5000);
        broker.killBroker();
        int errorsWhenKilled = stream.errors();
        await("sends fail while the broker is dead").atMost(Duration.ofMinutes(1)).until(() -> stream.errors() > errorsWhenKilled);
        broker.startBroker();
        long restarted = System.nanoTime();
        int sentBeforeRestart = stream.started();
        assertTrue("the stream must outlast the outage to show recovery; it was at " + sentBeforeRestart,
                sentBeforeRestart < MESSAGES - 2000);

        await("an acknowledged send after the restart").atMost(RECOVERY).until(() -> stream.lastAcknowledgedNanos() > restarted);
        Duration recovery = Duration.ofNanos(stream.lastAcknowledgedNanos() - restarted);
        assertTrue("every send answered", stream.awaitAllAnswered(3, TimeUnit.MINUTES));
        assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", stream.unexpected.toString());
        Set<String> acknowledged = stream.acknowledged;
        assertEquals("every send is acknowledged or an error to its caller", MESSAGES, acknowledged.size() + stream.errors());

        Set<String> received = ConcurrentHashMap.newKeySet();
        try (ConsumerHandle consumer = adapter.doConsume("killed-readers", c -> {
            c.subscribe(TOPIC, "*");
            c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await("every acknowledged message consumed").atMost(Duration.ofMinutes(2))
                    .until(() -> received.containsAll(acknowledged));
        } finally {
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(received);
            System.out.printf("BrokerKilledTest (" + line + "): %d acknowledged, %d errors to the caller, %d lost, sending again %d ms after the restart%n",
                    acknowledged.size(), stream.errors(), lost.size(), recovery.toMillis());
        }
        assertThat("seconds from the broker's return to the next acknowledged send", recovery.toSeconds(),
                lessThanOrEqualTo(RECOVERY.toSeconds()));
    }
}
