package io.rocketconnect.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.RocketmqNotifications.TargetStatus;
import jakarta.mail.internet.MimeMessage;

/**
 * Notifications against real servers on loopback: a webhook receiver (the JDK's HttpServer) that fails
 * the first attempts, and GreenMail's SMTP server. Alerts reach each once, with the backoff the target
 * says, without holding up the thread that posts the event; failures are counted, and no secret leaves.
 */
public class AlertNotifierTest {

    private static final String TOKEN = "tok-4f1e9c";
    private static final String PASSWORD = "mail-pw-7d2a";
    private static final Map<String, String> ENVIRONMENT = Map.of("ALERT_TOKEN", TOKEN, "SMTP_PASSWORD", PASSWORD);

    private final AlertNotifier notifier = new AlertNotifier();
    private HttpServer webhook;
    private GreenMail mail;
    private final List<Instant> attempts = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @Before
    public void start() throws IOException {
        notifier.activate();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            attempts.add(Instant.now());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
    }

    @After
    public void stop() throws InterruptedException {
        hold.countDown();
        notifier.deactivate();
        webhook.stop(0);
        if (mail != null) {
            mail.stop();
        }
    }

    private Target webhookTarget(String name, Object... more) {
        Map<String, Object> config = new HashMap<>(Map.of("name", name, "type", "webhook",
                "url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook?key=in-the-query",
                ".header", "Authorization: Bearer @env(ALERT_TOKEN)", "retryDelayMillis", "200", "timeoutSeconds", "5"));
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        Target target = new WebhookTarget(TargetSettings.from(config, ENVIRONMENT::get));
        notifier.addTarget(target);
        return target;
    }

    private static Event alert(String topic, String policy, String... notifyTo) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("policy", policy);
        properties.put(RocketmqAPI.ADAPTER_ID, "orders");
        properties.put("metric", "errorRate");
        properties.put("value", 0.25);
        properties.put("threshold", 0.1);
        properties.put("window.seconds", 60L);
        properties.put("raisedAt", 1_790_000_000_000L);
        if (topic.equals(RocketmqAlerts.TOPIC_RESOLVED)) {
            properties.put("resolvedAt", 1_790_000_090_000L);
        }
        properties.put(RocketmqAlerts.NOTIFY, notifyTo);
        return new Event(topic, properties);
    }

    private TargetStatus status(String name) {
        return notifier.targets().stream().filter(target -> target.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    public void aWebhookThatFailsTwiceGetsTheAlertOnceOnTheThirdAttemptWithGrowingDelays() throws Exception {
        webhookTarget("ops-hook", "retries", "3");
        failFirst.set(2);
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "orders-errors", "ops-hook"));

        await().atMost(Duration.ofSeconds(20)).until(() -> status("ops-hook").delivered() == 1);
        assertEquals("two failures, then the one that arrived", 3, attempts.size());
        long first = Duration.between(attempts.get(0), attempts.get(1)).toMillis();
        long second = Duration.between(attempts.get(1), attempts.get(2)).toMillis();
        assertThat("the first retry waits retryDelayMillis", first, greaterThanOrEqualTo(200L));
        assertThat("the second waits twice as long", second, greaterThanOrEqualTo(400L));
        assertEquals(0, status("ops-hook").failed());

        JsonNode body = new ObjectMapper().readTree(bodies.peek());
        assertEquals("ALERT", body.get("event").asText());
        assertEquals("orders-errors", body.get("policy").asText());
        assertEquals("orders", body.get("adapterId").asText());
        assertEquals(0.25, body.get("value").asDouble(), 0);
        assertEquals(60, body.get("windowSeconds").asLong());
        assertEquals(Instant.ofEpochMilli(1_790_000_000_000L).toString(), body.get("raisedAt").asText());
        assertTrue(body.get("resolvedAt").isNull());
        assertEquals("the header, its token from @env", "Bearer " + TOKEN, authorizations.peek());
        assertThat("no secret in the payload", bodies.peek(), not(containsString(TOKEN)));
        assertEquals("the destination shown has no query", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                status("ops-hook").destination());
    }

    @Test
    public void alertAndResolvedEachNotifyOnce() {
        webhookTarget("ops-hook");
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p", "ops-hook"));
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_RESOLVED, "p", "ops-hook"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status("ops-hook").delivered() == 2);
        assertEquals(2, attempts.size());
        assertThat(List.copyOf(bodies).get(1), containsString("\"event\":\"RESOLVED\""));
        assertThat(List.copyOf(bodies).get(1), containsString("\"resolvedAt\":\"" + Instant.ofEpochMilli(1_790_000_090_000L)));
    }

    @Test
    public void aWebhookThatAlwaysFailsIsCountedWithItsReasonAfterItsRetries() {
        webhookTarget("broken-hook", "retries", "2", "retryDelayMillis", "10");
        failFirst.set(Integer.MAX_VALUE);
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p", "broken-hook"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status("broken-hook").failed() == 1);
        assertEquals("the first attempt and two retries", 3, attempts.size());
        assertEquals(0, status("broken-hook").delivered());
        assertThat(status("broken-hook").lastFailure(), containsString("HTTP 503"));
        assertThat(status("broken-hook").lastFailure(), containsString("3 attempts"));
    }

    @Test
    public void aSlowWebhookDoesNotHoldUpTheThreadThatPostsAlerts() throws Exception {
        webhookTarget("slow-hook", "timeoutSeconds", "30");
        hold = new CountDownLatch(1);
        for (int i = 0; i < 5; i++) {
            notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p" + i, "slow-hook"));
        }
        // All five were handed over while the webhook still holds the first one.
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 1);
        assertEquals(1, hold.getCount());
        hold.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> status("slow-hook").delivered() == 5);
    }

    @Test
    public void aTargetThePolicyNamesButNobodyConfiguredIsCountedAsFailed() throws Exception {
        webhookTarget("ops-hook");
        notifier.pendingGrace = Duration.ofSeconds(1);
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p", "missing-target"));
        assertEquals(1, notifier.waiting("missing-target"));
        assertThat(notifier.targets().toString(), not(containsString("missing-target")));
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p", "ops-hook"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status("ops-hook").delivered() == 1);
        // Configured only after its grace: the notification is counted as failed, not sent late.
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.waiting("missing-target") == 0);
        webhookTarget("missing-target");
        await().atMost(Duration.ofSeconds(10)).until(() -> status("missing-target").failed() == 1);
        assertThat(status("missing-target").lastFailure(), containsString("waited 1 s"));
        assertEquals(0, status("missing-target").delivered());
    }

    @Test
    public void anAlertForATargetConfiguredAMomentLaterIsDeliveredToIt() {
        // At startup a policy can trip before ConfigAdmin has handed over the target's configuration.
        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p", "late-hook"));
        webhookTarget("late-hook");
        await().atMost(Duration.ofSeconds(10)).until(() -> status("late-hook").delivered() == 1);
        assertEquals(0, status("late-hook").failed());
    }

    @Test
    public void anAlertArrivesByMailThroughARealSmtpServerWithItsPasswordFromTheEnvironment() throws Exception {
        ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        mail = new GreenMail(smtp.dynamicPort());
        mail.setUser("rocketconnect@example.com", "alerts", PASSWORD);
        mail.start();
        Map<String, Object> config = new HashMap<>(Map.of("name", "ops-mail", "type", "email",
                "to", "ops@example.com, oncall@example.com", "from", "rocketconnect@example.com",
                "smtp.host", "127.0.0.1", "smtp.port", String.valueOf(mail.getSmtp().getPort()), "smtp.tls", "none",
                "smtp.username", "alerts", ".smtp.password", "@env(SMTP_PASSWORD)"));
        TargetSettings settings = TargetSettings.from(config, ENVIRONMENT::get);
        assertThat("no secret in what is logged of the target", settings.toString(), not(containsString(PASSWORD)));
        notifier.addTarget(new EmailTarget(settings));

        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "orders-errors", "ops-mail"));

        await().atMost(Duration.ofSeconds(60)).until(() -> status("ops-mail").delivered() + status("ops-mail").failed() == 1);
        assertTrue("mail to both recipients; " + notifier.targets(), mail.waitForIncomingEmail(20_000, 2));
        MimeMessage received = mail.getReceivedMessages()[0];
        assertThat(received.getSubject(), containsString("ALERT: policy 'orders-errors' on adapter 'orders'"));
        String text = GreenMailUtil.getBody(received);
        assertThat(text, containsString("threshold:  0.1"));
        assertThat(text, not(containsString(PASSWORD)));
        await().atMost(Duration.ofSeconds(10)).until(() -> status("ops-mail").delivered() == 1);
        assertNull(status("ops-mail").lastFailure());
    }

    @Test
    public void aStarttlsTargetNeverFallsBackToPlainTextWhenTheServerOffersNoTls() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        notifier.addTarget(new EmailTarget(TargetSettings.from(Map.of("name", "tls-mail", "type", "email",
                "to", "ops@example.com", "smtp.host", "127.0.0.1", "smtp.port", String.valueOf(mail.getSmtp().getPort()),
                "retries", "0"), ENVIRONMENT::get)));

        notifier.handleEvent(alert(RocketmqAlerts.TOPIC_ALERT, "p", "tls-mail"));

        await().atMost(Duration.ofSeconds(20)).until(() -> status("tls-mail").failed() == 1);
        assertThat(status("tls-mail").lastFailure(), containsString("STARTTLS"));
        assertEquals("nothing went out in clear text", 0, mail.getReceivedMessages().length);
    }

    @Test
    public void badTargetConfigurationsAreNamedKeyByKeyWithoutTheirSecrets() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> TargetSettings.from(Map.of(
                "name", "x", "type", "webhook", "url", "ftp://host/x", ".header", "no colon " + TOKEN, "retries", "11"),
                ENVIRONMENT::get));
        assertThat(bad.getMessage(), containsString("url 'ftp://host/x' is not an http:// or https:// URL"));
        assertThat(bad.getMessage(), containsString(".header is not 'Name: value'"));
        assertThat(bad.getMessage(), containsString("retries '11' is not a whole number from 0 to 10"));
        assertThat(bad.getMessage(), not(containsString(TOKEN)));

        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> TargetSettings.from(Map.of(
                "name", "y", "type", "email", "to", "not-an-address", ".smtp.password", "@env(NOT_SET_ANYWHERE)"),
                ENVIRONMENT::get));
        assertThat(unset.getMessage(), containsString("to: 'not-an-address' is not a mail address"));
        assertThat(unset.getMessage(), containsString("smtp.host is missing"));
        assertThat(unset.getMessage(), containsString(".smtp.password names environment variable NOT_SET_ANYWHERE"));
    }
}
