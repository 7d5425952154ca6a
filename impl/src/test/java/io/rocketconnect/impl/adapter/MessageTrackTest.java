package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.MessageTrack;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * Message track against a real broker: one message, three groups of its topic, one that consumed it, one
 * whose tag filter leaves it out, one that went offline before it was sent.
 */
public class MessageTrackTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestBroker broker;

    private Adapter adapter;
    private final List<ConsumerHandle> consumers = new ArrayList<>();

    @BeforeClass
    public static void startBroker() {
        broker = BrokerLine.shared();
    }

    @After
    public void close() {
        consumers.forEach(ConsumerHandle::close);
        if (adapter != null) {
            adapter.close();
        }
    }

    private ConcurrentLinkedQueue<String> consume(String topic, String group, String tags) {
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        consumers.add(adapter.doConsume(group, setup -> {
            setup.subscribe(topic, tags);
            setup.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> received.add(message.getMsgId()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }));
        return received;
    }

    @Test
    public void eachGroupOfTheTopicSaysWhetherItConsumedTheMessage() {
        String topic = "TrackTest_" + System.nanoTime();
        broker.createTopic(topic, 2);
        adapter = new Adapter(AdapterSettings.from(new HashMap<>(Map.of("id", "track", "namesrvAddr", broker.namesrvAddr(),
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
        String consumed = "track-consumed-" + System.nanoTime();
        String filtered = "track-filtered-" + System.nanoTime();
        String offline = "track-offline-" + System.nanoTime();
        ConcurrentLinkedQueue<String> gone = consume(topic, offline, "*");
        String warmUp = adapter.send(RocketmqMessage.to(topic).tags("orders").body("first").build()).messageId();
        await().atMost(WAIT).until(() -> gone.contains(warmUp));
        consumers.remove(0).close();

        ConcurrentLinkedQueue<String> got = consume(topic, consumed, "*");
        consume(topic, filtered, "invoices");
        String msgId = adapter.send(RocketmqMessage.to(topic).tags("orders").body("tracked").build()).messageId();
        await().atMost(WAIT).until(() -> got.contains(msgId));
        RocketmqAdmin admin = adapter.admin();
        await("the consuming group's offset stored on the broker").atMost(WAIT)
                .until(() -> states(admin.track(topic, msgId)).get(consumed) == MessageTrack.State.CONSUMED);

        Map<String, MessageTrack.State> states = states(admin.track(topic, msgId));
        assertEquals(MessageTrack.State.FILTERED, states.get(filtered));
        assertEquals(MessageTrack.State.NOT_CONSUMED_YET, states.get(offline));
        assertEquals("the three groups, no more", 3, states.size());

        String unknown = "7F000001000000000000000000000000"; // an offset id of 127.0.0.1:0, refused at once
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.track(topic, unknown)).getMessage(),
                containsString("no message " + unknown + " in topic " + topic));
    }

    private static Map<String, MessageTrack.State> states(List<MessageTrack> tracks) {
        Map<String, MessageTrack.State> states = new TreeMap<>();
        tracks.forEach(track -> states.put(track.consumerGroup(), track.state()));
        return states;
    }
}
