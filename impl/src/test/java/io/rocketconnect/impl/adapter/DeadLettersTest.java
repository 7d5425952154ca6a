package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * Dead letters against a real broker: a listener that always throws fills its group's DLQ; the list shows
 * each message as sent with the number of attempts the listener saw; resending one, then all not yet
 * resent, brings each back to the now healthy listener exactly once, with the resend property.
 */
public class DeadLettersTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_RECONSUME = 2;
    private static TestBroker broker;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Adapter adapter;
    private ConsumerHandle consumer;

    @BeforeClass
    public static void startBroker() {
        broker = BrokerLine.shared();
    }

    @After
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
        if (adapter != null) {
            adapter.close();
        }
    }

    @Test
    public void failedMessagesAreListedWithTheirAttemptsAndEachResendArrivesOnce() {
        String topic = "DlqTest" + COUNTER.incrementAndGet() + "_" + System.nanoTime();
        String group = "dlq-group-" + COUNTER.get() + "-" + System.nanoTime();
        broker.createTopic(topic, 2);
        adapter = new Adapter(AdapterSettings.from(new HashMap<>(Map.of("id", "dlq", "namesrvAddr", broker.namesrvAddr(),
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET", "maxReconsumeTimes", String.valueOf(MAX_RECONSUME)))));
        AtomicBoolean failing = new AtomicBoolean(true);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<MessageExt> delivered = new ConcurrentLinkedQueue<>();
        consumer = adapter.doConsume(group, setup -> {
            setup.subscribe(topic, "*");
            setup.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                for (MessageExt message : messages) {
                    if (failing.get()) {
                        attempts.computeIfAbsent(message.getMsgId(), id -> new AtomicInteger()).incrementAndGet();
                        throw new IllegalStateException("listener fails on purpose");
                    }
                    delivered.add(message);
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        });
        List<String> sent = List.of("alpha", "beta", "gamma").stream().map(body -> adapter.send(RocketmqMessage.to(topic)
                .tags("orders").keys("key-" + body).property("region", "eu").body(body).build()).messageId()).toList();
        RocketmqAdmin admin = adapter.admin();

        List<DeadLetter> letters = await("all three in the DLQ").atMost(WAIT).until(() -> deadLettersOrNone(admin, group),
                list -> list.size() == 3);
        assertEquals("the dead letters keep the ids the sender got", sent.stream().sorted().toList(),
                letters.stream().map(DeadLetter::msgId).sorted().toList());
        for (DeadLetter letter : letters) {
            assertEquals(topic, letter.originalTopic());
            assertEquals("orders", letter.tags());
            assertEquals(1, letter.keys().size());
            assertThat(letter.keys().get(0), containsString("key-"));
            assertEquals("the reconsume count is the attempts the listener saw", attempts.get(letter.msgId()).get(),
                    letter.reconsumeTimes());
            assertNull("nothing resent yet", letter.resentAt());
        }

        failing.set(false);
        DeadLetter first = letters.get(0);
        String unknown = "0123456789ABCDEF0123456789ABCDEF";
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.resendDeadLetters(group, List.of(first.msgId(), unknown)))
                .getMessage(), containsString("message " + unknown + " is not in %DLQ%" + group));
        assertEquals("a refused resend sent nothing, not even the good id", List.of(), resent(admin, group));
        List<DeadLetter> resentOne = admin.resendDeadLetters(group, List.of(first.msgId()));
        assertNotNull(resentOne.get(0).resentAt());
        await("the one resent is listed as resent").atMost(WAIT).until(() -> resent(admin, group), ids -> ids.size() == 1);

        List<String> rest = admin.deadLetters(group, 100).stream().filter(letter -> letter.resentAt() == null)
                .map(DeadLetter::msgId).toList();
        assertEquals("'all' means the two not yet resent", 2, rest.size());
        admin.resendDeadLetters(group, rest);

        await("each dead letter delivered once more").atMost(WAIT).until(() -> delivered.size() >= 3);
        await("and no more than once").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 3);
        Map<String, List<MessageExt>> byId = delivered.stream().collect(Collectors.groupingBy(MessageExt::getMsgId));
        assertEquals(sent.stream().sorted().toList(), byId.keySet().stream().sorted().toList());
        for (List<MessageExt> copies : byId.values()) {
            MessageExt copy = copies.get(0);
            assertNotNull("the resend property", copy.getUserProperty(DeadLetter.RESENT_PROPERTY));
            Instant.parse(copy.getUserProperty(DeadLetter.RESENT_PROPERTY));
            assertEquals("orders", copy.getTags());
            assertEquals("eu", copy.getUserProperty("region"));
            assertEquals("key-" + new String(copy.getBody(), UTF_8), copy.getKeys());
        }
        assertEquals("every dead letter listed as resent", 3, resent(admin, group).size());
    }

    @Test
    public void badArgumentsAreRefusedByNameAndNothingIsSent() {
        adapter = new Adapter(AdapterSettings.from(Map.of("id", "dlq-bad", "namesrvAddr", broker.namesrvAddr())));
        RocketmqAdmin admin = adapter.admin();
        String group = "no-dlq-group-" + System.nanoTime();
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.deadLetters(group, 10)).getMessage(),
                containsString("has no dead letters"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.resendDeadLetters(group, List.of("not-an-id")))
                .getMessage(), containsString("'not-an-id' is malformed"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.deadLetters(group, 0)).getMessage(),
                containsString("max 0 is not in 1..1000"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.resendDeadLetters(group, List.of()))
                .getMessage(), containsString("no message id"));
    }

    private static List<DeadLetter> deadLettersOrNone(RocketmqAdmin admin, String group) {
        try {
            return admin.deadLetters(group, 100);
        } catch (IllegalArgumentException e) {
            return List.of(); // no DLQ topic before the first dead letter
        }
    }

    private static List<String> resent(RocketmqAdmin admin, String group) {
        return admin.deadLetters(group, 100).stream().filter(letter -> letter.resentAt() != null).map(DeadLetter::msgId).toList();
    }
}
