package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.ReceivedMessage;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.api.SimpleConsumerHandle;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.telemetry.TestTelemetry;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.ChildProcessRocketmq;
import io.rocketconnect.testbroker.TopicType;

/**
 * An adapter with transport=grpc against a real RocketMQ 5.5.0 Proxy (local mode, in a child JVM with
 * its NameServer): every send style gRPC offers, listeners on the push consumer, the simple consumer's
 * receive, ack and redelivery, FIFO order within a message group, a delivery time, and a committed and
 * a rolled-back transaction.
 */
public class GrpcTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ChildProcessRocketmq broker;
    private static int counter;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Adapter adapter;

    @BeforeClass
    public static void startProxy() {
        broker = ChildProcessRocketmq.startWithProxy(BrokerLine.V5, List.of(), null);
    }

    @AfterClass
    public static void stopProxy() {
        if (broker != null) {
            broker.close();
        }
    }

    @After
    public void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        if (adapter != null) {
            adapter.close();
        }
    }

    private Adapter adapter() {
        Map<String, Object> config = new HashMap<>(Map.of("id", "grpc-api", "transport", "grpc", "endpoints", broker.endpoints()));
        adapter = new Adapter(AdapterSettings.from(config));
        return adapter;
    }

    private static synchronized String newTopic(TopicType type) {
        String topic = "Grpc" + type + (++counter) + "_" + System.nanoTime();
        broker.createTopic(topic, 4, type);
        return topic;
    }

    private static synchronized String newGroup(boolean fifo) {
        String group = "grpc-readers-" + (++counter);
        if (fifo) {
            broker.createFifoGroup(group);
        } else {
            broker.createGroup(group);
        }
        return group;
    }

    /** What a listener of {@code topic} receives, through the gRPC push consumer the whiteboard uses. */
    private ConcurrentLinkedQueue<MessageExt> listen(String topic, String group) {
        ConcurrentLinkedQueue<MessageExt> received = new ConcurrentLinkedQueue<>();
        ConsumerHandle handle = adapter.consumeGrpc(group, topic, "*", false, received::add);
        toClose.add(handle);
        return received;
    }

    private static Set<String> bodies(ConcurrentLinkedQueue<MessageExt> received) {
        return received.stream().map(m -> new String(m.getBody(), UTF_8)).collect(Collectors.toSet());
    }

    @Test
    public void probeSaysTheProxyAnsweredAndWhetherItKnowsTheTopic() {
        String topic = newTopic(TopicType.NORMAL);
        adapter();
        ProbeResult known = adapter.probe(topic);
        assertEquals(new ProbeResult("grpc", broker.endpoints(), topic, true, known.roundTrip()), known);
        assertTrue(known.roundTrip().toString(), known.roundTrip().compareTo(Duration.ZERO) > 0);
        ProbeResult unknown = adapter.probe("NoSuchTopic" + System.nanoTime());
        assertFalse("a topic the Proxy does not know is an answer, not a failure", unknown.topicFound());
        OperationStats probes = adapter.stats().stream().filter(s -> s.operation().equals("probe")).findFirst().orElseThrow();
        assertEquals(2, probes.sinceStart().calls());
        assertEquals(0, probes.sinceStart().errors());
        assertEquals("a probe leaves no client running", List.of(), adapter.runningClients());
    }

    @Test
    public void sendAndSendAsyncReachAListenerWithTagsKeysPropertiesAndTheRequestId() throws Exception {
        String topic = newTopic(TopicType.NORMAL);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = listen(topic, newGroup(false));
        SendReceipt sync = adapter.send(RocketmqMessage.to(topic).tags("created").keys("order-1", "customer-7")
                .property("region", "eu").body("sync").build());
        SendReceipt async = adapter.sendAsync(RocketmqMessage.to(topic).body("async").build())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(SendReceipt.Status.SEND_OK, sync.status());
        assertNull("gRPC does not say where it was stored", sync.brokerName());
        assertEquals(-1, sync.queueOffset());
        await().atMost(WAIT).until(() -> bodies(received).containsAll(Set.of("sync", "async")));
        MessageExt message = received.stream().filter(m -> new String(m.getBody(), UTF_8).equals("sync")).findFirst().orElseThrow();
        assertEquals("the receipt's message id is the one the listener sees", sync.messageId(), message.getMsgId());
        assertEquals("created", message.getTags());
        assertEquals("order-1 customer-7", message.getKeys());
        assertEquals("eu", message.getUserProperty("region"));
        assertEquals("the sender's requestId travels with the message", sync.requestId(),
                message.getUserProperty(RocketmqAPI.REQUEST_ID));
        MessageExt other = received.stream().filter(m -> new String(m.getBody(), UTF_8).equals("async")).findFirst().orElseThrow();
        assertEquals(async.messageId(), other.getMsgId());
        assertEquals(async.requestId(), other.getUserProperty(RocketmqAPI.REQUEST_ID));
        Map<String, Long> calls = adapter.stats().stream()
                .collect(Collectors.toMap(OperationStats::operation, stats -> stats.sinceStart().calls()));
        assertEquals("SLA figures count gRPC sends as remoting ones", Long.valueOf(1), calls.get("send"));
        await().atMost(WAIT).until(() -> adapter.stats().stream().anyMatch(s -> s.operation().equals("sendAsync")));
    }

    @Test
    public void aListenerThatFailsGetsTheMessageAgain() {
        String topic = newTopic(TopicType.NORMAL);
        adapter();
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        toClose.add(adapter.consumeGrpc(newGroup(false), topic, "*", false,
                message -> attempts.merge(message.getMsgId(), 1, Integer::sum) > 1));
        String id = adapter.send(RocketmqMessage.to(topic).body("fails once").build()).messageId();
        await().atMost(WAIT).until(() -> attempts.getOrDefault(id, 0) >= 2);
    }

    @Test
    public void theSimpleConsumerReceivesAcksAndGetsAnUnackedMessageAgainAfterItsInvisibleTime() {
        String topic = newTopic(TopicType.NORMAL);
        adapter();
        SimpleConsumerHandle consumer = adapter.simpleConsumer(newGroup(false), topic, "*");
        toClose.add(consumer);
        String acked = adapter.send(RocketmqMessage.to(topic).body("acked").build()).messageId();
        String notAcked = adapter.send(RocketmqMessage.to(topic).body("not acked").build()).messageId();

        Map<String, ReceivedMessage> firstRound = new HashMap<>();
        long[] firstSeen = new long[1];
        await().atMost(WAIT).until(() -> {
            for (ReceivedMessage message : consumer.receive(16, Duration.ofSeconds(10))) {
                firstRound.put(message.messageId(), message);
                firstSeen[0] = System.nanoTime();
            }
            return firstRound.keySet().containsAll(Set.of(acked, notAcked));
        });
        assertEquals(1, firstRound.get(notAcked).deliveryAttempt());
        consumer.ack(firstRound.get(acked));

        List<ReceivedMessage> again = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            again.addAll(consumer.receive(16, Duration.ofSeconds(10)));
            return again.stream().anyMatch(message -> message.messageId().equals(notAcked));
        });
        long invisibleFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstSeen[0]);
        assertThat("not seen again before its invisible time ended", invisibleFor, greaterThanOrEqualTo(9_000L));
        assertFalse("an acknowledged message is not delivered again", again.stream().anyMatch(m -> m.messageId().equals(acked)));
        ReceivedMessage redelivered = again.stream().filter(m -> m.messageId().equals(notAcked)).findFirst().orElseThrow();
        assertEquals(2, redelivered.deliveryAttempt());
        consumer.changeInvisibleDuration(redelivered, Duration.ofSeconds(30));
        consumer.ack(redelivered);
        assertTrue(adapter.stats().stream().anyMatch(s -> s.operation().equals("receive")));
        assertTrue(adapter.stats().stream().anyMatch(s -> s.operation().equals("ack") && s.sinceStart().calls() == 2));
    }

    @Test
    public void ordersOfOneMessageGroupArriveInTheOrderSent() {
        String topic = newTopic(TopicType.FIFO);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = listen(topic, newGroup(true));
        for (int i = 0; i < 20; i++) {
            for (String group : List.of("order-a", "order-b", "order-c")) {
                adapter.sendOrderly(RocketmqMessage.to(topic).body(group + ":" + i).build(), group);
            }
        }
        await().atMost(WAIT).until(() -> received.size() >= 60);
        Map<String, List<Integer>> byGroup = new HashMap<>();
        for (MessageExt message : received) {
            String[] parts = new String(message.getBody(), UTF_8).split(":");
            byGroup.computeIfAbsent(parts[0], g -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        for (List<Integer> sequence : byGroup.values()) {
            assertEquals("in the order sent within its message group", sequence.stream().sorted().toList(), sequence);
        }
        assertEquals(3, byGroup.size());
    }

    @Test
    public void aDeliveryTimeIsHonoured() {
        String topic = newTopic(TopicType.DELAY);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = listen(topic, newGroup(false));
        Map<String, Instant> arrived = new ConcurrentHashMap<>();
        Instant due = Instant.now().plusSeconds(5);
        adapter.send(RocketmqMessage.to(topic).body("later").deliverAt(due).build());
        await().atMost(WAIT).until(() -> {
            received.forEach(m -> arrived.putIfAbsent(new String(m.getBody(), UTF_8), Instant.now()));
            return arrived.containsKey("later");
        });
        assertTrue("the timed message came at its time, not before: " + arrived + ", due " + due,
                !arrived.get("later").isBefore(due.minusMillis(500)));
    }

    @Test
    public void transactionsCommitAndRollBack() {
        String topic = newTopic(TopicType.TRANSACTION);
        adapter();
        ConcurrentLinkedQueue<MessageExt> received = listen(topic, newGroup(false));
        LocalTransaction byBody = new LocalTransaction() {
            @Override
            public LocalTransactionState execute(Message message) {
                return new String(message.getBody(), UTF_8).equals("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE
                        : LocalTransactionState.COMMIT_MESSAGE;
            }

            @Override
            public LocalTransactionState check(MessageExt message) {
                return execute(message);
            }
        };
        SendReceipt rolledBack = adapter.sendInTransaction("grpc-tx", RocketmqMessage.to(topic).body("rollback").build(), byBody);
        SendReceipt committed = adapter.sendInTransaction("grpc-tx", RocketmqMessage.to(topic).body("commit").build(), byBody);
        assertEquals(LocalTransactionState.ROLLBACK_MESSAGE, rolledBack.transactionState());
        assertEquals(LocalTransactionState.COMMIT_MESSAGE, committed.transactionState());
        assertNotNull(committed.messageId());
        await().atMost(WAIT).until(() -> bodies(received).contains("commit"));
        // A transaction decided after the rolled-back one, received, shows the consumer is past it.
        adapter.sendInTransaction("grpc-tx", RocketmqMessage.to(topic).body("marker").build(), byBody);
        await().atMost(WAIT).until(() -> bodies(received).contains("marker"));
        assertFalse("a rolled-back message is never delivered", bodies(received).contains("rollback"));
    }

    @Test
    public void aTracedSendAndItsListenerAreOneTraceOverGrpcToo() {
        String topic = newTopic(TopicType.NORMAL);
        try (TestTelemetry telemetry = new TestTelemetry()) {
            Adapter traced = new Adapter(AdapterSettings.from(Map.of("id", "grpc-traced", "transport", "grpc",
                    "endpoints", broker.endpoints(), "tracing.enabled", "true")), null, telemetry.source());
            toClose.add(traced);
            ConcurrentLinkedQueue<MessageExt> received = new ConcurrentLinkedQueue<>();
            toClose.add(traced.consumeGrpc(newGroup(false), topic, "*", false, received::add));
            SimpleConsumerHandle simple = traced.simpleConsumer(newGroup(false), topic, "*");
            toClose.add(simple);
            SendReceipt sent = traced.send(RocketmqMessage.to(topic).body("traced").build());
            await().atMost(WAIT).until(() -> !received.isEmpty());
            SpanData producer = telemetry.only("send " + topic);
            SpanData consumer = telemetry.only("process " + topic);
            assertEquals("the listener's span continues the sender's trace", producer.getTraceId(), consumer.getTraceId());
            assertEquals(producer.getSpanId(), consumer.getParentSpanId());
            assertEquals(sent.messageId(), consumer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
            assertEquals("the requestId is the trace id", producer.getTraceId(), sent.requestId());

            List<ReceivedMessage> pulled = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                pulled.addAll(simple.receive(4, Duration.ofSeconds(10)));
                return !pulled.isEmpty();
            });
            simple.ack(pulled.get(0));
            SpanData receive = telemetry.spans("receive " + topic).stream()
                    .filter(span -> span.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count")) == 1L)
                    .findFirst().orElseThrow();
            assertEquals("the receive links to the sender's span", List.of(producer.getSpanId()),
                    receive.getLinks().stream().map(link -> link.getSpanContext().getSpanId()).toList());
        }
    }
}
