package io.rocketconnect.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The rocketmq page of the web console in a real browser (Debian's headless chromium through its
 * chromedriver), against the built distribution started as a process: what an operator does there,
 * and what a viewer must not be able to do. The screenshots land in target/screenshots.
 */
public class WebConsoleIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration UI_TIMEOUT = Duration.ofSeconds(30);
    private static final String XSS = "<img src=x onerror=alert(1)>";

    private static KarafProcess karaf;
    private static ConsoleHttp admin;
    private static ConsoleHttp viewer;
    private Browser browser;

    @BeforeClass
    public static void startDistribution() throws Exception {
        Browser.requireInstalled();
        karaf = KarafProcess.unpackWithFreePorts();
        Path etc = karaf.home().resolve("etc");
        Files.writeString(etc.resolve("users.properties"), "\nolga = olga-secret,viewer\n",
                java.nio.file.StandardOpenOption.APPEND);
        // A managed adapter, as an app's installer would drop it: locked against every front end.
        Files.writeString(etc.resolve("io.rocketconnect.adapter-locked.cfg"), String.join("\n",
                "id = locked", "namesrvAddr = " + karaf.namesrvAddr(), "app.id = billing", "managed = true", ""));
        karaf.start();
        admin = new ConsoleHttp(karaf.httpBase(), "karaf", "karaf");
        viewer = new ConsoleHttp(karaf.httpBase(), "olga", "olga-secret");
        await().atMost(BOOT_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            assertTrue("Karaf exited", karaf.isAlive());
            return admin.get("/adapters").body().contains("\"up\":true");
        });
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @After
    public void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    public void anAdminSeesTheDemoAdapterCreatesOneAndIsToldAboutABadValueAtItsField() throws Exception {
        browser = Browser.open(karaf.httpBase(), "karaf", "karaf");
        browser.await(By.cssSelector("tr[data-adapter='demo'] td[data-test='state']"), "UP");
        browser.screenshot("webconsole-adapters");

        browser.click(By.cssSelector("button[data-action='create']"));
        WebElement secret = browser.await(By.cssSelector("#rocketmq [name='.secretKey']"), "");
        assertEquals("a secret is a write-only field", "password", secret.getAttribute("type"));
        browser.type("id", "web1");
        browser.type("namesrvAddr", karaf.namesrvAddr());
        browser.type("description", XSS);
        browser.type("consumeThreadMax", "1001");
        browser.click(By.cssSelector("button[data-action='save']"));
        WebElement error = browser.await(By.cssSelector("[data-error-for='consumeThreadMax']"), "1001");
        assertThat(error.getText(), containsString("[0, 1000]"));
        browser.screenshot("webconsole-form-error");
        assertFalse("nothing was saved", admin.get("/adapters").body().contains("\"web1\""));

        browser.type("consumeThreadMax", "");
        browser.click(By.cssSelector("button[data-action='save']"));
        browser.await(By.cssSelector("p[data-test='state']"), "UP");
        assertEquals("the description shows as text", XSS,
                browser.find(By.cssSelector("p[data-test='description']")).getText());
        assertTrue("no element came from the description",
                browser.driver().findElements(By.cssSelector("#rocketmq img[src='x']")).isEmpty());
        browser.go("#adapters");
        assertEquals("in the list too", XSS,
                browser.await(By.cssSelector("tr[data-adapter='web1'] td[data-test='description']"), XSS).getText());
        assertTrue(browser.driver().findElements(By.cssSelector("#rocketmq img[src='x']")).isEmpty());
        assertNoAlert();

        assertThat(admin.delete("/adapters/web1").statusCode(), org.hamcrest.Matchers.is(200));
    }

    @Test
    public void aTestMessageRaisesTheCallsChartAndIsFoundInTheAuditLogByItsRequestId() throws Exception {
        browser = Browser.open(karaf.httpBase(), "karaf", "karaf");
        browser.go("#adapter/demo");
        browser.await(By.cssSelector("p[data-test='state']"), "UP");
        browser.await(By.cssSelector("figcaption[data-operation='all operations']"), "this minute");
        assertFalse("the charts are drawn (uPlot's canvas)",
                browser.driver().findElements(By.cssSelector("figure.rmq-chart canvas")).isEmpty());
        int before = callsShown();

        browser.go("#send/demo");
        browser.type("topic", "TopicTest");
        browser.type("tags", "console");
        browser.type("body", "hello from the console");
        browser.click(By.cssSelector("button[data-action='send']"));
        WebElement sent = browser.await(By.cssSelector("[data-test='send-result']"), "SEND_OK");
        String requestId = browser.find(By.cssSelector("a[data-test='request-id']")).getText();
        assertTrue(sent.getText(), requestId.matches("[0-9a-f]{32}"));

        browser.go("#adapter/demo");
        await().atMost(UI_TIMEOUT).untilAsserted(() -> assertThat("calls this minute on the send chart",
                callsShown(), greaterThan(before)));
        browser.screenshot("webconsole-adapter-charts");

        browser.go("#audit?requestId=" + requestId);
        WebElement row = browser.await(By.cssSelector("tr[data-request-id='" + requestId + "']"), "send");
        assertThat(row.getText(), containsString("TopicTest"));
        assertThat(row.getText(), containsString("OK"));
        browser.screenshot("webconsole-audit");

        browser.go("#peek/demo");
        browser.type("topic", "TopicTest");
        browser.click(By.cssSelector("button[data-action='peek']"));
        assertThat(browser.await(By.cssSelector("[data-test='peeked']"), "hello from the console").getText(),
                containsString("console"));

        List<String> csv = admin.get("/audit.csv?requestId=" + requestId).body().lines().toList();
        assertEquals(csv.toString(), 2, csv.size());
        assertThat(csv.get(0), containsString("requestId,adapterId,operation,target"));
        assertThat(csv.get(1), containsString(requestId));
        assertThat(csv.get(1), containsString(",demo,send,TopicTest,"));
    }

    private int callsShown() {
        List<WebElement> captions = browser.driver().findElements(
                By.cssSelector("figcaption[data-test='chart-caption'][data-operation='send']"));
        return captions.isEmpty() ? 0 : Integer.parseInt(captions.get(0).getAttribute("data-calls"));
    }

    @Test
    public void aManagedAdaptersFormIsReadOnlyWithTheReason() throws Exception {
        browser = Browser.open(karaf.httpBase(), "karaf", "karaf");
        browser.go("#edit/locked");
        WebElement reason = browser.await(By.cssSelector("[data-test='managed-reason']"), "billing");
        assertThat(reason.getText(), containsString("io.rocketconnect.adapter-locked.cfg"));
        for (WebElement input : browser.driver().findElements(By.cssSelector("#rocketmq input, #rocketmq select"))) {
            assertFalse(input.getAttribute("name") + " is read-only", input.isEnabled());
        }
        assertTrue("no save button", browser.driver().findElements(By.cssSelector("button[data-action='save']")).isEmpty());
        ConsoleHttp.Answer refused = admin.post("/adapters/locked", "{\"changes\":{\"description\":\"x\"}}");
        assertEquals(refused.body(), 409, refused.statusCode());
        assertThat(refused.body(), containsString("billing"));
    }

    @Test
    public void aViewerSeesButCannotChangeAndAForgedPostIsRefused() throws Exception {
        browser = Browser.open(karaf.httpBase(), "olga", "olga-secret");
        browser.await(By.cssSelector("tr[data-adapter='demo'] td[data-test='state']"), "UP");
        assertTrue(browser.driver().findElements(By.cssSelector("button[data-action='edit']")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("button[data-action='delete']")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("button[data-action='create']")).isEmpty());

        // The forged POST, from the viewer's own page with the viewer's own CSRF token: the server says no.
        Object status = browser.driver().executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                + "fetch(location.origin + '/system/console/rocketmq/api/session').then(r => r.json()).then(s =>"
                + " fetch(location.origin + '/system/console/rocketmq/api/adapters/demo', {method: 'DELETE',"
                + " headers: {[s.csrfHeader]: s.csrfToken}})).then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, status);
        ConsoleHttp.Answer send = viewer.post("/adapters/demo/send", "{\"topic\":\"TopicTest\",\"body\":\"x\"}");
        assertEquals(send.body(), 403, send.statusCode());
        assertThat(send.body(), containsString("needs the admin role"));
        assertEquals(403, viewer.get("/adapters/demo/peek?topic=TopicTest").statusCode());
        assertEquals("the rest of the console stays admin-only", 403, viewer.page("/system/console/bundles").statusCode());
        assertTrue("demo is still there", admin.get("/adapters").body().contains("\"demo\""));
    }

    @Test
    public void aSecretNeverReachesTheBrowser() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        ConsoleHttp.Answer created = admin.post("/adapters", "{\"settings\":{\"id\":\"acl1\",\"namesrvAddr\":\""
                + karaf.namesrvAddr() + "\",\"accessKey\":\"orders-app\",\".secretKey\":\"" + secret + "\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        try {
            for (ConsoleHttp user : List.of(admin, viewer)) {
                for (String path : List.of("/adapters", "/adapters/acl1", "/keys")) {
                    assertThat(path, user.get(path).body(), org.hamcrest.Matchers.not(containsString(secret)));
                }
            }
            browser = Browser.open(karaf.httpBase(), "karaf", "karaf");
            browser.go("#edit/acl1");
            WebElement field = browser.await(By.cssSelector("#rocketmq [name='.secretKey']"), "");
            assertEquals("password", field.getAttribute("type"));
            assertEquals("the field is empty: the value never came", "", field.getAttribute("value"));
            assertThat(field.getAttribute("placeholder"), containsString("write-only"));
            assertThat(browser.driver().getPageSource(), org.hamcrest.Matchers.not(containsString(secret)));
        } finally {
            admin.delete("/adapters/acl1");
        }
    }

    @Test
    public void stateChangingCallsNeedTheTokenAndTheSameOrigin() throws Exception {
        ConsoleHttp.Answer noToken = admin.postWithoutToken("/adapters/demo/test", "{}");
        assertEquals(noToken.body(), 403, noToken.statusCode());
        assertThat(noToken.body(), containsString("X-RocketConnect-CSRF"));
        ConsoleHttp.Answer crossOrigin = admin.postFrom("http://evil.example", "/adapters/demo/test", "{}");
        assertEquals(crossOrigin.body(), 403, crossOrigin.statusCode());
        assertThat(crossOrigin.body(), containsString("cross-origin"));
        ConsoleHttp.Answer tested = admin.post("/adapters/demo/test", "{}");
        assertEquals(tested.body(), 200, tested.statusCode());
        assertThat(tested.body(), containsString("\"reachable\":true"));

        assertEquals(404, admin.get("/adapters/nosuch").statusCode());
        ConsoleHttp.Answer badJson = admin.post("/adapters", "{\"settings\":");
        assertEquals(400, badJson.statusCode());
        assertThat(badJson.body(), containsString("not a JSON object"));
        assertEquals(400, admin.get("/audit?since=yesterday").statusCode());
        assertEquals(401, new ConsoleHttp(karaf.httpBase(), "karaf", "wrong").get("/adapters").statusCode());
    }

    @Test
    public void theTopicListLeavesOutRocketmqsOwnTopics() throws Exception {
        assertEquals(200, admin.post("/adapters/demo/send", "{\"topic\":\"ListedTopic\",\"body\":\"x\"}").statusCode());
        String topics = viewer.get("/adapters/demo/topics").body();
        assertThat(topics, containsString("\"topic\":\"ListedTopic\""));
        for (String own : List.of("TBW102", "RMQ_SYS_", "SCHEDULE_TOPIC_XXXX", "_REPLY_TOPIC", "%RETRY%")) {
            assertThat(topics, org.hamcrest.Matchers.not(containsString(own)));
        }
    }

    /**
     * Dead letters and offset resets from the page. An application's consumer (a raw client in this JVM)
     * fails on every message of its group, so they go to the group's DLQ. A viewer sees them but cannot
     * resend or reset, on the page or through the API; an admin resends them after confirming the list
     * and resets the group's offsets after a preview that shows what then happens.
     */
    @Test
    public void anAdminResendsDeadLettersAndResetsOffsetsAfterConfirmingAndAViewerOnlyLooks() throws Exception {
        String topic = "ConsoleDlq" + System.nanoTime();
        String group = "console-billing-" + System.nanoTime();
        for (String body : List.of("first", "second")) {
            assertEquals(200, admin.post("/adapters/demo/send", "{\"topic\":\"" + topic + "\",\"body\":\"" + body + "\"}")
                    .statusCode());
        }
        org.apache.rocketmq.client.consumer.DefaultMQPushConsumer failing =
                new org.apache.rocketmq.client.consumer.DefaultMQPushConsumer(group);
        failing.setNamesrvAddr(karaf.namesrvAddr());
        failing.setInstanceName("console-dlq-" + System.nanoTime());
        failing.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        failing.setMaxReconsumeTimes(0);
        failing.setAwaitTerminationMillisWhenShutdown(5000); // its offsets stored when it stops
        failing.subscribe(topic, "*");
        failing.registerMessageListener((org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently)
                (messages, context) -> org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.RECONSUME_LATER);
        failing.start();
        try {
            await().atMost(UI_TIMEOUT).ignoreExceptions().until(() ->
                    admin.get("/adapters/demo/dlq?group=" + group).body().split("\"msgId\"").length - 1 == 2);
        } finally {
            failing.shutdown();
        }

        browser = Browser.open(karaf.httpBase(), "olga", "olga-secret");
        browser.go("#dlq/demo?group=" + group);
        browser.await(By.cssSelector("table[data-test='dead-letters']"), topic);
        assertEquals(2, browser.driver().findElements(By.cssSelector("table[data-test='dead-letters'] tbody tr")).size());
        assertTrue("no resend for a viewer", browser.driver().findElements(By.cssSelector("button[data-action='resend-all']")).isEmpty());
        browser.close();
        assertEquals("checked on the server too", 403,
                viewer.post("/adapters/demo/dlq-resend", "{\"group\":\"" + group + "\",\"msgIds\":[\"x\"]}").statusCode());
        assertEquals(403, viewer.get("/adapters/demo/offsets?group=" + group + "&topic=" + topic + "&to=earliest").statusCode());

        browser = Browser.open(karaf.httpBase(), "karaf", "karaf");
        browser.go("#dlq/demo?group=" + group);
        browser.await(By.cssSelector("table[data-test='dead-letters']"), topic);
        browser.click(By.cssSelector("button[data-action='resend-all']"));
        browser.await(By.cssSelector("[data-test='resend-plan']"), "2 dead letter(s) not resent before");
        assertEquals("nothing sent before the confirm", 2, admin.get("/adapters/demo/dlq?group=" + group).body()
                .split("\"resentAt\":null").length - 1);
        browser.click(By.cssSelector("button[data-action='confirm-resend']"));
        browser.await(By.cssSelector("[data-test='resent-count']"), "2 dead letter(s) resent.");
        browser.go("#dlq/demo?group=" + group + "&again=1");
        await().atMost(UI_TIMEOUT).untilAsserted(() -> assertEquals("both shown as resent", 2,
                browser.driver().findElements(By.cssSelector("table[data-test='dead-letters'] td[data-test='resent']")).stream()
                        .filter(cell -> !cell.getText().isBlank()).count()));
        browser.screenshot("webconsole-dead-letters");

        // The group consumed the two originals; the two resent copies wait. Earliest replays the originals.
        browser.go("#offsets/demo");
        browser.type("group", group);
        browser.type("topic", topic);
        browser.type("to", "earliest");
        browser.click(By.cssSelector("button[data-action='preview']"));
        browser.await(By.cssSelector("[data-test='offsets-totals']"), "Messages replayed: 2, skipped: 0");
        browser.click(By.cssSelector("button[data-action='confirm-reset']"));
        await().atMost(UI_TIMEOUT).until(() -> browser.driver().findElements(By.cssSelector("[data-test='offsets-totals']")).size() == 2);
        browser.screenshot("webconsole-offset-reset");
        String after = admin.get("/adapters/demo/offsets?group=" + group + "&topic=" + topic + "&to=earliest").body();
        java.util.regex.Matcher queue = java.util.regex.Pattern.compile("\"oldOffset\":(\\d+),\"newOffset\":(\\d+)").matcher(after);
        int queues = 0;
        while (queue.find()) {
            assertEquals("the reset did what the preview said: nothing left to replay " + after, queue.group(2), queue.group(1));
            queues++;
        }
        assertTrue(after, queues > 0);
        assertNoAlert();
    }

    private void assertNoAlert() {
        try {
            browser.driver().switchTo().alert();
            throw new AssertionError("a script from a description ran: an alert is open");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }
}
