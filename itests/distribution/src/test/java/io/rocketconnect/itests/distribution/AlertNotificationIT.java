package io.rocketconnect.itests.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * Alert notifications in the built distribution, to real servers on loopback: a policy that trips on
 * the idle demo adapter names a webhook (the JDK's HttpServer, failing its first attempt) and a mailbox
 * (GreenMail's SMTP server). The alert and its end reach each once; rocketmq:alerts counts them; the
 * webhook's token, read from the environment, is in no log line.
 */
public class AlertNotificationIT {

    private static final String TOKEN = "hook-token-93c1";

    private KarafProcess karaf;
    private HttpServer webhook;
    private GreenMail mail;

    @After
    public void stop() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    public void anAlertAndItsEndReachAWebhookThatFailedOnceAndAMailbox() throws Exception {
        ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        AtomicInteger attempts = new AtomicInteger();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            boolean fail = attempts.incrementAndGet() == 1;
            if (!fail) {
                bodies.add(body);
                tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Alert-Token")));
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        webhook.start();
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();

        karaf = KarafProcess.unpackWithFreePorts();
        Path etc = karaf.home().resolve("etc");
        Files.writeString(etc.resolve("io.rocketconnect.notify-ops-hook.cfg"), String.join("\n", "type = webhook",
                "url = http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts",
                ".header = X-Alert-Token: @env(ALERT_HOOK_TOKEN)", "retryDelayMillis = 100", ""));
        Files.writeString(etc.resolve("io.rocketconnect.notify-ops-mail.cfg"), String.join("\n", "type = email",
                "to = ops@example.com", "from = karaf@example.com", "smtp.host = 127.0.0.1",
                "smtp.port = " + mail.getSmtp().getPort(), "smtp.tls = none", ""));
        // Nothing sends through demo: calls below 1 over 10 s trips soon after boot, and one send ends it.
        Files.writeString(etc.resolve("io.rocketconnect.sla.policy-demo-silent.cfg"), String.join("\n", "adapter = demo",
                "metric = calls", "condition = below", "threshold = 1", "window = 10s", "cooldown = 0s",
                "notify.to = ops-hook, ops-mail", ""));
        karaf.start(Map.of("ALERT_HOOK_TOKEN", TOKEN));

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> bodies.size() == 1);
        JsonNode alert = new ObjectMapper().readTree(bodies.peek());
        assertEquals("ALERT", alert.get("event").asText());
        assertEquals("demo-silent", alert.get("policy").asText());
        assertEquals("demo", alert.get("adapterId").asText());
        assertEquals("calls", alert.get("metric").asText());
        assertTrue(mail.waitForIncomingEmail(30_000, 1));
        assertThat(mail.getReceivedMessages()[0].getSubject(), containsString("ALERT: policy 'demo-silent' on adapter 'demo'"));

        assertThat(karaf.client("rocketmq:send demo TopicTest wake-up"), containsString("SEND_OK"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> bodies.size() == 2);
        assertEquals("RESOLVED", new ObjectMapper().readTree(List.copyOf(bodies).get(1)).get("event").asText());
        assertTrue(mail.waitForIncomingEmail(30_000, 2));
        assertThat(mail.getReceivedMessages()[1].getSubject(), containsString("RESOLVED: policy 'demo-silent'"));
        assertEquals("the header, its value from the environment", List.of(TOKEN, TOKEN), List.copyOf(tokens));
        assertEquals("one failed attempt, then one each", 3, attempts.get());

        String listed = karaf.client("rocketmq:alerts");
        assertThat(listed, containsString("ops-hook"));
        assertThat(listed.lines().filter(line -> line.contains("ops-hook")).findFirst().orElse(""), containsString("2"));
        assertThat(listed, not(containsString(TOKEN)));
        String console = new ConsoleHttp(karaf.httpBase(), "karaf", "karaf").get("/alerts").body();
        JsonNode hook = null;
        for (JsonNode target : new ObjectMapper().readTree(console).get("notifications")) {
            hook = target.get("name").asText().equals("ops-hook") ? target : hook;
        }
        assertEquals("the web console's alerts answer counts the deliveries: " + console, 2, hook.get("delivered").asLong());
        assertEquals(0, hook.get("failed").asLong());
        assertThat(console, not(containsString(TOKEN)));
        String log = karaf.karafLog();
        assertThat(log, not(containsString(TOKEN)));
        assertFalse("no ERROR in karaf.log", log.contains("| ERROR |"));
    }
}
