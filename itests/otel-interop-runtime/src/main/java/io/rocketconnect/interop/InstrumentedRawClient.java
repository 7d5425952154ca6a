package io.rocketconnect.interop;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.rocketmqclient.v4_8.RocketMqTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * A plain JVM with the raw RocketMQ 4.9.8 client and OpenTelemetry's RocketMQ instrumentation on its own
 * SDK. {@code consume <namesrv> <topic> <group>} receives one message; {@code produce <namesrv> <topic>}
 * sends one. It prints {@code SPAN <kind> <traceId> <spanId> <parentSpanId> <name>} for each span its
 * in-memory exporter captured, then {@code DONE}; {@code READY} once a consumer has started.
 */
public final class InstrumentedRawClient {

    private InstrumentedRawClient() {
    }

    public static void main(String[] args) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        RocketMqTelemetry telemetry = RocketMqTelemetry.create(sdk);
        if (args[0].equals("consume")) {
            consume(telemetry, args[1], args[2], args[3]);
        } else {
            produce(telemetry, args[1], args[2]);
        }
        Set<String> printed = new HashSet<>();
        for (SpanData span : spans.getFinishedSpanItems()) {
            if (printed.add(span.getSpanId())) {
                System.out.println("SPAN " + span.getKind() + " " + span.getTraceId() + " " + span.getSpanId() + " "
                        + span.getParentSpanId() + " " + span.getName());
            }
        }
        System.out.println("DONE");
        sdk.close();
    }

    private static void consume(RocketMqTelemetry telemetry, String namesrv, String topic, String group) throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.getDefaultMQPushConsumerImpl().registerConsumeMessageHook(telemetry.newTracingConsumeMessageHook());
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            received.countDown();
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        System.out.println("READY");
        if (!received.await(60, TimeUnit.SECONDS)) {
            System.out.println("TIMEOUT no message in 60 s");
        }
        // The hook ends its span after the listener returns: shutting down waits for the consume threads.
        consumer.shutdown();
    }

    private static void produce(RocketMqTelemetry telemetry, String namesrv, String topic) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("interop-raw-producers");
        producer.setNamesrvAddr(namesrv);
        producer.getDefaultMQProducerImpl().registerSendMessageHook(telemetry.newTracingSendMessageHook());
        producer.start();
        try {
            System.out.println("SENT " + producer.send(new Message(topic, "from a raw client".getBytes(StandardCharsets.UTF_8))).getMsgId());
        } finally {
            producer.shutdown();
        }
    }
}
