package io.rocketconnect.impl;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/** A 4.9.7 broker with ACL on: the right keys send, a wrong secret is refused clearly, no secret is logged. */
public class AclTest {

    private static final String ACCESS_KEY = "rocketconnect-app";
    private static final String SECRET = "Secret-0123456789-abcdef";
    private static final String WRONG_SECRET = "Wrong-9876543210-fedcba";

    private static EmbeddedRocketmq broker;
    private static ListAppender<ILoggingEvent> logs;
    private static Level rootLevel;

    @BeforeClass
    public static void startAclBrokerAndRecordEveryLogLine() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        broker = EmbeddedRocketmq.startWithAcl(ACCESS_KEY, SECRET);
        broker.createTopic("AclTopic", 1);
        // Recorded from here on: what the connector and its clients log. (The 4.9.7 broker itself logs
        // its plain_acl.yml, secrets included, at INFO when it starts; that is the broker, not us.)
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
    }

    @AfterClass
    public static void stopBroker() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        broker.close();
    }

    private static Adapter adapter(String secret) {
        return new Adapter(AdapterSettings.from(Map.of("id", "acl", "namesrvAddr", broker.namesrvAddr(),
                "accessKey", ACCESS_KEY, ".secretKey", secret)));
    }

    @Test
    public void rightKeysSendAndAWrongSecretIsRefusedClearlyAndNoSecretIsLogged() {
        try (Adapter right = adapter(SECRET)) {
            assertEquals(SendStatus.SEND_OK, right.send(RocketmqMessage.to("AclTopic").body("allowed").build()).getSendStatus());
        }
        try (Adapter wrong = adapter(WRONG_SECRET)) {
            RocketmqException e = assertThrows(RocketmqException.class,
                    () -> wrong.send(RocketmqMessage.to("AclTopic").body("refused").build()));
            assertThat(e.getMessage(), containsString("Check signature failed for accessKey=" + ACCESS_KEY));
        }
        try (Adapter right = adapter(SECRET)) {
            right.send(RocketmqMessage.to("AclTopic").body("marker").build());
        }
        // Indexed in order: two (the allowed message and the marker) means the refused one was not stored.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> broker.messagesIn("AclTopic") >= 2);
        assertEquals("only the allowed messages were stored", 2, broker.messagesIn("AclTopic"));

        List<ILoggingEvent> recorded;
        synchronized (logs) { // AppenderBase.doAppend appends under this lock
            recorded = new java.util.ArrayList<>(logs.list);
        }
        List<String> leaking = recorded.stream()
                .map(event -> event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage()))
                .filter(line -> line.contains(SECRET) || line.contains(WRONG_SECRET))
                .collect(Collectors.toList());
        assertThat("log lines recorded at DEBUG: " + recorded.size(), recorded.size() > 100);
        assertEquals("log lines that show a secret", List.of(), leaking);
    }
}
