package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.MDC;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.client.ListenerWhiteboard;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/** Every send style, the message checks, requestId and the whiteboard, against a real broker. */
public class AdapterApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestBroker broker;
    private static int topicCounter;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Adapter adapter;

    @BeforeClass
    public static void startBroker() {
        broker = BrokerLine.shared();
    }

    @After
    public void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        if (adapter != null) {
            adapter.close();
        }
        MDC.clear();
    }

    private Adapter adapter(Object... more) {
        Map<String, Object> config = new HashMap<>(Map.of("id", "api", "namesrvAddr", broker.namesrvAddr(),
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"));
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        adapter = new Adapter(AdapterSettings.from(config));
        return adapter;
    }

    private static synchronized String newTopic(int queues) {
        String topic = "ApiTest" + (++topicCounter) + "_" + System.nanoTime();
        broker.createTopic(topic, queues);
        return topic;
    }

    /** Collects what a consumer of {@code topic} receives. */
    private ConcurrentLinkedQueue<MessageExt> collect(String topic, String group) {
        ConcurrentLinkedQueue<MessageExt> received = new ConcurrentLinkedQueue<>();
        toClose.add(adapter.doConsume(group, consumer -> {
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                received.addAll(messages);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }));
        return received;
    }

    private static Set<String> bodies(ConcurrentLinkedQueue<MessageExt> received) {
        return received.stream().map(m -> new String(m.getBody(), UTF_8)).collect(Collectors.toSet());
    }

    @Test
    public void probeAsksTheNameServerForTheRouteAndSaysWhetherItKnowsTheTopic() {
        String topic = newTopic(2);
        adapter();
        ProbeResult known = adapter.probe(topic);
        assertEquals(new ProbeResult("remoting", broker.namesrvAddr(), topic, true, known.roundTrip()), known);
        assertFalse("a topic the NameServer does not know is an answer, not a failure",
                adapter.probe("NoSuchTopic" + System.nanoTime()).topicFound());
    }

    @Test
    public void syncSendUsesTheAdapterProducerGroupAndCarriesTagsKeysAndProperties() {
        String topic = newTopic(2);
        adapter();
        SendReceipt result = adapter.send(RocketmqMessage.to(topic).tags("created").keys("order-1", "customer-7")
                .body("hello").property("region", "eu").build());
        assertEquals(SendReceipt.Status.SEND_OK, result.status());
        assertEquals("the receipt names the caller's topic", topic, result.topic());
        assertTrue("the remoting receipt says where it was stored: " + result,
                result.brokerName() != null && result.queueId() >= 0 && result.queueOffset() >= 0);
        assertNull("not transactional", result.transactionState());
        ConcurrentLinkedQueue<MessageExt> received = collect(topic, "sync-consumer");
        await().atMost(WAIT).until(() -> !received.isEmpty());
        MessageExt message = received.peek();
        assertEquals("the receipt's message id is the one consumers see", result.messageId(), message.getMsgId());
        assertEquals("the receipt's requestId is the one the message carries", result.requestId(),
                message.getUserProperty(RocketmqAPI.REQUEST_ID));
        assertEquals("hello", new String(message.getBody(), UTF_8));
        assertEquals("created", message.getTags());
        assertEquals("order-1 customer-7", message.getKeys());
        assertEquals("eu", message.getUserProperty("region"));
        assertEquals(List.of("producer api-producer", "consumer sync-consumer"), adapter.runningClients());
    }

    @Test
    public void requestIdOfTheCallerTravelsToTheListenerMdc() {
        String topic = newTopic(1);
        adapter();
        Map<String, String> seenInListener = new ConcurrentHashMap<>();
        toClose.add(adapter.doConsume("mdc-consumer", consumer -> {
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                seenInListener.put(messages.get(0).getUserProperty(RocketmqAPI.REQUEST_ID), String.valueOf(MDC.get("requestId")));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }));
        MDC.put("requestId", "caller-chosen-id");
        adapter.send(RocketmqMessage.to(topic).body("with the caller's id").build());
        MDC.remove("requestId");
        await().atMost(WAIT).until(() -> seenInListener.containsKey("caller-chosen-id"));
        assertEquals("caller-chosen-id", seenInListener.get("caller-chosen-id"));
    }

    @Test
    public void callsWithoutARequestIdGetAFreshOneAlsoThroughDoProduce() {
        String topic = newTopic(1);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = collect(topic, "fresh-id-consumer");
        adapter.doProduce("raw-producers", producer -> producer.send(new Message(topic, "raw".getBytes(UTF_8))));
        adapter.send(RocketmqMessage.to(topic).body("direct").build());
        await().atMost(WAIT).until(() -> received.size() == 2);
        Set<String> ids = received.stream().map(m -> m.getUserProperty(RocketmqAPI.REQUEST_ID)).collect(Collectors.toSet());
        assertEquals("two calls, two ids: " + ids, 2, ids.size());
        ids.forEach(id -> assertTrue(id, id.matches("[0-9a-f]{32}")));
        assertEquals("the call's id is gone from the MDC afterwards", null, MDC.get("requestId"));
    }

    @Test
    public void asyncSendCompletesWithTheBrokersAnswer() throws Exception {
        String topic = newTopic(1);
        adapter();
        SendReceipt result = adapter.sendAsync(RocketmqMessage.to(topic).body("async").build())
                .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(SendReceipt.Status.SEND_OK, result.status());
        // The broker indexes a stored message into its consume queue asynchronously.
        await().atMost(WAIT).until(() -> broker.messagesIn(topic) == 1);
    }

    @Test
    public void onewayMessageArrives() {
        String topic = newTopic(1);
        adapter();
        adapter.sendOneway(RocketmqMessage.to(topic).body("oneway").build());
        await().atMost(WAIT).until(() -> broker.messagesIn(topic) == 1);
    }

    @Test
    public void orderedSendKeepsEachKeysOrderForAnOrderlyConsumer() {
        String topic = newTopic(4);
        adapter();
        List<String> keys = List.of("alice", "bob", "carol", "dave", "erin");
        Set<Integer> queuesUsed = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            for (String key : keys) {
                SendReceipt result = adapter.sendOrderly(RocketmqMessage.to(topic).body(key + ":" + i).build(), key);
                queuesUsed.add(result.queueId());
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        toClose.add(adapter.doConsume("orderly-consumer", consumer -> {
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
                for (MessageExt message : messages) {
                    String[] parts = new String(message.getBody(), UTF_8).split(":");
                    seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
                }
                return ConsumeOrderlyStatus.SUCCESS;
            });
        }));
        await().atMost(WAIT).until(() -> seen.values().stream().mapToInt(List::size).sum() == 100);
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inOrder.add(i);
        }
        keys.forEach(key -> assertEquals("order of " + key, inOrder, seen.get(key)));
        assertTrue("keys spread over queues: " + queuesUsed, queuesUsed.size() > 1);
    }

    @Test
    public void delayedMessageArrivesAfterItsDelayLevel() {
        String topic = newTopic(1);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = collect(topic, "delay-consumer");
        long sent = System.currentTimeMillis();
        adapter.send(RocketmqMessage.to(topic).body("later").delayLevel(1).build());
        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat("delivered at least ~1 s after sending", System.currentTimeMillis() - sent, greaterThanOrEqualTo(900L));
    }

    @Test
    public void batchIsStoredAsOneRequestAndConsumedWhole() {
        String topic = newTopic(1);
        adapter();
        List<RocketmqMessage> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(RocketmqMessage.to(topic).body("item-" + i).build());
        }
        assertEquals(SendReceipt.Status.SEND_OK, adapter.sendBatch(batch).status());
        ConcurrentLinkedQueue<MessageExt> received = collect(topic, "batch-consumer");
        await().atMost(WAIT).until(() -> received.size() == 10);
        assertEquals(batch.stream().map(RocketmqMessage::bodyAsText).collect(Collectors.toSet()), bodies(received));
    }

    @Test
    public void transactionsCommitRollBackAndAreCheckedBack() {
        String topic = newTopic(1);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = collect(topic, "tx-consumer");
        LocalTransaction byBody = new LocalTransaction() {
            @Override
            public LocalTransactionState execute(Message message) {
                switch (new String(message.getBody(), UTF_8)) {
                    case "commit": return LocalTransactionState.COMMIT_MESSAGE;
                    case "rollback": return LocalTransactionState.ROLLBACK_MESSAGE;
                    default: return LocalTransactionState.UNKNOW;
                }
            }

            /**
             * Answers as an application's check does, from its own record. A broker may check back a
             * message it was already told the outcome of: a 5.5 broker, with the 1 s check interval
             * of these tests, checked back all three, so "rollback" must stay rolled back here too.
             */
            @Override
            public LocalTransactionState check(MessageExt message) {
                return "rollback".equals(new String(message.getBody(), UTF_8))
                        ? LocalTransactionState.ROLLBACK_MESSAGE : LocalTransactionState.COMMIT_MESSAGE;
            }
        };
        Map<String, LocalTransactionState> expected = Map.of("rollback", LocalTransactionState.ROLLBACK_MESSAGE,
                "commit", LocalTransactionState.COMMIT_MESSAGE, "decided-on-check-back", LocalTransactionState.UNKNOW);
        for (String body : List.of("rollback", "commit", "decided-on-check-back")) {
            SendReceipt receipt = adapter.sendInTransaction("tx-producers", RocketmqMessage.to(topic).body(body).build(), byBody);
            assertEquals(SendReceipt.Status.SEND_OK, receipt.status());
            assertEquals("the receipt says how " + body + " ended", expected.get(body), receipt.transactionState());
        }
        await().atMost(WAIT).until(() -> bodies(received).containsAll(Set.of("commit", "decided-on-check-back")));
        assertFalse("rolled back messages are never delivered", bodies(received).contains("rollback"));
    }

    @Test
    public void requestGetsTheReplyOfAConsumer() {
        String topic = newTopic(1);
        adapter();
        toClose.add(adapter.doConsume("responders", consumer -> {
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                for (MessageExt request : messages) {
                    adapter.doProduce("responder-producers", producer -> producer.send(MessageUtil.createReplyMessage(
                            request, ("re: " + new String(request.getBody(), UTF_8)).getBytes(UTF_8))));
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }));
        Message reply = adapter.request(RocketmqMessage.to(topic).body("ping").build(), Duration.ofSeconds(20));
        assertNotNull(reply);
        assertEquals("re: ping", new String(reply.getBody(), UTF_8));
    }

    @Test
    public void badMessagesAreRefusedByNameBeforeTheWire() {
        String topic = newTopic(1);
        adapter();
        assertRefused(RocketmqMessage.to("bad topic!").body("x").build(), "has characters RocketMQ does not allow");
        assertRefused(RocketmqMessage.to("T".repeat(128)).body("x").build(), "128 characters; allowed: 1 to 127");
        assertRefused(RocketmqMessage.to(topic).build(), "empty body");
        assertRefused(RocketmqMessage.to(topic).body(new byte[4 * 1024 * 1024 + 1]).build(), "maxMessageSize is 4194304");
        assertRefused(RocketmqMessage.to(topic).tags("a||b").body("x").build(), "contain '||'");
        assertRefused(RocketmqMessage.to(topic).property("KEYS", "x").body("x").build(), "reserves for itself");
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> adapter.sendBatch(List.of(
                RocketmqMessage.to(topic).body("a").build(), RocketmqMessage.to(topic + "X").body("b").build())));
        assertThat(mixed.getMessage(), containsString("one topic"));
        assertThrows(NullPointerException.class, () -> RocketmqMessage.to(topic).keys("ok", null));
        for (String group : new String[] {"bad group!", "", "g".repeat(256)}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> adapter.send(group, RocketmqMessage.to(topic).body("x").build()));
            assertThat(refused.getMessage(), containsString("producerGroup '" + group + "' is not a valid RocketMQ group"));
        }
        // A valid marker is indexed after anything stored before it: exactly one means nothing else got through.
        // Its group uses every kind of character the name rule allows.
        adapter.send("marker_Group-9%|", RocketmqMessage.to(topic).body("marker").build());
        await().atMost(WAIT).until(() -> broker.messagesIn(topic) >= 1);
        assertEquals("only the marker was stored", 1, broker.messagesIn(topic));
    }

    private void assertRefused(RocketmqMessage message, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter.send(message));
        assertThat(e.getMessage(), containsString(expected));
    }

    @Test
    public void anAdapterNobodyUsedHoldsNoClients() {
        adapter();
        assertThat(adapter.runningClients(), empty());
    }

    @Test
    public void aThrowingListenerEndsInTheDeadLetterQueueWhileOtherListenersKeepConsuming() {
        String topic = newTopic(1);
        String otherTopic = newTopic(1);
        adapter();
        CountDownLatch release = new CountDownLatch(1);
        toClose.add(release::countDown); // before the whiteboard stops: the blocked thread can finish
        ListenerWhiteboard whiteboard = new ListenerWhiteboard();
        toClose.add(whiteboard::deactivate);
        List<String> attempts = new CopyOnWriteArrayList<>();
        Set<String> healthy = ConcurrentHashMap.newKeySet();
        Set<String> other = ConcurrentHashMap.newKeySet();
        AtomicInteger blocked = new AtomicInteger();
        whiteboard.addAdapter(adapter, Map.of("service.id", 1L, "adapter.id", "api"));
        whiteboard.addListener(null, message -> {
            attempts.add(message.getMsgId());
            throw new IllegalStateException("cannot handle " + new String(message.getBody(), UTF_8));
        }, Map.of("service.id", 2L, "adapter.id", "api", "topic", topic, "consumer.group", "always-failing",
                "max.reconsume.times", "2", "consume.from", "CONSUME_FROM_FIRST_OFFSET"));
        whiteboard.addListener(null, message -> {
            blocked.incrementAndGet();
            release.await();
        }, Map.of("service.id", 3L, "adapter.id", "api", "topic", topic, "consumer.group", "blocking",
                "consume.from", "CONSUME_FROM_FIRST_OFFSET"));
        whiteboard.addListener(null, message -> healthy.add(new String(message.getBody(), UTF_8)),
                Map.of("service.id", 4L, "adapter.id", "api", "topic", topic, "consumer.group", "healthy",
                        "consume.from", "CONSUME_FROM_FIRST_OFFSET"));
        whiteboard.addListener(null, message -> other.add(new String(message.getBody(), UTF_8)),
                Map.of("service.id", 5L, "adapter.id", "api", "topic", otherTopic, "consumer.group", "other-topic",
                        "consume.from", "CONSUME_FROM_FIRST_OFFSET"));
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            sent.add("m-" + i);
            adapter.send(RocketmqMessage.to(topic).body("m-" + i).build());
            adapter.send(RocketmqMessage.to(otherTopic).body("m-" + i).build());
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> broker.messagesIn("%DLQ%always-failing") == 20);
        await().atMost(WAIT).until(() -> healthy.containsAll(sent) && other.containsAll(sent));
        assertEquals("first delivery and two retries of each", 60, attempts.size());
        assertThat("the blocking listener holds its messages", blocked.get(), greaterThanOrEqualTo(1));
    }

    @Test
    public void whiteboardSubscribesWhileBothAreUpAndStopsWhenEitherGoes() {
        String topic = newTopic(1);
        adapter();
        ListenerWhiteboard whiteboard = new ListenerWhiteboard();
        toClose.add(whiteboard::deactivate);
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        Map<String, String> requestIds = new ConcurrentHashMap<>();
        RocketmqListener listener = message -> {
            received.add(new String(message.getBody(), UTF_8));
            requestIds.put(new String(message.getBody(), UTF_8), String.valueOf(MDC.get("requestId")));
        };
        Map<String, Object> listenerProperties = Map.of("service.id", 12L, "adapter.id", "api", "topic", topic,
                "consumer.group", "whiteboard-group", "selector", "wanted");
        whiteboard.addListener(null, listener, listenerProperties);
        assertThat("no adapter yet, no consumer", adapter.runningClients(), empty());
        whiteboard.addAdapter(adapter, Map.of("service.id", 11L, "adapter.id", "api"));
        assertEquals(List.of("consumer whiteboard-group"), adapter.runningClients());

        MDC.put("requestId", "wb-request");
        adapter.send(RocketmqMessage.to(topic).tags("unwanted").body("skip me").build());
        adapter.send(RocketmqMessage.to(topic).tags("wanted").body("take me").build());
        MDC.remove("requestId");
        await().atMost(WAIT).until(() -> received.contains("take me"));
        assertEquals("wb-request", requestIds.get("take me"));
        assertFalse("the selector filters tags", received.contains("skip me"));

        whiteboard.removeListener(listener, listenerProperties);
        assertEquals(List.of("producer api-producer"), adapter.runningClients());
    }

    @Test
    public void whiteboardRefusesAListenerWithoutAGroup() {
        adapter();
        ListenerWhiteboard whiteboard = new ListenerWhiteboard();
        whiteboard.addAdapter(adapter, Map.of("service.id", 21L, "adapter.id", "api"));
        whiteboard.addListener(null, message -> { }, Map.of("service.id", 22L, "adapter.id", "api", "topic", "SomeTopic"));
        assertThat(adapter.runningClients(), empty());
    }

    @Test
    public void peekShowsTheNewestMessagesOfAllQueuesAndMovesNoOffset() {
        String topic = newTopic(2);
        adapter();
        for (int i = 0; i < 5; i++) {
            adapter.send(RocketmqMessage.to(topic).keys("k" + i).body("m" + i).build());
        }
        io.rocketconnect.api.RocketmqAdmin admin = adapter.admin();
        List<String> newest = admin.newest(topic, 3).stream().map(m -> new String(m.getBody(), UTF_8)).toList();
        assertEquals(List.of("m4", "m3", "m2"), newest);
        assertEquals("a second peek sees the same: nothing was consumed", newest,
                admin.newest(topic, 3).stream().map(m -> new String(m.getBody(), UTF_8)).toList());
        assertEquals(5, admin.newest(topic, 100).size());
        assertNotNull(admin.newest(topic, 1).get(0).getBrokerName());
        List<String> toolsOffsets = new ArrayList<>();
        try {
            admin.consumerProgress(org.apache.rocketmq.common.MixAll.TOOLS_CONSUMER_GROUP).stream()
                    .filter(q -> q.topic().equals(topic)).forEach(q -> toolsOffsets.add(q.toString()));
        } catch (io.rocketconnect.api.RocketmqException e) {
            // the group never committed anything, so the broker knows no route for it: what we want
        }
        assertEquals("no offset committed for the peek's group", List.of(), toolsOffsets);
        assertThat(assertThrows(IllegalArgumentException.class, () -> admin.newest(topic, 101)).getMessage(),
                containsString("max 101 is not in 1..100"));
    }

    @Test
    public void adminShowsOffsetsProgressAndFindsMessagesWithoutConsuming() {
        String topic = newTopic(2);
        adapter();
        SendReceipt first = adapter.send(RocketmqMessage.to(topic).keys("order-42").body("one").build());
        for (int i = 0; i < 4; i++) {
            adapter.send(RocketmqMessage.to(topic).body("more-" + i).build());
        }
        io.rocketconnect.api.RocketmqAdmin admin = adapter.admin();
        assertTrue(admin.topics().contains(topic));
        assertEquals(5, admin.topicStatus(topic).stream().mapToLong(q -> q.maxOffset() - q.minOffset()).sum());
        assertEquals("one", new String(admin.viewMessage(topic, first.messageId()).getBody(), UTF_8));
        await().atMost(WAIT).until(() -> admin.queryByKey(topic, "order-42", 10).size() == 1);

        ConcurrentLinkedQueue<MessageExt> received = collect(topic, "progress-group");
        await().atMost(WAIT).until(() -> received.size() == 5);
        await().atMost(WAIT).until(() -> admin.consumerProgress("progress-group").stream()
                .filter(q -> q.topic().equals(topic)).mapToLong(io.rocketconnect.api.RocketmqAdmin.QueueProgress::lag).sum() == 0
                && admin.consumerProgress("progress-group").stream().anyMatch(q -> q.topic().equals(topic)));
        assertThrows(IllegalArgumentException.class, () -> admin.topicStatus("bad topic"));
    }

    @Test
    public void adminListsTheBrokersAndNamesAnUnreachableNameServer() {
        adapter();
        List<io.rocketconnect.api.RocketmqAdmin.BrokerStatus> brokers = adapter.admin().brokers();
        assertEquals(1, brokers.size());
        assertEquals(broker.brokerName(), brokers.get(0).brokerName());
        try (Adapter nowhere = new Adapter(AdapterSettings.from(Map.of("id", "nowhere", "namesrvAddr", "127.0.0.1:1")))) {
            io.rocketconnect.api.RocketmqException e = assertThrows(io.rocketconnect.api.RocketmqException.class,
                    () -> nowhere.admin().brokers());
            assertThat(e.getMessage(), containsString("127.0.0.1:1"));
        }
    }

    @Test
    public void everyCallIsCountedAndTimedPerOperationUnlessSlaIsOff() throws Exception {
        String topic = newTopic(1);
        adapter();
        for (int i = 0; i < 20; i++) {
            adapter.send(RocketmqMessage.to(topic).body("counted-" + i).build());
        }
        adapter.sendAsync(RocketmqMessage.to(topic).body("async").build()).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThrows(IllegalArgumentException.class, () -> adapter.send(RocketmqMessage.to(topic).build()));
        Map<String, io.rocketconnect.api.OperationStats> stats = adapter.stats().stream()
                .collect(Collectors.toMap(io.rocketconnect.api.OperationStats::operation, s -> s));
        assertEquals(21, stats.get("send").sinceStart().calls());
        assertEquals("the refused empty message counts as an error", 1, stats.get("send").sinceStart().errors());
        assertTrue(stats.get("send").lastMinute().p99Millis() > 0);
        await().atMost(WAIT).until(() -> adapter.stats().stream().anyMatch(s -> s.operation().equals("sendAsync")
                && s.sinceStart().calls() == 1 && s.sinceStart().errors() == 0));

        try (Adapter quiet = new Adapter(AdapterSettings.from(Map.of("id", "quiet", "namesrvAddr", broker.namesrvAddr(),
                "sla.enabled", "false")))) {
            quiet.send(RocketmqMessage.to(topic).body("not counted").build());
            assertThat(quiet.stats(), empty());
        }
    }
}
