package io.rocketconnect.impl.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.MDC;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * Traces cross to and from a client we did not write: a plain JVM (itests/otel-interop-runtime) with the
 * raw 4.9.8 client and OpenTelemetry's own RocketMQ library instrumentation
 * ({@code opentelemetry-rocketmq-client-4.8}) on its own SDK. Its consumer span is a child of the
 * connector's producer span, and the connector's listener span a child of its producer span: only the
 * W3C properties in the message join the two processes.
 */
public class OpenTelemetryInteropTest {

    private static final Path RUNTIME = Path.of(System.getProperty("otel.interop.runtime", "../itests/otel-interop-runtime/target"));

    private static TestBroker broker;
    private TestTelemetry telemetry;
    private Adapter adapter;
    private Process child;

    @BeforeClass
    public static void startBroker() {
        broker = BrokerLine.shared();
    }

    @Before
    public void start() {
        telemetry = new TestTelemetry();
        Map<String, Object> config = new HashMap<>(Map.of("id", "interop", "namesrvAddr", broker.namesrvAddr(),
                "tracing.enabled", "true", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"));
        adapter = new Adapter(AdapterSettings.from(config), null, telemetry.source());
    }

    @After
    public void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        adapter.close();
        telemetry.close();
    }

    @Test
    public void theirConsumerSpanIsAChildOfOurProducerSpan() throws Exception {
        broker.createTopic("InteropToRaw", 1);
        ConcurrentLinkedQueue<String> lines = rawClient("consume", broker.namesrvAddr(), "InteropToRaw", "interop-raw-consumers");
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("READY"));

        adapter.send(RocketmqMessage.to("InteropToRaw").body("from the connector").build());
        await().atMost(Duration.ofSeconds(90)).until(() -> lines.contains("DONE"));

        SpanData ours = telemetry.only("send InteropToRaw");
        String[] theirs = span(lines, "CONSUMER");
        assertEquals("one trace", ours.getTraceId(), theirs[2]);
        assertEquals("their consumer span's parent is our producer span", ours.getSpanId(), theirs[4]);
    }

    @Test
    public void ourListenerSpanIsAChildOfTheirProducerSpan() throws Exception {
        broker.createTopic("InteropFromRaw", 1);
        ConcurrentLinkedQueue<String> requestIds = new ConcurrentLinkedQueue<>();
        try (ConsumerHandle handle = adapter.doConsume("interop-our-consumers", consumer -> {
            consumer.subscribe("InteropFromRaw", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                requestIds.add(String.valueOf(MDC.get(RocketmqAPI.REQUEST_ID)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            ConcurrentLinkedQueue<String> lines = rawClient("produce", broker.namesrvAddr(), "InteropFromRaw");
            await().atMost(Duration.ofSeconds(90)).until(() -> lines.contains("DONE"));

            String[] theirs = span(lines, "PRODUCER");
            SpanData ours = telemetry.only("process InteropFromRaw");
            assertEquals("one trace", theirs[2], ours.getTraceId());
            assertEquals("our listener span's parent is their producer span", theirs[3], ours.getParentSpanId());
            assertEquals("with no requestId from the sender, the listener's requestId is the trace id",
                    List.of(ours.getTraceId()), List.copyOf(requestIds));
        }
    }

    /** The child's one span of {@code kind}: {@code SPAN kind traceId spanId parentSpanId name...}, split. */
    private static String[] span(ConcurrentLinkedQueue<String> lines, String kind) {
        List<String[]> spans = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("SPAN " + kind + " ")) {
                spans.add(line.split(" "));
            }
        }
        assertEquals("one " + kind + " span from the raw client; it printed " + lines, 1, spans.size());
        return spans.get(0);
    }

    /** Starts the instrumented raw client as a child JVM; its output lines arrive in the queue. */
    private ConcurrentLinkedQueue<String> rawClient(String... args) throws IOException {
        assertTrue("build itests/otel-interop-runtime first (mvn -pl impl -am does)", Files.isDirectory(RUNTIME.resolve("lib")));
        Path home = Path.of(System.getProperty("user.home"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Duser.home=" + home, "-Drocketmq.client.logUseSlf4j=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", RUNTIME.resolve("classes") + java.io.File.pathSeparator
                        + RUNTIME.resolve("lib") + java.io.File.separator + "*",
                "io.rocketconnect.interop.InstrumentedRawClient"));
        command.addAll(List.of(args));
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        }, "interop-child-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
