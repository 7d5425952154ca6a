package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * A listener that blocks on one message: after consumeTimeout (1 minute here) the client gives the
 * message back to the broker, and it comes again on another consume thread while the first is still
 * blocked in the listener; the other messages go on being consumed all the while.
 * <p>
 * How the 4.9.x client does it (ConsumeMessageConcurrentlyService, ProcessQueue.cleanExpiredMsg): a
 * timer checks every consumeTimeout minutes, the first check one consumeTimeout after the consumer
 * started, whether the oldest message in a queue's process queue began in the listener more than
 * consumeTimeout ago (its CONSUME_START_TIME stamp); if so it sends it back with delay level 3 (10 s on
 * a stock broker). A message delivered after the consumer started is never old enough at the first
 * check, so with the smallest consumeTimeout (1 minute) it comes again only after the second check,
 * about 130 s after the consumer started. The short variant, run in every build, takes the client at
 * its first check instead: the listener moves the message's start stamp back to just before the
 * consumer started (a few seconds), so the message, in the listener for a little under a minute, counts
 * as stuck for a minute then. The soak variant waits for the client's own timing.
 */
public class BlockedListenerTimeoutTest {

    private static final int OTHERS = 20;

    @Test
    public void aMessageStuckForAConsumeTimeoutComesAgainOnAnotherThreadWhileTheFirstIsStillBlocked() throws Exception {
        Outcome outcome = blockOneMessage("blocked-short", "BlockedListenerShort", true, Duration.ofSeconds(90));
        outcome.assertRedeliveredBesideTheBlockedCall();
    }

    @Test
    public void aMessageStuckPastConsumeTimeoutComesAgainAtTheClientsOwnTimeOnAnotherThread() throws Exception {
        assumeTrue("minutes long: mvn verify -Psoak", Boolean.getBoolean("soak"));
        Outcome outcome = blockOneMessage("blocked", "BlockedListenerTopic", false, Duration.ofMinutes(4));
        outcome.assertRedeliveredBesideTheBlockedCall();
        assertThat("in the listener longer than consumeTimeout before it came again",
                outcome.secondAtMillis() - outcome.firstAtMillis(), greaterThan(TimeUnit.MINUTES.toMillis(1)));
    }

    /** One delivery of the stuck message: its thread, when, and whether the first delivery was still blocked then. */
    private record Delivery(String thread, long atMillis, boolean firstStillBlocked) {
    }

    /** The deliveries of the stuck message, the client's stamp on the first, and the other messages consumed. */
    private record Outcome(List<Delivery> deliveries, long stampMillis, Set<String> others) {

        long firstAtMillis() {
            return deliveries.get(0).atMillis();
        }

        long secondAtMillis() {
            return deliveries.get(1).atMillis();
        }

        void assertRedeliveredBesideTheBlockedCall() {
            Delivery first = deliveries.get(0);
            Delivery second = deliveries.get(1);
            System.out.printf("BlockedListenerTimeoutTest: first on %s, again %.1f s later on %s (%.1f s after its stamp), "
                    + "first still blocked: %s; %d others consumed%n", first.thread(),
                    (second.atMillis() - first.atMillis()) / 1000.0, second.thread(),
                    (second.atMillis() - stampMillis) / 1000.0, second.firstStillBlocked(), others.size());
            assertThat("came again on another thread", second.thread(), not(first.thread()));
            assertTrue("came again while the first delivery was still blocked in the listener", second.firstStillBlocked());
            assertThat("given back only once consumeTimeout had passed since its stamp",
                    second.atMillis() - stampMillis, greaterThan(TimeUnit.MINUTES.toMillis(1)));
            assertEquals("the other messages, before and after the timeout", 2 * OTHERS, others.size());
        }
    }

    /**
     * Sends "stuck" and {@value #OTHERS} others to a fresh one-queue topic; the listener blocks on the
     * first delivery of "stuck" until the end. With {@code stampFromConsumerStart}, the listener moves
     * that delivery's CONSUME_START_TIME back to just before the consumer started (see the class comment).
     */
    private static Outcome blockOneMessage(String id, String topic, boolean stampFromConsumerStart, Duration atMost)
            throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic(topic, 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean firstBlocked = new AtomicBoolean();
        Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
        Set<String> others = ConcurrentHashMap.newKeySet();
        AtomicLong stamp = new AtomicLong();
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "consumeTimeout", "1", "consumeThreadMin", "4", "consumeThreadMax", "4",
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET")))) {
            long consumerStarting = System.currentTimeMillis() - 1000;
            try (ConsumerHandle consumer = adapter.doConsume(id + "-readers", c -> {
                c.subscribe(topic, "*");
                c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    for (MessageExt message : messages) {
                        String body = new String(message.getBody(), UTF_8);
                        if (!body.equals("stuck")) {
                            others.add(body);
                            continue;
                        }
                        boolean first = deliveries.isEmpty();
                        deliveries.add(new Delivery(Thread.currentThread().getName(), System.currentTimeMillis(), firstBlocked.get()));
                        if (first) {
                            if (stampFromConsumerStart) {
                                MessageAccessor.setConsumeStartTimeStamp(message, String.valueOf(consumerStarting));
                            }
                            stamp.set(Long.parseLong(MessageAccessor.getConsumeStartTimeStamp(message)));
                            firstBlocked.set(true);
                            try {
                                release.await(); // blocks until the test ends, as a hung call would
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                firstBlocked.set(false);
                            }
                        }
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
            })) {
                adapter.send(RocketmqMessage.to(topic).body("stuck").build());
                for (int i = 0; i < OTHERS; i++) {
                    adapter.send(RocketmqMessage.to(topic).body("other-" + i).build());
                }
                await("the others, beside the blocked listener").atMost(Duration.ofSeconds(30)).until(() -> others.size() == OTHERS);
                await("the stuck message, again, after consumeTimeout").atMost(atMost).until(() -> deliveries.size() >= 2);
                for (int i = OTHERS; i < 2 * OTHERS; i++) {
                    adapter.send(RocketmqMessage.to(topic).body("other-" + i).build());
                }
                await("more, after the timeout").atMost(Duration.ofSeconds(30)).until(() -> others.size() == 2 * OTHERS);
            } finally {
                release.countDown();
            }
        }
        return new Outcome(List.copyOf(deliveries), stamp.get(), Set.copyOf(others));
    }
}
