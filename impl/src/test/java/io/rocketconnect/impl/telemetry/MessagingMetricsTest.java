package io.rocketconnect.impl.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * The OpenTelemetry messaging metrics of an adapter, read through the real SDK's in-memory reader after
 * real sends and deliveries: names, units, counts and attributes, errors under their error.type.
 */
public class MessagingMetricsTest {

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
    public void sendsAndDeliveriesAreCountedAndTimedUnderTheSemanticConventionNames() {
        broker.createTopic("MetricsSends", 2);
        // From the first offset: a new group starting at the last one may miss what is sent while it joins.
        Adapter adapter = adapter("measured", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET");
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failFirst = new AtomicInteger(1);
        try (ConsumerHandle handle = adapter.doConsume("metrics-consumers", consumer -> {
            consumer.subscribe("MetricsSends", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                if (failFirst.getAndDecrement() > 0) {
                    throw new IllegalStateException("first delivery fails");
                }
                delivered.addAndGet(messages.size());
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            for (int i = 0; i < 5; i++) {
                adapter.send(RocketmqMessage.to("MetricsSends").body("m" + i).build());
            }
            adapter.sendBatch(List.of(RocketmqMessage.to("MetricsSends").body("b1").build(),
                    RocketmqMessage.to("MetricsSends").body("b2").build()));
            assertThrows(IllegalArgumentException.class,
                    () -> adapter.send(RocketmqMessage.to("MetricsSends").body(new byte[5 * 1024 * 1024]).build()));
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered.get() >= 7);

            List<MetricData> metrics = telemetry.metrics();
            Attributes sendOk = Attributes.builder().put("messaging.system", "rocketmq").put("messaging.operation.name", "send")
                    .put("messaging.operation.type", "send").put("messaging.destination.name", "MetricsSends")
                    .put("rocketconnect.adapter.id", "measured").build();
            MetricData duration = metric(metrics, "messaging.client.operation.duration");
            assertEquals("s", duration.getUnit());
            assertEquals(5, histogram(duration, sendOk).getCount());
            assertTrue("seconds, not nanoseconds", histogram(duration, sendOk).getSum() < 5 * 10.0);
            Attributes sendFailed = sendOk.toBuilder().put("error.type", IllegalArgumentException.class.getName()).build();
            assertEquals(1, histogram(duration, sendFailed).getCount());

            MetricData sent = metric(metrics, "messaging.client.sent.messages");
            assertEquals("{message}", sent.getUnit());
            assertEquals(5, counter(sent, sendOk).getValue());
            assertEquals("a batch counts each message", 2, counter(sent, sendOk.toBuilder()
                    .put("messaging.operation.name", "sendBatch").build()).getValue());

            Attributes processOk = Attributes.builder().put("messaging.system", "rocketmq")
                    .put("messaging.operation.name", "process").put("messaging.operation.type", "process")
                    .put("messaging.destination.name", "MetricsSends").put("messaging.consumer.group.name", "metrics-consumers")
                    .put("rocketconnect.adapter.id", "measured").build();
            MetricData consumed = metric(metrics, "messaging.client.consumed.messages");
            assertEquals(delivered.get(), counter(consumed, processOk).getValue());
            MetricData process = metric(metrics, "messaging.process.duration");
            assertEquals("s", process.getUnit());
            assertEquals(1, histogram(process, processOk.toBuilder()
                    .put("error.type", IllegalStateException.class.getName()).build()).getCount());
        }
    }

    @Test
    public void withMetricsOffNothingIsRecorded() {
        broker.createTopic("MetricsOff", 1);
        Adapter adapter = adapter("unmeasured", "metrics.enabled", "false");
        adapter.send(RocketmqMessage.to("MetricsOff").body("quiet").build());
        assertTrue(telemetry.metrics().stream().noneMatch(metric -> metric.getName().startsWith("messaging.")));
    }

    private static MetricData metric(List<MetricData> metrics, String name) {
        return metrics.stream().filter(metric -> metric.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " among "
                        + metrics.stream().map(MetricData::getName).toList()));
    }

    private static HistogramPointData histogram(MetricData metric, Attributes attributes) {
        return metric.getHistogramData().getPoints().stream().filter(point -> point.getAttributes().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + metric.getName() + ": "
                        + metric.getHistogramData().getPoints().stream().map(HistogramPointData::getAttributes).toList()));
    }

    private static LongPointData counter(MetricData metric, Attributes attributes) {
        return metric.getLongSumData().getPoints().stream().filter(point -> point.getAttributes().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + metric.getName() + ": "
                        + metric.getLongSumData().getPoints().stream().map(LongPointData::getAttributes).toList()));
    }

    static AttributeKey<String> key(String name) {
        return AttributeKey.stringKey(name);
    }
}
