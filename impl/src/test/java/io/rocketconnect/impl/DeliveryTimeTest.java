package io.rocketconnect.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.testbroker.ChildProcessRocketmq;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/** deliverAt: honoured by a RocketMQ 5 broker (child JVM), refused by name for a 4.x broker. */
public class DeliveryTimeTest {

    @Test
    public void fourXBrokerIsRefusedBeforeTheWireBecauseItWouldDeliverAtOnce() {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("DeliveryTime4x", 1);
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "four", "namesrvAddr", broker.namesrvAddr())))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter.send(
                    RocketmqMessage.to("DeliveryTime4x").body("later").deliverAt(Instant.now().plusSeconds(5)).build()));
            assertThat(e.getMessage(), containsString("runs RocketMQ V4_9_"));
            assertThat(e.getMessage(), containsString("deliverAt needs 5.0 or newer"));
            // A valid marker is indexed after anything stored before it: exactly one means the refused one was not sent.
            adapter.send(RocketmqMessage.to("DeliveryTime4x").body("marker").build());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("DeliveryTime4x") >= 1);
        assertEquals("only the marker was stored", 1, broker.messagesIn("DeliveryTime4x"));
    }

    @Test
    public void delayLevelAndDeliveryTimeDoNotMix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                RocketmqMessage.to("T").body("x").delayLevel(2).deliverAt(Instant.now()).build());
        assertThat(e.getMessage(), containsString("not both"));
    }

    @Test
    public void fiveXBrokerDeliversAtTheRequestedTime() {
        try (ChildProcessRocketmq broker = ChildProcessRocketmq.start(Path.of(System.getProperty("broker5.lib")));
                Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "five", "namesrvAddr", broker.namesrvAddr(),
                        "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET")))) {
            // The topic comes into being with its first (plain) message. Right after "boot success" the
            // broker may not have registered with the NameServer yet: "No route info" means nothing was
            // stored, so that first send is retried until the route exists.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(e -> e.getMessage().contains("No route info"))
                    .until(() -> adapter.send(RocketmqMessage.to("DeliveryTime5x").body("now").build())
                            .getSendStatus() == SendStatus.SEND_OK);
            Instant[] due = new Instant[1];
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(e -> e.getMessage().contains("has no route"))
                    .until(() -> {
                        due[0] = Instant.now().plusSeconds(4);
                        return adapter.send(RocketmqMessage.to("DeliveryTime5x").body("at the time")
                                .deliverAt(due[0]).build()).getSendStatus() == SendStatus.SEND_OK;
                    });
            List<String> order = new CopyOnWriteArrayList<>();
            List<Instant> arrivals = new CopyOnWriteArrayList<>();
            try (ConsumerHandle handle = adapter.doConsume("delivery-time", consumer -> {
                consumer.subscribe("DeliveryTime5x", "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    messages.forEach(m -> {
                        order.add(new String(m.getBody(), UTF_8));
                        arrivals.add(Instant.now());
                    });
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
            })) {
                await().atMost(Duration.ofSeconds(60)).until(() -> order.contains("at the time"));
            }
            assertEquals(List.of("now", "at the time"), order);
            // The timer works to the second.
            assertThat(arrivals.get(1).toEpochMilli(), greaterThanOrEqualTo(due[0].toEpochMilli() - 1000));
        }
    }
}
