package io.rocketconnect.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Tracing in the built distribution: with tracing.enabled on the demo adapter and the SDK's OTLP
 * endpoint set, a send from the shell reaches a real HTTP receiver as an OTLP/protobuf export, and
 * the trace id in it is the requestId the shell printed.
 */
public class TracingExportIT {

    private static final Pattern REQUEST_ID = Pattern.compile("requestId=([0-9a-f]{32})");

    private KarafProcess karaf;
    private HttpServer collector;

    @After
    public void stop() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    public void aSendFromTheShellIsExportedOverOtlpUnderItsRequestId() throws Exception {
        ConcurrentLinkedQueue<byte[]> exports = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/metrics", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.createContext("/v1/traces", exchange -> {
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            exports.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();

        karaf = KarafProcess.unpackWithFreePorts();
        KarafProcess.setProperties(karaf.home().resolve("etc/io.rocketconnect.opentelemetry.cfg"), List.of(
                "otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort(), "sampler", "always_on"));
        KarafProcess.setProperties(karaf.home().resolve("etc/io.rocketconnect.adapter-demo.cfg"), List.of(
                "tracing.enabled", "true"));
        karaf.start();

        String sent = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> karaf.client("rocketmq:send demo TopicTest traced"), output -> output.contains("SEND_OK"));
        Matcher requestId = REQUEST_ID.matcher(sent);
        assertTrue(sent, requestId.find());
        byte[] traceId = HexFormat.of().parseHex(requestId.group(1));

        // The batch span processor exports within its 5 s schedule.
        await().atMost(Duration.ofSeconds(30)).until(() -> exports.stream().anyMatch(body -> contains(body, traceId)));
        assertThat(contentTypes.peek(), containsString("application/x-protobuf"));
        String log = karaf.karafLog();
        assertFalse("no ERROR in karaf.log", log.contains("| ERROR |"));
        assertEquals("no export failure logged", -1, log.indexOf("Failed to export"));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
