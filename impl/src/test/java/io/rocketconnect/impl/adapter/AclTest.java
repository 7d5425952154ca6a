package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.monitoring.AdapterStats;
import io.rocketconnect.impl.monitoring.AuditLog;
import io.rocketconnect.testbroker.BrokerAccounts;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.TestBroker;

/**
 * A 4.9.7 broker with ACL on. Allowed, denied, wrong-secret and keyless calls each get an error of their
 * own, and after a run that used all of them no secret shows anywhere the connector writes: log lines
 * (the request file log included), exception messages, service properties, audit rows, JMX attributes.
 */
public class AclTest {

    private static final String ACCESS_KEY = "rocketconnect-app";
    private static final String SECRET = "Secret-0123456789-abcdef";
    private static final String WRONG_SECRET = "Wrong-9876543210-fedcba";
    private static final String READER_KEY = "rocketconnect-reader";
    private static final String READER_SECRET = "Reader-5555555555-abcdef";
    private static final List<String> SECRETS = List.of(SECRET, WRONG_SECRET, READER_SECRET);

    @ClassRule
    public static TemporaryFolder folder = new TemporaryFolder();

    private static TestBroker broker;
    private static ListAppender<ILoggingEvent> logs;
    private static Level rootLevel;
    private static AuditLog audit;
    /** What every test showed a user: exception messages and everything printed about the adapters. */
    private static final List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeClass
    public static void startAclBrokerAndRecordEveryLogLine() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        broker = BrokerLine.selected().start(new BrokerAccounts(ACCESS_KEY, SECRET, READER_KEY, READER_SECRET));
        broker.createTopic("AclTopic", 1);
        broker.createTopic("AclLeakTopic", 1);
        // Recorded from here on: what the connector and its clients log. (The 4.9.7 broker itself logs
        // its plain_acl.yml, secrets included, at INFO when it starts; that is the broker, not us.)
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + folder.getRoot().toPath().resolve("audit"));
        audit = new AuditLog();
        audit.setDataSource(h2);
        audit.start("rocketconnect_audit", 1000, 10);
    }

    @AfterClass
    public static void stopBroker() throws InterruptedException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        audit.deactivate();
        broker.close();
    }

    /** An adapter with the request file log and the audit log on, so that both see the ACL calls. */
    private static Adapter adapter(String id, String accessKey, String secret) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "filelog.enabled", "true", "audit.enabled", "true"));
        if (accessKey != null) {
            config.put("accessKey", accessKey);
            config.put(".secretKey", secret);
        }
        AdapterSettings settings = AdapterSettings.from(config);
        shown.add(settings.toString());
        shown.add(settings.serviceProperties().toString());
        return new Adapter(settings, audit);
    }

    private static RocketmqException refused(Adapter adapter, String topic) {
        RocketmqException e = assertThrows(RocketmqException.class,
                () -> adapter.send(RocketmqMessage.to(topic).body("refused").build()));
        shown.add(chain(e));
        return e;
    }

    /** Every message and stack frame of {@code e} and its causes, as a user's log would show it. */
    private static String chain(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    public void allowedDeniedWrongSecretAndNoKeysEachGetTheirOwnError() {
        try (Adapter allowed = adapter("acl-allowed", ACCESS_KEY, SECRET)) {
            assertEquals(SendReceipt.Status.SEND_OK, allowed.send(RocketmqMessage.to("AclTopic").body("allowed").build()).status());
        }
        String denied;
        try (Adapter reader = adapter("acl-reader", READER_KEY, READER_SECRET)) {
            denied = refused(reader, "AclTopic").getMessage();
        }
        String wrongSecret;
        try (Adapter wrong = adapter("acl-wrong", ACCESS_KEY, WRONG_SECRET)) {
            wrongSecret = refused(wrong, "AclTopic").getMessage();
        }
        String noKeys;
        try (Adapter keyless = adapter("acl-keyless", null, null)) {
            noKeys = refused(keyless, "AclTopic").getMessage();
        }
        // The broker's own words differ by line (4.x plain ACL, 5.x ACL 2.0); the connector's hint does not.
        boolean five = BrokerLine.selected().isFive();
        assertThat(denied, allOf(containsString(five ? "User:" + READER_KEY + " has no permission to access Topic:AclTopic"
                : "No default permission for topic:AclTopic"), containsString("the adapter's accessKey is '" + READER_KEY + "'")));
        assertThat(wrongSecret, allOf(containsString(five ? "check signature failed" : "Check signature failed for accessKey=" + ACCESS_KEY),
                containsString("the adapter's accessKey is '" + ACCESS_KEY + "'")));
        assertThat(noKeys, containsString("this adapter sends no accessKey; the broker has ACL on"));
        try (Adapter allowed = adapter("acl-allowed", ACCESS_KEY, SECRET)) {
            allowed.send(RocketmqMessage.to("AclTopic").body("marker").build());
        }
        // Indexed in order: two (the allowed message and the marker) means no refused one was stored.
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("AclTopic") >= 2);
        assertEquals("only the allowed messages were stored", 2, broker.messagesIn("AclTopic"));
    }

    @Test
    public void noSecretShowsInLogsErrorsServicePropertiesAuditRowsOrJmx() throws Exception {
        try (Adapter wrong = adapter("acl-jmx", ACCESS_KEY, WRONG_SECRET)) {
            AdapterStats stats = new AdapterStats("acl-jmx", () -> wrong);
            stats.register();
            try {
                refused(wrong, "AclLeakTopic");
                shown.add(jmxAttributes(AdapterStats.objectName("acl-jmx")));
            } finally {
                stats.unregister();
            }
        }
        try (Adapter reader = adapter("acl-reader", READER_KEY, READER_SECRET)) {
            refused(reader, "AclLeakTopic");
        }
        try (Adapter allowed = adapter("acl-audited", ACCESS_KEY, SECRET)) {
            allowed.send(RocketmqMessage.to("AclLeakTopic").body("audited").build());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !audit.newest(AuditQuery.newest(10).adapter("acl-audited")).isEmpty());
        List<String> rows = audit.newest(AuditQuery.newest(1000)).stream().map(Object::toString).toList();
        assertThat("audit rows of the refused and the allowed call", rows.size() >= 2);

        List<ILoggingEvent> recorded;
        synchronized (logs) { // AppenderBase.doAppend appends under this lock
            recorded = new ArrayList<>(logs.list);
        }
        List<String> lines = recorded.stream()
                .map(event -> event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                        : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .toList();
        assertThat("the request file log took part", lines.stream().anyMatch(line -> line.contains("AclLeakTopic")));
        // The RocketMQ client's own log is searched too: unless told to log through slf4j, it writes to
        // ~/logs/rocketmqlogs, where no grep of ours reads (nothing else sets that with a broker in a child JVM).
        assertThat("lines of the client's own logger (RocketmqClient) recorded",
                recorded.stream().anyMatch(event -> event.getLoggerName().equals("RocketmqClient")));
        Path clientLogs = Path.of(System.getProperty("user.home"), "logs", "rocketmqlogs");
        assertFalse("the client wrote a log file of its own under " + clientLogs, Files.exists(clientLogs));
        for (String where : List.of("log line", "shown", "audit row")) {
            List<String> texts = switch (where) {
                case "log line" -> lines;
                case "shown" -> shown;
                default -> rows;
            };
            List<String> leaking = texts.stream().filter(text -> SECRETS.stream().anyMatch(text::contains)).toList();
            assertEquals(where + "s that show a secret", List.of(), leaking);
        }
    }

    /** Every attribute of the MBean {@code name}, read as a JMX console reads it. */
    private static String jmxAttributes(ObjectName name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StringBuilder all = new StringBuilder();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            Object value = server.getAttribute(name, attribute.getName());
            all.append(attribute.getName()).append('=').append(value instanceof Object[] array ? Arrays.deepToString(array) : value).append('\n');
        }
        assertThat("the MBean has attributes: " + all, all.length() > 0);
        return all.toString();
    }
}
