package io.rocketconnect.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.MDC;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.RocketmqMessage;

/**
 * The audit log and the SLA alert policies in a real Karaf with the rocketmq-audit-h2 feature (pax-jdbc,
 * H2, HikariCP) and Karaf's eventadmin, against a real broker. Plain JUnit assertions only (see
 * RocketmqConnectorIT).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MonitoringIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Inject
    private RocketmqAdapters adapters;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    @Filter("(dataSourceName=rocketconnect-audit)")
    private DataSource auditDatabase;

    @Configuration
    public Option[] config() {
        return KarafWithBroker.options("rocketmq-audit-h2");
    }

    @Test
    public void auditRowsOfSuccessfulAndFailedSendsCarryTheRequestIdTheCallerSaw() throws Exception {
        Path cfg = KarafFiles.etc("io.rocketconnect.adapter-audited.cfg");
        KarafFiles.writeAtomically(cfg, "namesrvAddr = " + System.getProperty(KarafWithBroker.NAMESRV_PROPERTY) + "\naudit.enabled = true\n");
        try {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> adapters.getRocketmqAPI("audited") != null);
            KarafShell shell = new KarafShell(sessionFactory);

            String sent = shell.run("rocketmq:send audited " + KarafWithBroker.MONITORING_TOPIC + " audited-body", KarafShell.ADMIN);
            assertContains(sent, "SEND_OK");
            String requestId = sent.substring(sent.indexOf("requestId=") + 10).trim().split("\\s")[0];

            RocketmqAPI audited = adapters.getRocketmqAPI("audited");
            MDC.put("requestId", "it-audit-refused");
            try {
                assertThrows(IllegalArgumentException.class,
                        () -> audited.send(RocketmqMessage.to("no spaces allowed").body("x").build()));
            } finally {
                MDC.remove("requestId");
            }

            String ok = await().atMost(TIMEOUT).until(() -> shell.run("rocketmq:audit --request-id " + requestId + " audited",
                    KarafShell.VIEWER), printed -> printed.contains(requestId));
            assertContains(ok, "OK");
            assertContains(ok, KarafWithBroker.MONITORING_TOPIC);
            assertContains(ok, "rocketconnect-shell-commands"); // the bundle that made the call

            String failed = await().atMost(TIMEOUT).until(() -> shell.run("rocketmq:audit --errors audited", KarafShell.VIEWER),
                    printed -> printed.contains("it-audit-refused"));
            assertContains(failed, "java.lang.IllegalArgumentException");
            assertContains(failed, context.getBundle().getSymbolicName());
            assertTrue("never the body", !failed.contains("audited-body") && !ok.contains("audited-body"));

            assertContains(shell.run("rocketmq:stats audited", KarafShell.VIEWER), "Audit log of audited: 2 written, 0 dropped");
            assertTrue("H2 keeps the table under data/", Files.exists(Path.of(System.getProperty("karaf.data"), "rocketconnect", "audit.mv.db")));
            try (var connection = auditDatabase.getConnection(); var rows = connection.createStatement()
                    .executeQuery("SELECT COUNT(*) FROM rocketconnect_audit WHERE adapter_id = 'audited'")) {
                rows.next();
                assertEquals(2, rows.getInt(1));
            }
        } finally {
            Files.deleteIfExists(cfg);
        }
    }

    @Test
    public void anErrorRatePolicyTripsOnRefusedSendsAndResolvesWhenSendsSucceed() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {RocketmqAlerts.TOPIC_ALERT, RocketmqAlerts.TOPIC_RESOLVED});
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topics);
        Path cfg = KarafFiles.etc("io.rocketconnect.sla.policy-it-errors.cfg");
        KarafFiles.writeAtomically(cfg, "adapter = orders\nmetric = errorRate\nthreshold = 0.5\nwindow = 10s\ncooldown = 0s\nminCalls = 3\n");
        KarafShell shell = new KarafShell(sessionFactory);
        try {
            RocketmqAPI orders = adapters.getRocketmqAPI("orders");
            await().atMost(TIMEOUT).until(() -> KarafFiles.karafLog().contains("SLA policy it-errors: errorRate above 0.5"));

            await().atMost(TIMEOUT).until(() -> {
                assertThrows(IllegalArgumentException.class, () -> orders.send(RocketmqMessage.to("no spaces allowed").body("x").build()));
                return events.stream().anyMatch(e -> e.getTopic().equals(RocketmqAlerts.TOPIC_ALERT));
            });
            Event alert = events.get(0);
            assertEquals(RocketmqAlerts.TOPIC_ALERT, alert.getTopic());
            assertEquals("it-errors", alert.getProperty("policy"));
            assertEquals("orders", alert.getProperty("adapter.id"));
            assertContains(shell.run("rocketmq:alerts", KarafShell.VIEWER), "it-errors");
            assertContains(KarafFiles.karafLog(), "SLA alert: policy 'it-errors' tripped on adapter 'orders'");

            await().atMost(TIMEOUT).until(() -> {
                orders.send(RocketmqMessage.to(KarafWithBroker.MONITORING_TOPIC).body("fine").build());
                return events.stream().anyMatch(e -> e.getTopic().equals(RocketmqAlerts.TOPIC_RESOLVED));
            });
            assertContains(shell.run("rocketmq:alerts", KarafShell.VIEWER), "No active alerts.");
            assertContains(shell.run("rocketmq:alerts --resolved", KarafShell.VIEWER), "it-errors");
        } finally {
            handler.unregister();
            Files.deleteIfExists(cfg);
        }
    }



    private static void assertContains(String text, String expected) {
        assertTrue("expected to contain '" + expected + "' but was:\n" + text, text.contains(expected));
    }
}
