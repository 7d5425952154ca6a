package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * A listener that blocks on one message: after consumeTimeout (1 minute here; the client checks once
 * a consumeTimeout) the client gives the message back to the broker and it comes again to a free
 * thread, while the other messages go on being consumed. Minutes long, so it runs with -Psoak only.
 */
public class BlockedListenerTimeoutTest {

    private static final String TOPIC = "BlockedListenerTopic";

    @Test
    public void aMessageStuckInAListenerComesAgainAfterConsumeTimeoutAndTheOthersFlow() throws Exception {
        assumeTrue("minutes long: mvn verify -Psoak", Boolean.getBoolean("soak"));
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic(TOPIC, 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckDeliveries = new AtomicInteger();
        Set<String> others = ConcurrentHashMap.newKeySet();
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "blocked", "namesrvAddr", broker.namesrvAddr(),
                "consumeTimeout", "1", "consumeThreadMin", "4", "consumeThreadMax", "4",
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET")))) {
            try (ConsumerHandle consumer = adapter.doConsume("blocked-readers", c -> {
                c.subscribe(TOPIC, "*");
                c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    for (var message : messages) {
                        String body = new String(message.getBody(), UTF_8);
                        if (!body.equals("stuck")) {
                            others.add(body);
                        } else if (stuckDeliveries.incrementAndGet() == 1) {
                            try {
                                release.await(); // blocks until the test ends, as a hung call would
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
            })) {
                adapter.send(RocketmqMessage.to(TOPIC).body("stuck").build());
                for (int i = 0; i < 20; i++) {
                    adapter.send(RocketmqMessage.to(TOPIC).body("other-" + i).build());
                }
                await("the others, beside the blocked listener").atMost(Duration.ofSeconds(30)).until(() -> others.size() == 20);
                await("the stuck message, again, after consumeTimeout").atMost(Duration.ofMinutes(4))
                        .until(() -> stuckDeliveries.get() >= 2);
                for (int i = 20; i < 40; i++) {
                    adapter.send(RocketmqMessage.to(TOPIC).body("other-" + i).build());
                }
                await("more, after the timeout").atMost(Duration.ofSeconds(30)).until(() -> others.size() == 40);
            } finally {
                release.countDown();
            }
        }
        assertEquals(40, others.size());
    }
}
