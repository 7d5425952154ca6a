package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.client.ListenerWhiteboard;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * What depends on the broker's line or settings, against the line that {@code -Dbroker.line} selects:
 * delivery at a given time (RocketMQ 5 only, refused by name before the wire for 4.x) and SQL92
 * selectors (any line, when the broker has enablePropertyFilter=true; a clear error when it has not).
 */
public class BrokerFeaturesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Rule
    public final ClosedAfterEachTest closed = new ClosedAfterEachTest();

    private final BrokerLine line = BrokerLine.selected();

    private Adapter adapter(TestBroker broker) {
        return closed.add(new Adapter(AdapterSettings.from(Map.of("id", "features", "namesrvAddr", broker.namesrvAddr(),
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
    }

    @Test
    public void deliverAtIsHonouredByFiveAndRefusedByNameByFour() {
        TestBroker broker = BrokerLine.shared();
        String topic = "DeliveryTime" + System.nanoTime();
        broker.createTopic(topic, 1);
        Adapter adapter = adapter(broker);
        adapter.send(RocketmqMessage.to(topic).body("now").build());
        if (!line.isFive()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter.send(
                    RocketmqMessage.to(topic).body("later").deliverAt(Instant.now().plusSeconds(5)).build()));
            assertThat(e.getMessage(), containsString("runs RocketMQ V" + line.version().replace('.', '_').substring(0, 3)));
            assertThat(e.getMessage(), containsString("deliverAt needs 5.0 or newer"));
            // A valid marker is indexed after anything stored before it: two means the refused one was not sent.
            adapter.send(RocketmqMessage.to(topic).body("marker").build());
            await().atMost(WAIT).until(() -> broker.messagesIn(topic) >= 2);
            assertEquals("only 'now' and the marker were stored", 2, broker.messagesIn(topic));
            return;
        }
        Instant due = Instant.now().plusSeconds(4);
        assertEquals(SendReceipt.Status.SEND_OK, adapter.send(RocketmqMessage.to(topic).body("at the time").deliverAt(due).build())
                .status());
        List<String> order = new CopyOnWriteArrayList<>();
        List<Instant> arrivals = new CopyOnWriteArrayList<>();
        closed.add(adapter.doConsume("delivery-time", consumer -> {
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> {
                    order.add(new String(m.getBody(), UTF_8));
                    arrivals.add(Instant.now());
                });
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }));
        await().atMost(WAIT).until(() -> order.contains("at the time"));
        assertEquals(List.of("now", "at the time"), order);
        // The timer works to the second.
        assertThat(arrivals.get(1).toEpochMilli(), greaterThanOrEqualTo(due.toEpochMilli() - 1000));
    }

    @Test
    public void delayLevelAndDeliveryTimeDoNotMix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                RocketmqMessage.to("T").body("x").delayLevel(2).deliverAt(Instant.now()).build());
        assertThat(e.getMessage(), containsString("not both"));
    }

    @Test
    public void sql92ListenerGetsOnlyTheMatchingMessagesWhenTheBrokerFiltersByProperty() {
        TestBroker broker = BrokerLine.shared(); // started with enablePropertyFilter=true
        String topic = "Sql92Topic" + System.nanoTime();
        broker.createTopic(topic, 2);
        Adapter adapter = adapter(broker);
        ListenerWhiteboard whiteboard = new ListenerWhiteboard();
        closed.add(whiteboard::deactivate);
        whiteboard.addAdapter(adapter, Map.of("service.id", 1L, "adapter.id", "features"));
        List<String> received = new CopyOnWriteArrayList<>();
        whiteboard.addListener(null, message -> received.add(new String(message.getBody(), UTF_8)),
                Map.of("service.id", 2L, "adapter.id", "features", RocketmqListener.TOPIC, topic,
                        RocketmqListener.CONSUMER_GROUP, "sql92-group", RocketmqListener.SELECTOR_TYPE, "SQL92",
                        RocketmqListener.SELECTOR, "region = 'eu' AND amount > 100",
                        RocketmqListener.CONSUME_FROM, "CONSUME_FROM_FIRST_OFFSET"));
        assertEquals("the listener is subscribed", List.of("consumer sql92-group"), adapter.runningClients());
        adapter.send(RocketmqMessage.to(topic).property("region", "us").property("amount", "500").body("us-500").build());
        adapter.send(RocketmqMessage.to(topic).property("region", "eu").property("amount", "50").body("eu-50").build());
        adapter.send(RocketmqMessage.to(topic).property("region", "eu").property("amount", "500").body("eu-500").build());
        adapter.send(RocketmqMessage.to(topic).property("region", "eu").property("amount", "101").body("eu-101").build());
        await().atMost(WAIT).until(() -> received.size() >= 2);
        // The two others were sent before eu-101: had the broker let them through, they would be here by now.
        assertEquals(List.of("eu-101", "eu-500"), received.stream().sorted().toList());
    }

    @Test
    public void sql92ConsumerOnABrokerWithoutPropertyFilterFailsNamingTheSetting() {
        TestBroker broker = closed.add(line.start(null, "enablePropertyFilter=false"));
        String topic = "Sql92Refused";
        broker.createTopic(topic, 1);
        Adapter adapter = adapter(broker);
        RocketmqException e = assertThrows(RocketmqException.class, () -> adapter.doConsume("sql92-refused", consumer -> {
            consumer.subscribe(topic, MessageSelector.bySql("region = 'eu'"));
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) ->
                    ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        }));
        assertThat(e.getMessage(), containsString("SQL92 selectors need enablePropertyFilter=true in the broker's configuration"));
        assertEquals("nothing is left running", List.of(), adapter.runningClients());
    }
}
