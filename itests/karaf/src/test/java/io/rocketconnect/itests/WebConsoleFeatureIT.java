package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Feature rocketmq-webconsole in a stock Karaf (4.4.10, or the one of {@code -Dkaraf.version}), not
 * only in our distribution: it brings http and webconsole, the rocketmq page answers for an admin and
 * a viewer, and the viewer is refused a change and the rest of the console. Plain JUnit assertions only
 * (see RocketmqConnectorIT).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleFeatureIT {

    private static final String PORT_PROPERTY = "itest.httpPort";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(KarafWithBroker.options("rocketmq-webconsole"),
                KarafWithBroker.httpOnFreePort(PORT_PROPERTY));
    }

    @Test
    public void theRocketmqPageAnswersAnAdminAndAViewerWhoMayNotChangeAnything() throws Exception {
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> get("/system/console/rocketmq/api/adapters", "jmxadmin")
                .body().contains("\"orders\""));
        HttpResponse<String> page = get("/system/console/rocketmq", "jmxadmin");
        assertEquals(200, page.statusCode());
        assertTrue(page.body(), page.body().contains("/system/console/rocketmq/res/rocketmq.js"));

        HttpResponse<String> viewed = get("/system/console/rocketmq/api/adapters", "watcher");
        assertEquals(viewed.body(), 200, viewed.statusCode());
        assertTrue(viewed.body(), viewed.body().contains("\"orders\""));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/system/console/rocketmq/api/adapters/orders"))
                .header("Authorization", basic("watcher")).DELETE());
        assertEquals(refused.body(), 403, refused.statusCode());
        assertEquals("the rest of the console stays admin-only", 403, get("/system/console/bundles", "watcher").statusCode());
        assertEquals(200, get("/system/console/bundles", "jmxadmin").statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(uri("/system/console/rocketmq")).GET()).statusCode());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + System.getProperty(PORT_PROPERTY) + path);
    }

    /** The test users of KarafWithBroker have their name as password. */
    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(UTF_8));
    }
}
