package io.rocketconnect.impl.telemetry;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.MDC;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * Spans of an adapter with tracing.enabled, through the real SDK into its in-memory exporter, against
 * the real test broker: a send's PRODUCER span and the listener's CONSUMER span are one trace, joined
 * by the traceparent the message carries, and the requestId on both sides is the trace id.
 */
public class TracingTest {

    private static TestBroker broker;
    private TestTelemetry telemetry;

    @BeforeClass
    public static void startBroker() {
        broker = BrokerLine.shared();
    }

    @Before
    public void startSdk() {
        telemetry = new TestTelemetry();
    }

    @After
    public void close() {
        telemetry.close();
    }

    private Adapter adapter(String id, Object... more) {
        return telemetry.adapter(broker.namesrvAddr(), id, more);
    }

    @Test
    public void sendAndListenerAreOneTraceAndTheRequestIdIsItsId() {
        broker.createTopic("TracingRoundTrip", 2);
        Adapter adapter = adapter("traced", "tracing.enabled", "true", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET");
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<MessageExt> received = new ConcurrentLinkedQueue<>();
        try (ConsumerHandle handle = adapter.doConsume("tracing-consumers", consumer -> {
            consumer.subscribe("TracingRoundTrip", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                seen.add(MDC.get(RocketmqAPI.REQUEST_ID) + " " + Span.current().getSpanContext().getTraceId());
                received.addAll(messages);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            Span app = telemetry.tracer().spanBuilder("app work").startSpan();
            SendReceipt sent;
            String requestIdDuringSend;
            try (Scope scope = app.makeCurrent()) {
                sent = adapter.send(RocketmqMessage.to("TracingRoundTrip").tags("tagT").keys("order-1", "order-2")
                        .body("traced").build());
            } finally {
                app.end();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.spans("process TracingRoundTrip").size() == 1);

            SpanData producer = telemetry.only("send TracingRoundTrip");
            assertEquals(SpanKind.PRODUCER, producer.getKind());
            assertEquals("the caller's span is the parent", app.getSpanContext().getSpanId(), producer.getParentSpanId());
            assertEquals("rocketmq", producer.getAttributes().get(AttributeKey.stringKey("messaging.system")));
            assertEquals("TracingRoundTrip", producer.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
            assertEquals("send", producer.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
            assertEquals("send", producer.getAttributes().get(AttributeKey.stringKey("messaging.operation.name")));
            assertEquals(sent.messageId(), producer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
            assertEquals("tagT", producer.getAttributes().get(AttributeKey.stringKey("messaging.rocketmq.message.tag")));
            assertEquals(List.of("order-1", "order-2"),
                    producer.getAttributes().get(AttributeKey.stringArrayKey("messaging.rocketmq.message.keys")));
            assertEquals("traced", producer.getAttributes().get(AttributeKey.stringKey("rocketconnect.adapter.id")));

            SpanData consumer = telemetry.only("process TracingRoundTrip");
            assertEquals(SpanKind.CONSUMER, consumer.getKind());
            assertEquals(producer.getTraceId(), consumer.getTraceId());
            assertEquals("the sender's span is the parent", producer.getSpanId(), consumer.getParentSpanId());
            assertEquals("tracing-consumers", consumer.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")));
            assertEquals(sent.messageId(), consumer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));

            MessageExt message = received.peek();
            assertThat(message.getProperty("traceparent"), startsWith("00-" + producer.getTraceId() + "-" + producer.getSpanId()));
            requestIdDuringSend = message.getUserProperty(RocketmqAPI.REQUEST_ID);
            assertEquals("the requestId sent is the trace id", producer.getTraceId(), requestIdDuringSend);
            assertEquals("in the listener, MDC requestId and current trace id are the trace id",
                    List.of(producer.getTraceId() + " " + producer.getTraceId()), List.copyOf(seen));
        }
    }

    @Test
    public void everySendStyleHasItsProducerSpanAndAsyncEndsWithTheBrokersAnswer() throws Exception {
        broker.createTopic("TracingStyles", 2);
        Adapter adapter = adapter("styles", "tracing.enabled", "true");
        adapter.sendOneway(RocketmqMessage.to("TracingStyles").body("oneway").build());
        adapter.sendOrderly(RocketmqMessage.to("TracingStyles").body("orderly").build(), "customer-7");
        adapter.sendBatch(List.of(RocketmqMessage.to("TracingStyles").body("b1").build(),
                RocketmqMessage.to("TracingStyles").body("b2").build()));
        SendReceipt async = adapter.sendAsync(RocketmqMessage.to("TracingStyles").delayLevel(1).body("async").build())
                .toCompletableFuture().get();
        adapter.doProduce("styles-producers", producer -> producer.send(
                new org.apache.rocketmq.common.message.Message("TracingStyles", "raw".getBytes())));

        assertNotNull(telemetry.only("sendOneway TracingStyles"));
        assertEquals("fifo", telemetry.only("sendOrderly TracingStyles").getAttributes()
                .get(AttributeKey.stringKey("messaging.rocketmq.message.type")));
        assertNotNull(telemetry.only("sendBatch TracingStyles"));
        SpanData asyncSpan = telemetry.only("sendAsync TracingStyles");
        assertEquals(async.messageId(), asyncSpan.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertEquals(Long.valueOf(1), asyncSpan.getAttributes().get(AttributeKey.longKey("messaging.rocketmq.message.delay_time_level")));
        assertEquals("delay", asyncSpan.getAttributes().get(AttributeKey.stringKey("messaging.rocketmq.message.type")));
        SpanData doProduce = telemetry.only("doProduce styles-producers");
        assertEquals(SpanKind.PRODUCER, doProduce.getKind());
        assertNull("doProduce's target is a group, not a destination",
                doProduce.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
    }

    @Test
    public void aFailedSendIsAnErrorSpan() {
        Adapter adapter = adapter("failing", "tracing.enabled", "true");
        assertThrows(IllegalArgumentException.class,
                () -> adapter.send(RocketmqMessage.to("TracingFails").body(new byte[5 * 1024 * 1024]).build()));
        SpanData span = telemetry.only("send TracingFails");
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(IllegalArgumentException.class.getName(), span.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertThat(span.getEvents().stream().map(event -> event.getName()).toList(), hasItem("exception"));
    }

    @Test
    public void withTracingOffNothingIsTracedOrCarried() {
        broker.createTopic("TracingOff", 1);
        Adapter adapter = adapter("untraced", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET");
        ConcurrentLinkedQueue<MessageExt> received = new ConcurrentLinkedQueue<>();
        try (ConsumerHandle handle = adapter.doConsume("untraced-consumers", consumer -> {
            consumer.subscribe("TracingOff", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                received.addAll(messages);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            Span app = telemetry.tracer().spanBuilder("app work").startSpan();
            try (Scope scope = app.makeCurrent()) {
                adapter.send(RocketmqMessage.to("TracingOff").body("plain").build());
            } finally {
                app.end();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            assertNull(received.peek().getProperty("traceparent"));
            assertEquals("only the application's own span", List.of("app work"), telemetry.spanNames());
            assertTrue("the requestId is not the app's trace id",
                    !app.getSpanContext().getTraceId().equals(received.peek().getUserProperty(RocketmqAPI.REQUEST_ID)));
        }
    }
}
