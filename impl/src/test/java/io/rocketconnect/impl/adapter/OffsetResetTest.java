package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.admin.ConsumeStats;
import org.apache.rocketmq.common.admin.TopicStatsTable;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.OffsetReset;
import io.rocketconnect.api.OffsetReset.QueueChange;
import io.rocketconnect.api.OffsetReset.Target;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqAdmin.QueueOffsets;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * Offset resets, browse and count against a real broker, each cross-checked with RocketMQ's own admin
 * tool ({@link DefaultMQAdminExt}) in the same JVM: the preview's figures are what then happens.
 */
public class OffsetResetTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static TestBroker broker;
    private static DefaultMQAdminExt mqadmin;

    private Adapter adapter;
    private final List<ConsumerHandle> consumers = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        broker = BrokerLine.shared();
        mqadmin = new DefaultMQAdminExt();
        mqadmin.setNamesrvAddr(broker.namesrvAddr());
        mqadmin.setInstanceName("offset-reset-test-" + System.nanoTime());
        mqadmin.start();
    }

    @AfterClass
    public static void stop() {
        mqadmin.shutdown();
    }

    @After
    public void close() {
        consumers.forEach(ConsumerHandle::close);
        if (adapter != null) {
            adapter.close();
        }
    }

    private String newTopic() {
        String topic = "ResetTest" + COUNTER.incrementAndGet() + "_" + System.nanoTime();
        broker.createTopic(topic, 2);
        return topic;
    }

    private Adapter adapter() {
        adapter = new Adapter(AdapterSettings.from(new HashMap<>(Map.of("id", "reset", "namesrvAddr", broker.namesrvAddr(),
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
        return adapter;
    }

    private ConcurrentLinkedQueue<String> consume(String topic, String group) {
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        consumers.add(adapter.doConsume(group, setup -> {
            setup.subscribe(topic, "*");
            setup.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> received.add(new String(message.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }));
        return received;
    }

    private List<String> send(String topic, String prefix, int count) {
        List<String> bodies = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        bodies.forEach(body -> adapter.send(RocketmqMessage.to(topic).body(body).build()));
        return bodies;
    }

    @Test
    public void resetToATimeReplaysExactlyTheMessagesStoredAfterItToAnOnlineGroup() {
        String topic = newTopic();
        String group = "reset-online-" + System.nanoTime();
        adapter();
        ConcurrentLinkedQueue<String> received = consume(topic, group);
        List<String> before = send(topic, "before-", 6);
        await().atMost(WAIT).until(() -> received.size() == 6);
        // The reset time: after every "before" message was stored, before any "after" one is, and nearer
        // the first "after" message (the broker's reset of an online group goes to the nearest message).
        long lastStored = adapter.admin().newest(topic, 6).get(0).getStoreTimestamp();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > lastStored + 1500);
        Instant resetTime = Instant.now();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > resetTime.toEpochMilli() + 1);
        List<String> after = send(topic, "after-", 5);
        await().atMost(WAIT).until(() -> received.size() == 11);
        await("the group's offsets stored on the broker").atMost(WAIT)
                .until(() -> adapter.admin().consumerProgress(group).stream().mapToLong(RocketmqAdmin.QueueProgress::lag).sum() == 0);

        RocketmqAdmin admin = adapter.admin();
        OffsetReset preview = admin.previewOffsetReset(group, topic, Target.at(resetTime));
        assertTrue("the group is online", preview.online());
        assertEquals("the preview counts the messages stored after the time", 5, preview.replayed());
        assertEquals(0, preview.skipped());
        for (QueueChange queue : preview.queues()) {
            assertEquals("the preview's new offset is the one RocketMQ's tool finds for the time", searchOffset(topic, queue,
                    resetTime.toEpochMilli()), queue.newOffset());
        }

        OffsetReset made = admin.resetOffsets(group, topic, Target.at(resetTime));
        assertEquals("the reset did what the preview said", newOffsets(preview), newOffsets(made));
        await("the replayed messages arrive again").atMost(WAIT).until(() -> received.size() >= 16);
        await("and nothing else").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> received.size() == 16);
        Map<String, Long> counts = received.stream().collect(Collectors.groupingBy(body -> body, Collectors.counting()));
        before.forEach(body -> assertEquals(body + " consumed once", Long.valueOf(1), counts.get(body)));
        after.forEach(body -> assertEquals(body + " consumed twice", Long.valueOf(2), counts.get(body)));
    }

    @Test
    public void resetToLatestSkipsTheBacklogOfAnOfflineGroupAsRocketmqsToolReadsIt() throws Exception {
        String topic = newTopic();
        String group = "reset-offline-" + System.nanoTime();
        adapter();
        ConcurrentLinkedQueue<String> received = consume(topic, group);
        send(topic, "seen-", 4);
        await().atMost(WAIT).until(() -> received.size() == 4);
        consumers.remove(0).close(); // persists its offsets and leaves: the group is offline
        send(topic, "backlog-", 7);

        RocketmqAdmin admin = adapter.admin();
        OffsetReset preview = admin.previewOffsetReset(group, topic, Target.LATEST);
        assertFalse("the group is offline", preview.online());
        assertEquals("the preview skips the backlog", 7, preview.skipped());
        OffsetReset made = admin.resetOffsets(group, topic, Target.LATEST);
        assertEquals(newOffsets(preview), newOffsets(made));

        ConsumeStats stats = mqadmin.examineConsumeStats(group, topic);
        Map<String, Long> toolOffsets = new TreeMap<>();
        stats.getOffsetTable().forEach((queue, offsets) -> toolOffsets.put(queue.getBrokerName() + "/" + queue.getQueueId(),
                offsets.getConsumerOffset()));
        assertEquals("RocketMQ's tool reads the offsets the reset reports", newOffsets(made), toolOffsets);

        ConcurrentLinkedQueue<String> again = consume(topic, group);
        send(topic, "new-", 2);
        await().atMost(WAIT).until(() -> again.size() >= 2);
        await("the backlog stays skipped").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> again.stream().sorted().toList().equals(List.of("new-0", "new-1")));
    }

    /**
     * The broker's search by time lands on the nearest message: for a time after a queue's last message,
     * that last message. An offline group goes to the first message stored at or after the time instead,
     * so a time after every message replays nothing, and one before the last message of each queue
     * replays exactly what was stored after it.
     */
    @Test
    public void resetOfAnOfflineGroupToATimeGoesToTheFirstMessageStoredAtOrAfterIt() throws Exception {
        String topic = newTopic();
        String group = "reset-offline-time-" + System.nanoTime();
        adapter();
        ConcurrentLinkedQueue<String> received = consume(topic, group);
        send(topic, "early-", 6);
        await().atMost(WAIT).until(() -> received.size() == 6);
        long lastEarly = adapter.admin().newest(topic, 1).get(0).getStoreTimestamp();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > lastEarly + 1);
        Instant middle = Instant.now();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > middle.toEpochMilli() + 1);
        List<String> late = send(topic, "late-", 4);
        await().atMost(WAIT).until(() -> received.size() == 10);
        consumers.remove(0).close();
        long lastLate = adapter.admin().newest(topic, 1).get(0).getStoreTimestamp();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > lastLate + 1);
        Instant afterAll = Instant.now();

        RocketmqAdmin admin = adapter.admin();
        OffsetReset none = admin.previewOffsetReset(group, topic, Target.at(afterAll));
        assertFalse(none.online());
        assertEquals("a time after every message replays nothing", 0, none.replayed());
        OffsetReset made = admin.resetOffsets(group, topic, Target.at(middle));
        assertEquals("a time between replays what was stored after it", late.size(), made.replayed());

        ConcurrentLinkedQueue<String> again = consume(topic, group);
        await().atMost(WAIT).until(() -> again.size() >= late.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> again.stream().sorted().toList().equals(late));
    }

    @Test
    public void resetToEarliestOfAnOfflineGroupReplaysEverything() {
        String topic = newTopic();
        String group = "reset-earliest-" + System.nanoTime();
        adapter();
        ConcurrentLinkedQueue<String> received = consume(topic, group);
        List<String> bodies = send(topic, "m-", 5);
        await().atMost(WAIT).until(() -> received.size() == 5);
        consumers.remove(0).close();

        OffsetReset made = adapter.admin().resetOffsets(group, topic, Target.EARLIEST);
        assertEquals(5, made.replayed());
        ConcurrentLinkedQueue<String> again = consume(topic, group);
        await().atMost(WAIT).until(() -> again.size() >= 5);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> again.stream().sorted().toList().equals(bodies));
    }

    @Test
    public void browseAndCountMoveNoOffsetAndCountAsRocketmqsToolDoes() throws Exception {
        String topic = newTopic();
        String group = "browse-" + System.nanoTime();
        adapter();
        ConcurrentLinkedQueue<String> received = consume(topic, group);
        send(topic, "b-", 10);
        await().atMost(WAIT).until(() -> received.size() == 10);
        consumers.remove(0).close();
        RocketmqAdmin admin = adapter.admin();
        List<RocketmqAdmin.QueueProgress> progress = admin.consumerProgress(group);

        List<QueueOffsets> counts = admin.topicStatus(topic);
        TopicStatsTable tool = mqadmin.examineTopicStats(topic);
        long toolTotal = tool.getOffsetTable().values().stream().mapToLong(o -> o.getMaxOffset() - o.getMinOffset()).sum();
        assertEquals("our count is the tool's max - min", toolTotal, counts.stream().mapToLong(QueueOffsets::messages).sum());
        assertEquals(10, toolTotal);

        QueueOffsets queue = counts.get(0);
        List<MessageExt> browsed = admin.browse(topic, null, queue.queueId(), queue.minOffset(), 100);
        assertEquals(queue.messages(), browsed.size());
        for (int i = 0; i < browsed.size(); i++) {
            assertEquals("in offset order", queue.minOffset() + i, browsed.get(i).getQueueOffset());
        }
        admin.newest(topic, 5);
        assertEquals("browsing moved no offset", progress, admin.consumerProgress(group));
    }

    @Test
    public void badArgumentsAreRefusedByNameAndChangeNothing() {
        String topic = newTopic();
        adapter();
        RocketmqAdmin admin = adapter.admin();
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> admin.resetOffsets("no-such-group-" + System.nanoTime(), topic, Target.LATEST)).getMessage(),
                containsString("has no offsets on topic " + topic));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> admin.previewOffsetReset("g", topic, Target.at(Instant.now().plusSeconds(3600)))).getMessage(),
                containsString("is in the future"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.browse(topic, null, 7, 0, 10)).getMessage(),
                containsString("has no queue 7"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.browse(topic, null, 0, 5, 10)).getMessage(),
                containsString("offset 5 is outside queue 0"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.track(topic, "xyz")).getMessage(),
                containsString("'xyz' is malformed"));
    }

    private static Map<String, Long> newOffsets(OffsetReset reset) {
        Map<String, Long> offsets = new TreeMap<>();
        reset.queues().forEach(queue -> offsets.put(queue.brokerName() + "/" + queue.queueId(), queue.newOffset()));
        return offsets;
    }

    private static long searchOffset(String topic, QueueChange queue, long timestamp) {
        try {
            return mqadmin.searchOffset(new org.apache.rocketmq.common.message.MessageQueue(topic, queue.brokerName(), queue.queueId()),
                    timestamp);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
