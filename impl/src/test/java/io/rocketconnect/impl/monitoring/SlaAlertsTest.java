package io.rocketconnect.impl.monitoring;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.AlertPolicy;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SlaAlert;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/** Policies evaluated against a real adapter's SLA figures, against a real broker. */
public class SlaAlertsTest {

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    };
    private final SlaAlerts alerts = new SlaAlerts();
    private Adapter adapter;

    @After
    public void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @Test
    public void refusedSendsTripAnErrorRatePolicyAndSuccessfulOnesResolveIt() {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AlertTopic", 1);
        adapter = adapter(broker, "alerting");
        alerts.setEventAdmin(eventAdmin);
        alerts.addPolicy(policy(Map.of("name", "errors", "adapter", "alert*", "metric", "errorRate", "threshold", "0.5",
                "window", "10s", "cooldown", "0s", "minCalls", "2")), Map.of("service.id", 100L));

        for (int i = 0; i < 3; i++) {
            assertThrows(IllegalArgumentException.class, () -> adapter.send(RocketmqMessage.to("bad topic").body("x").build()));
        }
        alerts.evaluate();
        assertEquals(1, alerts.active().size());
        SlaAlert alert = alerts.active().get(0);
        assertEquals("errors", alert.policy());
        assertEquals("alerting", alert.adapterId());
        assertEquals("errorRate", alert.metric());
        assertEquals(1.0, alert.value(), 1e-9);
        assertEquals(1, events.size());
        Event raised = events.get(0);
        assertEquals(RocketmqAlerts.TOPIC_ALERT, raised.getTopic());
        assertEquals("alerting", raised.getProperty("adapter.id"));
        assertEquals(0.5, raised.getProperty("threshold"));

        alerts.evaluate();
        assertEquals("still tripped: no second event", 1, events.size());

        for (int i = 0; i < 4; i++) {
            adapter.send(RocketmqMessage.to("AlertTopic").body("fine").build());
        }
        alerts.evaluate();
        assertTrue("3 errors in 7 calls is under 0.5", alerts.active().isEmpty());
        assertEquals(2, events.size());
        assertEquals(RocketmqAlerts.TOPIC_RESOLVED, events.get(1).getTopic());
        SlaAlert resolved = alerts.resolved().get(0);
        assertNotNull(resolved.resolvedAt());
        assertFalse(resolved.active());
    }

    @Test
    public void withinTheCooldownTheSamePolicyRaisesNoNewAlert() {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AlertTopic", 1);
        adapter = adapter(broker, "cooling");
        alerts.setEventAdmin(eventAdmin);
        alerts.addPolicy(policy(Map.of("name", "busy", "adapter", "cooling", "metric", "calls", "threshold", "2",
                "window", "10s", "cooldown", "1h")), Map.of("service.id", 101L));
        for (int i = 0; i < 3; i++) {
            adapter.send(RocketmqMessage.to("AlertTopic").body("m").build());
        }
        alerts.evaluate();
        assertEquals(1, alerts.active().size());

        alerts.removePolicy(null, Map.of("service.id", 101L));
        alerts.evaluate();
        assertTrue("an alert whose policy is gone resolves", alerts.active().isEmpty());
        alerts.addPolicy(policy(Map.of("name", "busy", "adapter", "cooling", "metric", "calls", "threshold", "2",
                "window", "10s", "cooldown", "1h")), Map.of("service.id", 102L));
        alerts.evaluate();
        assertTrue("tripped again, but within the cooldown", alerts.active().isEmpty());
        assertEquals(List.of(RocketmqAlerts.TOPIC_ALERT, RocketmqAlerts.TOPIC_RESOLVED), events.stream().map(Event::getTopic).toList());
    }

    @Test
    public void aPolicyForOtherAdaptersLeavesThisOneAlone() {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AlertTopic", 1);
        adapter = adapter(broker, "elsewhere");
        alerts.addPolicy(policy(Map.of("name", "other", "adapter", "(app.id=shop)", "metric", "calls", "threshold", "0",
                "window", "10s")), Map.of("service.id", 103L));
        adapter.send(RocketmqMessage.to("AlertTopic").body("m").build());
        alerts.evaluate();
        assertTrue(alerts.active().isEmpty());
    }

    @Test
    public void theEvaluatingThreadIsGoneAfterDeactivation() throws Exception {
        alerts.activate();
        await().atMost(Duration.ofSeconds(5)).until(() -> threadNamed(SlaAlerts.THREAD));
        alerts.deactivate();
        assertFalse(threadNamed(SlaAlerts.THREAD));
    }

    @Test
    public void invalidPoliciesAreRefusedNamingKeyValueAndRule() {
        assertRefused(Map.of("name", "p", "metric", "latency", "threshold", "1"), "metric=latency is not allowed; expected one of [errorRate, p99, calls]");
        assertRefused(Map.of("name", "p", "metric", "errorRate", "threshold", "5"), "threshold=5 is not allowed; expected an error rate in [0, 1]");
        assertRefused(Map.of("name", "p", "metric", "p99"), "threshold is missing");
        assertRefused(Map.of("name", "p", "metric", "p99", "threshold", "100", "window", "5m"), "window=5m is not allowed; expected 10s to 60s");
        assertRefused(Map.of("name", "p", "metric", "p99", "threshold", "100", "cooldown", "soon"), "cooldown=soon is not allowed");
        assertRefused(Map.of("name", "p", "metric", "calls", "threshold", "1", "adapter", "(app.id=shop"), "adapter=(app.id=shop is not allowed");
        assertRefused(Map.of("name", "p", "metric", "calls", "threshold", "1", "condition", "sideways"), "condition=sideways is not allowed");
        assertRefused(Map.of("metric", "calls", "threshold", "1"), "name is missing");
    }

    @Test
    public void theNameComesFromTheFileName() {
        Map<String, Object> properties = new HashMap<>(Map.of("metric", "p99", "threshold", "250"));
        properties.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.rocketconnect.sla.policy-slow-orders.cfg");
        SlaPolicy policy = SlaPolicy.from(properties);
        assertEquals("slow-orders", policy.name());
        assertEquals(Duration.ofSeconds(60), policy.window());
        assertEquals(Duration.ofMinutes(5), policy.cooldown());
        assertNull(policy.operation());
    }

    private static void assertRefused(Map<String, Object> properties, String message) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> SlaPolicy.from(properties));
        assertThat(e.getMessage(), containsString(message));
    }

    /** The policies as the console lists them: by name, with what each watches and its threshold. */
    @Test
    public void thePoliciesInForceAreListedByName() {
        alerts.addPolicy(policy(Map.of("name", "slow", "adapter", "orders", "operation", "send", "metric", "p99",
                "threshold", "250", "window", "30s")), Map.of("service.id", 201L));
        alerts.addPolicy(policy(Map.of("name", "errors", "adapter", "(app.id=shop)", "metric", "errorRate",
                "threshold", "0.1")), Map.of("service.id", 202L));
        List<AlertPolicy> policies = alerts.policies();
        assertEquals(List.of("errors", "slow"), policies.stream().map(AlertPolicy::name).toList());
        AlertPolicy slow = policies.get(1);
        assertEquals("orders", slow.adapters());
        assertEquals("send", slow.operation());
        assertEquals("p99", slow.metric());
        assertEquals("above", slow.comparison());
        assertEquals(250.0, slow.threshold(), 0);
        assertEquals(java.time.Duration.ofSeconds(30), slow.window());
        alerts.removePolicy(null, Map.of("service.id", 201L));
        assertEquals(List.of("errors"), alerts.policies().stream().map(AlertPolicy::name).toList());
    }

    private static SlaPolicy policy(Map<String, Object> properties) {
        return SlaPolicy.from(properties);
    }

    private Adapter adapter(EmbeddedRocketmq broker, String id) {
        Adapter created = new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr())));
        alerts.addAdapter(created, Map.of("service.id", 1L, "adapter.id", id));
        return created;
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }
}
