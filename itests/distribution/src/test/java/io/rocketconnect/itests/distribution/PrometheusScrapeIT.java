package io.rocketconnect.itests.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rocketconnect.testbroker.FreePorts;

/**
 * The built distribution's /metrics, read by the real thing: Debian's Prometheus server scrapes it, and
 * its query API returns the number of sends this test made; promtool checks the text we serve.
 */
public class PrometheusScrapeIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPIC = "PrometheusScrapeTopic";
    private static final int SENDS = 7;

    private static KarafProcess karaf;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process prometheus;

    @BeforeClass
    public static void startDistribution() throws Exception {
        assertTrue("Debian's prometheus package is needed (.ci/run installs it)", new File("/usr/bin/prometheus").canExecute());
        karaf = KarafProcess.unpackWithFreePorts();
        karaf.start();
        await().atMost(BOOT_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> karaf.client("rocketmq:send demo " + TOPIC + " warm-up").contains("SEND_OK"));
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @After
    public void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    public void prometheusScrapesTheSendCountAndPromtoolAcceptsTheText() throws Exception {
        String sent = karaf.client("rocketmq:send --count " + SENDS + " demo " + TOPIC + " counted");
        assertThat(sent, containsString("SEND_OK"));
        int expected = SENDS + 1; // and the warm-up

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(karaf.httpBase() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertThat(metrics.headers().firstValue("Content-Type").orElse(""), containsString("text/plain"));
        assertThat(metrics.body(), containsString("messaging_client_operation_duration_seconds_bucket{"));
        assertThat(metrics.body(), containsString("messaging_client_sent_messages_total{"));
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(metrics.body().getBytes(UTF_8));
        promtool.getOutputStream().close();
        String lint = new String(promtool.getInputStream().readAllBytes(), UTF_8);
        assertTrue("promtool finished", promtool.waitFor(60, TimeUnit.SECONDS));
        assertEquals("promtool check metrics: " + lint, 0, promtool.exitValue());

        String query = "sum(messaging_client_sent_messages_total{rocketconnect_adapter_id=\"demo\",messaging_destination_name=\""
                + TOPIC + "\"})";
        String api = startPrometheus();
        String url = api + "/api/v1/query?query=" + URLEncoder.encode(query, UTF_8);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> value(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()) == expected);
    }

    /** Starts Prometheus on a free loopback port, scraping the distribution every second; returns its base URL. */
    private String startPrometheus() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "scrape_configs:",
                "  - job_name: rocketconnect",
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: ['" + URI.create(karaf.httpBase()).getAuthority() + "']",
                ""));
        int port = FreePorts.freePort();
        prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return "http://127.0.0.1:" + port;
    }

    /** The value of an instant query's one result ({@code data.result[0].value[1]}), or -1 while it has none. */
    private static double value(String answer) throws Exception {
        JsonNode result = new ObjectMapper().readTree(answer).path("data").path("result");
        return result.isEmpty() ? -1 : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }
}
