package io.rocketconnect.itests;

import static io.rocketconnect.itests.ConnectorThreads.liveThreads;
import static io.rocketconnect.itests.ConnectorThreads.newThreads;
import static io.rocketconnect.itests.ConnectorThreads.sendAndReceiveOne;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.ManagedAdapterException;

/**
 * Plain JUnit assertions only: inside Karaf the probe sees pax-exam's hamcrest 1.3, which has no
 * Matchers class.
 * <p>
 * The rocketmq-connector feature in a real Karaf, against a real broker in the test JVM.
 * {@code etc/io.rocketconnect.adapter-orders.cfg} and {@code -bad.cfg} are in place at boot; the
 * lifecycle test writes, changes and deletes its own file in etc/ as an operator would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RocketmqConnectorIT {

    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Filter("(adapter.id=orders)")
    private RocketmqAPI orders;

    @Inject
    private RocketmqAdapters adapters;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafWithBroker.options();
    }

    @Test
    public void hundredMessagesProducedThroughDoProduceAreConsumedThroughDoConsume() {
        List<String> sent = new ArrayList<>();
        orders.doProduce("it-orders-producer", producer -> {
            for (int i = 0; i < 100; i++) {
                String body = "order-" + i;
                Message message = new Message(KarafWithBroker.TOPIC, "created", "order-key-" + i, body.getBytes(UTF_8));
                assertEquals(SendStatus.SEND_OK, producer.send(message).getSendStatus());
                sent.add(body);
            }
        });

        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        try (ConsumerHandle handle = orders.doConsume("it-orders-consumer", consumer -> {
            consumer.subscribe(KarafWithBroker.TOPIC, "created");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, ctx) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 100);
        }
        assertEquals(Set.copyOf(sent), Set.copyOf(received));
        assertEquals("each message exactly once", 100, received.size());
    }

    /** What bundle:headers shows: the client's packages exported at its version, fastjson kept private. */
    @Test
    public void clientBundleExportsRocketmqAtItsVersionAndKeepsFastjsonPrivate() {
        Bundle client = Stream.of(context.getBundles())
                .filter(b -> "rocketconnect-rocketmq-client".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("client bundle not installed"));
        assertEquals(Bundle.ACTIVE, client.getState());
        List<BundleCapability> exports = client.adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE);
        Map<String, Object> exported = exports.stream().collect(Collectors.toMap(
                c -> (String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                c -> c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE), (a, b) -> a));
        assertEquals(Version.parseVersion("4.9.8"), exported.get("org.apache.rocketmq.client.producer"));
        assertEquals("fastjson must stay private", List.of(), exported.keySet().stream()
                .filter(p -> p.startsWith("com.alibaba")).collect(Collectors.toList()));
        assertContains(client.getHeaders().get("Export-Package"), "org.apache.rocketmq.client.producer;version=\"4.9.8\"");
    }

    @Test
    public void registryFindsAdaptersByModelIdAndNamesUnknownOnes() {
        // Each bundle gets its own view of an adapter (so the audit log knows the caller): the one the
        // registry finds equals the one the framework gave this bundle.
        assertEquals(orders, adapters.getRocketmqAPI("orders"));
        NoSuchAdapterException e = assertThrows(NoSuchAdapterException.class, () -> adapters.getRocketmqAPI("ordres"));
        assertContains(e.getMessage(), "'ordres'");
        assertContains(e.getMessage(), "orders");
    }

    @Test
    public void badConfigurationYieldsNoServiceAndOneErrorLineNamingKeyValueAndRange() throws Exception {
        assertEquals(List.of(), adapterServices("bad"));
        assertFalse(adapters.adapterIds().contains("bad"));
        await().atMost(SERVICE_TIMEOUT).until(() -> !karafLogLines("'bad' is not available: consumeThreadMax=1001").isEmpty());
        List<String> lines = karafLogLines("'bad' is not available: consumeThreadMax=1001");
        assertEquals("one line about it: " + lines, 1, lines.size());
        assertContains(lines.get(0), "ERROR");
        assertContains(lines.get(0), "Adapter 'bad'");
        assertContains(lines.get(0), "[0, 1000]");
        assertEquals("no other ERROR line about adapter 'bad'", 1, karafLogLines("'bad'").stream()
                .filter(line -> line.contains("ERROR")).count());
    }

    /**
     * Every case of {@link BadAdapterValues} goes through the real component at once, each as its own
     * factory configuration: each gets exactly one ERROR line, which names the key, the value as written
     * and the rule, and no adapter service.
     */
    @Test
    public void everyBadValueOfTheTableYieldsNoServiceAndOneErrorLineNamingKeyValueAndRule() throws Exception {
        List<org.osgi.service.cm.Configuration> created = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < BadAdapterValues.ALL.size(); i++) {
                BadAdapterValues.Case bad = BadAdapterValues.ALL.get(i);
                Hashtable<String, Object> properties = new Hashtable<>(Map.of("id", "bad-table-" + i,
                        "namesrvAddr", System.getProperty(KarafWithBroker.NAMESRV_PROPERTY)));
                properties.put(bad.key(), bad.value());
                org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration("io.rocketconnect.adapter", "bad-table-" + i, "?");
                config.update(properties);
                created.add(config);
                ids.add(bad.key().equals("id") ? bad.value() : "bad-table-" + i);
            }
            for (int i = 0; i < ids.size(); i++) {
                String expected = "Adapter '" + ids.get(i) + "' is not available: " + BadAdapterValues.ALL.get(i).problem();
                await(expected).atMost(SERVICE_TIMEOUT).until(() -> !karafLogLines(expected).isEmpty());
                List<String> errors = karafLogLines("Adapter '" + ids.get(i) + "'").stream().filter(line -> line.contains("ERROR")).toList();
                assertEquals("ERROR lines about " + ids.get(i), 1, errors.size());
                assertContains(errors.get(0), expected);
            }
            List<Object> registered = new ArrayList<>();
            for (ServiceReference<RocketmqAPI> reference : context.getServiceReferences(RocketmqAPI.class, null)) {
                registered.add(reference.getProperty("adapter.id"));
            }
            assertEquals("adapters registered for a bad configuration", List.of(),
                    ids.stream().filter(registered::contains).toList());
            System.out.printf("RocketmqConnectorIT: %d bad configurations, each one ERROR line with key, value and rule, no service%n",
                    ids.size());
        } finally {
            for (org.osgi.service.cm.Configuration config : created) {
                config.delete();
            }
        }
    }

    /** rocketmq:info and rocketmq:list say why an adapter is down, where an operator looks first. */
    @Test
    public void infoAndListNameTheKeyValueAndRangeOfADownAdapter() throws Exception {
        String info = shell("rocketmq:info bad", KarafShell.VIEWER);
        assertContains(info, "state = down: consumeThreadMax=1001 is not allowed; expected an integer in [0, 1000]");
        String list = shell("rocketmq:list", KarafShell.VIEWER);
        assertTrue(list, list.lines().anyMatch(line -> line.startsWith("bad") && line.contains("down: consumeThreadMax=1001")));
        assertTrue(list, list.lines().anyMatch(line -> line.startsWith("orders") && line.contains(" up ")));
    }

    /**
     * A managed adapter keeps its settings whichever way someone tries to change it: rocketmq:update
     * and rocketmq:delete as an admin, the configuration service, config:property-set and config:edit as
     * a manager (Karaf lets a manager change other configurations), and Karaf's config MBean as a viewer
     * and as a manager. The connector's own refusals name the adapter and its app.
     */
    @Test
    public void aManagedAdapterKeepsItsSettingsOnEveryPath() throws Exception {
        org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration("io.rocketconnect.adapter", "locked", "?");
        config.update(new Hashtable<>(Map.of("namesrvAddr", System.getProperty(KarafWithBroker.NAMESRV_PROPERTY),
                "description", "as deployed", "managed", "true", "app.id", "billing")));
        org.osgi.service.cm.Configuration unrelated = configAdmin.getConfiguration("itest.unrelated", null);
        unrelated.update(new Hashtable<>(Map.of("value", "before")));
        try {
            awaitAdapter("locked", "description", "as deployed");
            String pid = config.getPid();

            for (String command : List.of("rocketmq:update locked description=changed", "rocketmq:delete locked")) {
                Exception refused = assertThrows(command, Exception.class, () -> shell(command, KarafShell.ADMIN));
                assertContains(String.valueOf(refused.getMessage()), "Adapter 'locked' is managed by app 'billing'");
            }

            ManagedAdapterException byService = assertThrows(ManagedAdapterException.class,
                    () -> configurations.update("locked", Map.of("description", "changed")));
            assertEquals("locked", byService.adapterId());
            assertEquals("billing", byService.appId());
            assertThrows(ManagedAdapterException.class, () -> configurations.delete("locked"));

            // Karaf's generic paths: the manager changes another configuration, but not an adapter's.
            shell("config:property-set -p itest.unrelated value after", KarafShell.MANAGER);
            await().atMost(SERVICE_TIMEOUT).until(() -> "after".equals(unrelated.getProperties().get("value")));
            for (String command : List.of("config:property-set -p " + pid + " description changed",
                    "config:property-delete -p " + pid + " managed", "config:edit " + pid)) {
                Exception refused = assertThrows(command, Exception.class, () -> shell(command, KarafShell.MANAGER));
                assertContains(String.valueOf(refused.getMessage()), "Insufficient credentials");
            }

            javax.management.ObjectName configMBean = new javax.management.ObjectName(
                    "org.apache.karaf:type=config,name=" + System.getProperty("karaf.name"));
            String[] signature = {String.class.getName(), String.class.getName(), String.class.getName()};
            for (String user : List.of("watcher", "jmxmanager")) {
                try (javax.management.remote.JMXConnector jmx = KarafJmx.connect(configAdmin, user, user)) {
                    SecurityException refused = assertThrows(user, SecurityException.class, () -> jmx.getMBeanServerConnection()
                            .invoke(configMBean, "setProperty", new Object[] {pid, "description", "changed"}, signature));
                    assertContains(String.valueOf(refused.getMessage()), "Insufficient roles/credentials for operation");
                }
            }
            try (javax.management.remote.JMXConnector jmx = KarafJmx.connect(configAdmin, "jmxmanager", "jmxmanager")) {
                jmx.getMBeanServerConnection().invoke(configMBean, "setProperty",
                        new Object[] {"itest.unrelated", "value", "over JMX"}, signature);
            }

            assertEquals("as deployed", config.getProperties().get("description"));
            assertEquals("true", config.getProperties().get("managed"));
            List<ServiceReference<RocketmqAPI>> services = adapterServices("locked");
            assertEquals("the running adapter was never replaced", 1, services.size());
            assertEquals("as deployed", services.get(0).getProperty("description"));
            assertEquals("over JMX", unrelated.getProperties().get("value"));
        } finally {
            config.delete();
            unrelated.delete();
            Files.deleteIfExists(KarafFiles.etc("itest.unrelated.cfg"));
        }
    }

    @Test
    public void clientLogsGoToKarafLogAndNotToRocketmqlogs() throws Exception {
        orders.doProduce("it-logging-producer", producer -> producer.send(
                new Message(KarafWithBroker.TOPIC, "log", "x".getBytes(UTF_8))));
        await().atMost(SERVICE_TIMEOUT).until(() ->
                karafLogLines("the producer [it-logging-producer] start OK").size() == 1);
        Path rocketmqLogs = Path.of(System.getProperty("user.home"), "logs", "rocketmqlogs");
        assertFalse("the client wrote " + rocketmqLogs, Files.exists(rocketmqLogs));
    }

    /**
     * An operator drops a cfg into etc/, changes it, deletes it: the adapter appears, comes back with
     * the new settings (the old instance refuses calls), and disappears with every thread it started.
     */
    @Test
    public void cfgFileCreatesChangesAndRemovesAnAdapterAndItsThreads() throws Exception {
        Path cfg = Path.of(System.getProperty("karaf.etc"), "io.rocketconnect.adapter-lifecycle.cfg");
        String namesrv = System.getProperty(KarafWithBroker.NAMESRV_PROPERTY);
        Set<Thread> before = liveThreads();

        KarafFiles.writeAtomically(cfg, "namesrvAddr = " + namesrv + "\nconsumeThreadMin = 1\nconsumeThreadMax = 2\n");
        ServiceReference<RocketmqAPI> first = awaitAdapter("lifecycle", "consumeThreadMax", 2);
        RocketmqAPI firstAdapter = context.getService(first);
        sendAndReceiveOne(firstAdapter, "first");
        assertFalse("the adapter started client threads", newThreads(before).isEmpty());

        KarafFiles.writeAtomically(cfg, "namesrvAddr = " + namesrv + "\nconsumeThreadMin = 1\nconsumeThreadMax = 3\n");
        ServiceReference<RocketmqAPI> second = awaitAdapter("lifecycle", "consumeThreadMax", 3);
        RocketmqAPI secondAdapter = context.getService(second);
        assertNotSame(firstAdapter, secondAdapter);
        await().atMost(SERVICE_TIMEOUT).until(() -> adapterServices("lifecycle").size() == 1);
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> firstAdapter.doProduce("it-lifecycle", producer -> { }));
        assertContains(closed.getMessage(), "Adapter 'lifecycle' is closed");
        sendAndReceiveOne(secondAdapter, "second");
        context.ungetService(first);
        context.ungetService(second);

        Files.delete(cfg);
        await().atMost(SERVICE_TIMEOUT).until(() -> adapterServices("lifecycle").isEmpty());
        assertFalse(adapters.adapterIds().contains("lifecycle"));
        await().atMost(SERVICE_TIMEOUT).untilAsserted(() ->
                assertEquals("threads left behind", List.of(), newThreads(before)));
    }

    private static void assertContains(String actual, String expected) {
        assertTrue("expected '" + expected + "' in: " + actual, actual.contains(expected));
    }

    /** A RocketmqListener service is subscribed while registered, and its consumer threads go with it. */
    @Test
    public void whiteboardListenerServiceReceivesUntilUnregistered() {
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        Map<String, String> requestIds = new java.util.concurrent.ConcurrentHashMap<>();
        Hashtable<String, Object> properties = new Hashtable<>(Map.of(
                RocketmqListener.ADAPTER_ID, "orders",
                RocketmqListener.TOPIC, KarafWithBroker.WHITEBOARD_TOPIC,
                RocketmqListener.CONSUMER_GROUP, "it-whiteboard",
                RocketmqListener.CONSUME_FROM, "CONSUME_FROM_FIRST_OFFSET"));
        ServiceRegistration<RocketmqListener> registration = context.registerService(RocketmqListener.class, message -> {
            String body = new String(message.getBody(), UTF_8);
            received.add(body);
            requestIds.put(body, String.valueOf(org.slf4j.MDC.get(RocketmqAPI.REQUEST_ID)));
        }, properties);
        try {
            org.slf4j.MDC.put(RocketmqAPI.REQUEST_ID, "it-whiteboard-request");
            assertEquals(SendReceipt.Status.SEND_OK, orders.send(RocketmqMessage.to(KarafWithBroker.WHITEBOARD_TOPIC)
                    .body("to the whiteboard").build()).status());
            org.slf4j.MDC.remove(RocketmqAPI.REQUEST_ID);
            await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("to the whiteboard"));
            assertEquals("the sender's requestId is in the listener's MDC",
                    "it-whiteboard-request", requestIds.get("to the whiteboard"));
        } finally {
            registration.unregister();
        }
        await().atMost(SERVICE_TIMEOUT).untilAsserted(() -> assertEquals("consumer threads of the listener's group", List.of(),
                liveThreads().stream().map(Thread::getName).filter(n -> n.startsWith("ConsumeMessageThread_it-whiteboard_"))
                        .collect(Collectors.toList())));
    }

    /**
     * The cfg of an adapter changes twice while a sender keeps sending (at least 5,000 messages) and a
     * whiteboard listener consumes: every message that got SEND_OK is received.
     */
    @Test
    public void reconfigurationUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        Path cfg = Path.of(System.getProperty("karaf.etc"), "io.rocketconnect.adapter-reload.cfg");
        String namesrv = System.getProperty(KarafWithBroker.NAMESRV_PROPERTY);
        Set<Thread> threadsBefore = liveThreads();
        KarafFiles.writeAtomically(cfg, "namesrvAddr = " + namesrv + "\nconsumeThreadMin = 2\nconsumeThreadMax = 3\n");
        awaitAdapter("reload", "consumeThreadMax", 3);

        // The listener keeps the adapter's default consumeFromWhere (CONSUME_FROM_LAST_OFFSET).
        Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ServiceRegistration<RocketmqListener> listener = context.registerService(RocketmqListener.class,
                message -> received.add(new String(message.getBody(), UTF_8)), new Hashtable<>(Map.of(
                        RocketmqListener.ADAPTER_ID, "reload", RocketmqListener.TOPIC, KarafWithBroker.RELOAD_TOPIC,
                        RocketmqListener.CONSUMER_GROUP, "it-reload")));
        Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger refusedBeforeTheWire = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean reconfigured = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Void> sender = null;
        try {
            // Sending starts once the new group consumes: it starts each queue at its end (LAST_OFFSET).
            java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
            await("the listener's group consumes").atMost(SERVICE_TIMEOUT).until(() -> {
                adapters.getRocketmqAPI("reload").send(RocketmqMessage.to(KarafWithBroker.RELOAD_TOPIC)
                        .body("probe-" + probes.incrementAndGet()).build());
                return received.stream().anyMatch(body -> body.startsWith("probe-"));
            });
            sender = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int i = 0; acknowledged.size() < 5000 || !reconfigured.get(); i++) {
                    String body = "reload-" + i;
                    try {
                        SendReceipt result = adapters.getRocketmqAPI("reload").send(
                                RocketmqMessage.to(KarafWithBroker.RELOAD_TOPIC).body(body).build());
                        if (result.status() == SendReceipt.Status.SEND_OK) {
                            acknowledged.add(body);
                        }
                    } catch (IllegalStateException | NoSuchAdapterException closedOrBetweenGenerations) {
                        refusedBeforeTheWire.incrementAndGet();
                    }
                }
            });
            await().atMost(SERVICE_TIMEOUT).until(() -> acknowledged.size() >= 1000);
            // Under load, through ConfigurationAdmin: two file edits in quick succession can lose the
            // second one, as fileinstall writes the first one's configuration back into the file when
            // its event arrives late (seen in CI: the edit to 5 was overwritten with 4).
            update("io.rocketconnect.adapter~reload", "consumeThreadMax", "4");
            awaitAdapter("reload", "consumeThreadMax", 4);
            await().atMost(SERVICE_TIMEOUT).until(() -> acknowledged.size() >= 2500);
            // Deleted and created again under load: the file goes, then the configuration comes back
            // through ConfigurationAdmin (fileinstall does not pick up a file of the same name again at once).
            Files.delete(cfg);
            await("the adapter gone").atMost(SERVICE_TIMEOUT).until(() -> adapterServices("reload").isEmpty());
            configAdmin.getFactoryConfiguration("io.rocketconnect.adapter", "reload", "?").update(new Hashtable<>(Map.of(
                    "namesrvAddr", namesrv, "consumeThreadMin", "2", "consumeThreadMax", "3")));
            awaitAdapter("reload", "consumeThreadMax", 3);
            int beforeUpdate = acknowledged.size();
            await().atMost(SERVICE_TIMEOUT).until(() -> acknowledged.size() >= beforeUpdate + 1000);
            update("io.rocketconnect.adapter~reload", "consumeThreadMax", "5");
            awaitAdapter("reload", "consumeThreadMax", 5);
            reconfigured.set(true);
            sender.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue("at least 5,000 acknowledged: " + acknowledged.size(), acknowledged.size() >= 5000);
            await().atMost(Duration.ofSeconds(120)).until(() -> received.containsAll(acknowledged));
            System.out.println("Reconfiguration under load: " + acknowledged.size() + " acknowledged, all received; "
                    + refusedBeforeTheWire.get() + " calls refused before the wire while the adapter changed or was away");
        } finally {
            reconfigured.set(true);
            if (sender != null) {
                sender.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            listener.unregister();
            Files.deleteIfExists(cfg);
            org.osgi.service.cm.Configuration[] left = configAdmin.listConfigurations("(service.pid=io.rocketconnect.adapter~reload)");
            if (left != null) {
                left[0].delete();
            }
        }
        await("the adapter's client threads gone").atMost(SERVICE_TIMEOUT)
                .untilAsserted(() -> assertEquals("threads started since the adapter was created", List.of(),
                        newThreads(threadsBefore).stream().filter(name -> !name.startsWith("ForkJoinPool.commonPool")).toList()));
    }

    /**
     * The rocketmq:* commands through Karaf's command session: an admin creates, lists, sends, consumes
     * and deletes; a viewer may list but not delete (etc/org.apache.karaf.command.acl.rocketmq.cfg).
     */
    @Test
    public void shellCommandsManageAnAdapterAndAViewerCannotDelete() throws Exception {
        Principal[] admin = KarafShell.ADMIN;
        Principal[] viewer = KarafShell.VIEWER;
        String namesrv = System.getProperty(KarafWithBroker.NAMESRV_PROPERTY);

        String created = shell("rocketmq:create --namesrv " + namesrv + " --app shop shellmade consumeThreadMin=1 consumeThreadMax=2", admin);
        assertContains(created, "Adapter 'shellmade' created");
        awaitAdapter("shellmade", "consumeThreadMax", 2);
        assertContains(shell("rocketmq:list", viewer), "shellmade");
        String tested = shell("rocketmq:test shellmade", viewer);
        assertContains(tested, "NameServer answered; 1 broker(s) registered");
        assertContains(tested, "127.0.0.1:");

        String sent = shell("rocketmq:send --tags shell --property origin=itest shellmade " + KarafWithBroker.SHELL_TOPIC + " hello-from-shell", admin);
        assertContains(sent, "SEND_OK");
        assertContains(sent, "requestId=");
        String stats = shell("rocketmq:stats shellmade", viewer);
        assertContains(stats, "send");
        assertContains(stats, "total");
        javax.management.ObjectName mbean = new javax.management.ObjectName("io.rocketconnect:type=Adapter,name=\"shellmade\"");
        javax.management.openmbean.CompositeData[] operations = (javax.management.openmbean.CompositeData[])
                java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(mbean, "Operations");
        assertTrue("the send shows over JMX too", java.util.Arrays.stream(operations).anyMatch(row -> "send".equals(row.get("operation"))));
        String consumed = shell("rocketmq:consume --group it-shell-group --count 1 --timeout 30 shellmade "
                + KarafWithBroker.SHELL_TOPIC, admin);
        assertContains(consumed, "body=hello-from-shell");
        assertContains(consumed, "origin=itest");

        assertContains(shell("rocketmq:topic-status shellmade " + KarafWithBroker.SHELL_TOPIC, viewer), "Messages stored: 1");
        await().atMost(SERVICE_TIMEOUT).ignoreExceptions().until(() -> {
            String progress = shell("rocketmq:consumer-progress shellmade it-shell-group", viewer);
            return progress.contains(KarafWithBroker.SHELL_TOPIC) && progress.contains("Total lag: 0");
        });
        String msgId = sent.substring(sent.indexOf("msgId=") + 6, sent.indexOf(' ', sent.indexOf("msgId=")));
        // The topic as the argument after the adapter, as send and consume take it; --topic still works.
        assertContains(shell("rocketmq:query --msg-id " + msgId + " shellmade " + KarafWithBroker.SHELL_TOPIC, viewer),
                "body=hello-from-shell");
        assertContains(shell("rocketmq:query --topic " + KarafWithBroker.SHELL_TOPIC + " --msg-id " + msgId + " shellmade", viewer),
                "body=hello-from-shell");

        // Operator actions: a viewer counts, browses and tracks; a reset without --yes only previews.
        assertContains(shell("rocketmq:count shellmade " + KarafWithBroker.SHELL_TOPIC, viewer), "Total: 1");
        assertContains(shell("rocketmq:browse shellmade " + KarafWithBroker.SHELL_TOPIC, viewer), "body=hello-from-shell");
        String track = shell("rocketmq:track shellmade " + KarafWithBroker.SHELL_TOPIC + " " + msgId, viewer);
        assertContains(track, "it-shell-group");
        assertContains(track, "CONSUMED");
        String preview = shell("rocketmq:reset-offset --to earliest shellmade it-shell-group " + KarafWithBroker.SHELL_TOPIC, admin);
        assertContains(preview, "Messages replayed: 1, skipped: 0");
        assertContains(preview, "Nothing was changed: add --yes");
        assertContains(shell("rocketmq:consumer-progress shellmade it-shell-group", viewer), "Total lag: 0");
        Exception noDlq = assertThrows(Exception.class, () -> shell("rocketmq:dlq shellmade it-shell-group", viewer));
        assertContains(String.valueOf(noDlq.getMessage()), "group it-shell-group has no dead letters");

        // consume --count takes only the messages it prints: what the client fetched beyond them comes
        // again (through the group's retry topic) to the next consume, and none is lost.
        for (int i = 1; i <= 3; i++) {
            shell("rocketmq:send shellmade " + KarafWithBroker.SHELL_TOPIC + " more-" + i, admin);
        }
        String first = shell("rocketmq:consume --group it-shell-group --count 1 --timeout 30 shellmade "
                + KarafWithBroker.SHELL_TOPIC, admin);
        assertContains(first, "1 message(s) consumed");
        String rest = shell("rocketmq:consume --group it-shell-group --count 2 --timeout 60 shellmade "
                + KarafWithBroker.SHELL_TOPIC, admin);
        assertContains(rest, "2 message(s) consumed");
        for (int i = 1; i <= 3; i++) {
            assertContains(first + rest, "body=more-" + i);
        }

        // Karaf hides a command from a subject whose roles the ACL does not allow: for the viewer,
        // delete does not exist (the admin runs the very same command below).
        Exception refused = assertThrows(Exception.class, () -> shell("rocketmq:delete shellmade", viewer));
        assertContains(String.valueOf(refused.getMessage()), "Command not found: rocketmq:delete");
        assertEquals("the viewer changed nothing", 1, adapterServices("shellmade").size());

        assertContains(shell("rocketmq:delete shellmade", admin), "Adapter 'shellmade' deleted");
        await().atMost(SERVICE_TIMEOUT).until(() -> adapterServices("shellmade").isEmpty());
        // The component closes the adapter, then unregisters the MBean: wait for that, too.
        await().atMost(SERVICE_TIMEOUT).until(() ->
                !java.lang.management.ManagementFactory.getPlatformMBeanServer().isRegistered(mbean));
    }

    /**
     * Karaf's command ACL as shipped, command by command: an admin may run every rocketmq:* command,
     * a viewer only those that change nothing (for a viewer the others do not exist).
     */
    @Test
    public void everyCommandIsOpenToAnAdminAndOnlyTheReadingOnesToAViewer() throws Exception {
        List<String> reading = List.of("list", "info", "topics", "topic-status", "consumer-progress", "query", "test",
                "stats", "audit", "alerts", "browse", "count", "track", "dlq");
        List<String> changing = List.of("create", "update", "delete", "send", "consume", "dlq-resend", "reset-offset");
        for (String command : reading) {
            assertContains(shell("rocketmq:" + command + " --help", KarafShell.VIEWER), "rocketmq:" + command);
            assertContains(shell("rocketmq:" + command + " --help", KarafShell.ADMIN), "rocketmq:" + command);
        }
        for (String command : changing) {
            Exception refused = assertThrows(Exception.class, () -> shell("rocketmq:" + command + " --help", KarafShell.VIEWER));
            assertContains(String.valueOf(refused.getMessage()), "Command not found: rocketmq:" + command);
            assertContains(shell("rocketmq:" + command + " --help", KarafShell.ADMIN), "rocketmq:" + command);
        }
    }

    /**
     * Over Karaf's JMX connector, as JConsole or hawtio would connect: a viewer reads an adapter's
     * figures but may not change its configuration through Karaf's config MBean; an admin may, and the
     * adapter comes back with the change. (users.properties has the viewer "watcher" and the admin "jmxadmin".)
     */
    @Test
    public void overJmxAViewerReadsTheFiguresAndOnlyAnAdminChangesTheConfiguration() throws Exception {
        org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration("io.rocketconnect.adapter", "jmxrbac", "?");
        config.update(new Hashtable<>(Map.of("namesrvAddr", System.getProperty(KarafWithBroker.NAMESRV_PROPERTY),
                "description", "as configured")));
        try {
            awaitAdapter("jmxrbac", "description", "as configured");
            javax.management.ObjectName figures = new javax.management.ObjectName("io.rocketconnect:type=Adapter,name=\"jmxrbac\"");
            javax.management.ObjectName configMBean = new javax.management.ObjectName(
                    "org.apache.karaf:type=config,name=" + System.getProperty("karaf.name"));
            Object[] change = {config.getPid(), "description", "changed over JMX"};
            String[] signature = {String.class.getName(), String.class.getName(), String.class.getName()};

            try (javax.management.remote.JMXConnector viewer = KarafJmx.connect(configAdmin, "watcher", "watcher")) {
                javax.management.MBeanServerConnection connection = viewer.getMBeanServerConnection();
                assertEquals(Boolean.TRUE, connection.getAttribute(figures, "Up"));
                SecurityException refused = assertThrows(SecurityException.class,
                        () -> connection.invoke(configMBean, "setProperty", change, signature));
                assertContains(String.valueOf(refused.getMessage()), "Insufficient roles/credentials for operation");
            }
            assertEquals("the viewer changed nothing", "as configured", config.getProperties().get("description"));

            try (javax.management.remote.JMXConnector admin = KarafJmx.connect(configAdmin, "jmxadmin", "jmxadmin")) {
                admin.getMBeanServerConnection().invoke(configMBean, "setProperty", change, signature);
            }
            awaitAdapter("jmxrbac", "description", "changed over JMX");
        } finally {
            config.delete();
            // Karaf's config MBean saved the change to a file in etc/, which must not bring it back.
            Files.deleteIfExists(KarafFiles.etc("io.rocketconnect.adapter~jmxrbac.cfg"));
            Files.deleteIfExists(KarafFiles.etc("io.rocketconnect.adapter-jmxrbac.cfg"));
        }
    }

    /**
     * Where a viewer reads configurations, no adapter's secret key shows. Over JMX, Karaf's config MBean
     * (and the OSGi one, where installed) refuses a viewer an adapter's properties, which Karaf's own ACL
     * would give (get*, list*). config:list prints ConfigAdmin as it is: with {@code .secretKey = @env(NAME)}
     * it shows the formula; a secret written into the configuration itself gets a WARN that says so,
     * naming the key and never the value.
     */
    @Test
    public void aViewerReadsNoSecretKeyThroughConfigListOrTheConfigMBeans() throws Exception {
        String literal = "Lit3ral-S3cret-" + System.nanoTime();
        org.osgi.service.cm.Configuration formula = configAdmin.getFactoryConfiguration("io.rocketconnect.adapter", "secretenv", "?");
        formula.update(new Hashtable<>(Map.of("namesrvAddr", System.getProperty(KarafWithBroker.NAMESRV_PROPERTY),
                "accessKey", "RcItKey", ".secretKey", "@env(RC_IT_SECRET)")));
        org.osgi.service.cm.Configuration written = configAdmin.getFactoryConfiguration("io.rocketconnect.adapter", "secretlit", "?");
        written.update(new Hashtable<>(Map.of("namesrvAddr", System.getProperty(KarafWithBroker.NAMESRV_PROPERTY),
                "accessKey", "RcItKey", ".secretKey", literal)));
        try {
            await().atMost(SERVICE_TIMEOUT).until(() -> !karafLogLines("Adapter 'secretlit': .secretKey holds the secret itself").isEmpty());
            assertEquals("one WARN about the written secret, with the key and not the value", 1,
                    karafLogLines("Adapter 'secretlit': .secretKey holds the secret itself").stream().filter(line -> line.contains("WARN")).count());
            assertEquals("no WARN about the formula", List.of(), karafLogLines("Adapter 'secretenv': .secretKey holds"));
            assertEquals("karaf.log lines with the secret", List.of(), karafLogLines(literal));

            String listed = shell("config:list \"(service.factoryPid=io.rocketconnect.adapter)\"", KarafShell.VIEWER);
            assertContains(listed, ".secretKey = @env(RC_IT_SECRET)");

            javax.management.ObjectName karafConfig = new javax.management.ObjectName(
                    "org.apache.karaf:type=config,name=" + System.getProperty("karaf.name"));
            try (javax.management.remote.JMXConnector viewer = KarafJmx.connect(configAdmin, "watcher", "watcher")) {
                javax.management.MBeanServerConnection connection = viewer.getMBeanServerConnection();
                for (String pid : List.of(formula.getPid(), written.getPid())) {
                    assertRefused(() -> connection.invoke(karafConfig, "listProperties", new Object[] {pid}, new String[] {String.class.getName()}));
                    assertRefused(() -> connection.invoke(karafConfig, "getProperty", new Object[] {pid, ".secretKey"},
                            new String[] {String.class.getName(), String.class.getName()}));
                    for (javax.management.ObjectName cm : connection.queryNames(new javax.management.ObjectName("osgi.compendium:service=cm,*"), null)) {
                        assertRefused(() -> connection.invoke(cm, "getProperties", new Object[] {pid}, new String[] {String.class.getName()}));
                    }
                }
                assertEquals("a viewer still reads other configurations", Boolean.TRUE, connection.invoke(karafConfig, "listProperties",
                        new Object[] {"org.apache.karaf.log"}, new String[] {String.class.getName()}) instanceof Map);
            }
            try (javax.management.remote.JMXConnector admin = KarafJmx.connect(configAdmin, "jmxadmin", "jmxadmin")) {
                Object properties = admin.getMBeanServerConnection().invoke(karafConfig, "listProperties",
                        new Object[] {formula.getPid()}, new String[] {String.class.getName()});
                assertContains(String.valueOf(properties), "@env(RC_IT_SECRET)");
            }
        } finally {
            formula.delete();
            written.delete();
        }
    }

    private static void assertRefused(org.junit.function.ThrowingRunnable read) {
        SecurityException refused = assertThrows(SecurityException.class, read);
        assertContains(String.valueOf(refused.getMessage()), "Insufficient roles/credentials for operation");
    }

    /**
     * filelog.enabled writes request and result to data/log/rocketconnect-requests.log, which rolls at
     * the size and keeps the count set in etc/org.ops4j.pax.logging.cfg (4 KB x 2 in this Karaf), and
     * Karaf's own logging configuration is left as it was.
     */
    @Test
    public void requestFileLogRollsAtTheConfiguredSizeAndKeepsTheConfiguredCount() throws Exception {
        java.util.Dictionary<String, Object> logging = configAdmin.getConfiguration("org.ops4j.pax.logging", null).getProperties();
        assertEquals("Karaf's karaf.log appender is still configured", "RollingRandomAccessFile",
                logging.get("log4j2.appender.rolling.type"));

        Path cfg = Path.of(System.getProperty("karaf.etc"), "io.rocketconnect.adapter-filelogged.cfg");
        KarafFiles.writeAtomically(cfg, "namesrvAddr = " + System.getProperty(KarafWithBroker.NAMESRV_PROPERTY)
                + "\nfilelog.enabled = true\nfilelog.bodyLimit = 1000\n");
        awaitAdapter("filelogged", "filelog.enabled", true);
        RocketmqAPI logged = adapters.getRocketmqAPI("filelogged");
        Path logDir = Path.of(System.getProperty("karaf.log"));
        String body = "x".repeat(500);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (int i = 0; i < 10; i++) {
                    logged.send(RocketmqMessage.to(KarafWithBroker.FILELOG_TOPIC).body(body).build());
                }
                return Files.exists(logDir.resolve("rocketconnect-requests.log.2"));
            });
            for (int i = 0; i < 30; i++) {
                logged.send(RocketmqMessage.to(KarafWithBroker.FILELOG_TOPIC).body(body).build());
            }
            assertFalse("at most 2 rolled files are kept", Files.exists(logDir.resolve("rocketconnect-requests.log.3")));
            // The writer thread drains every 20 ms and may be between rolling and writing the new file.
            Path currentLog = logDir.resolve("rocketconnect-requests.log");
            String current = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> Files.readString(currentLog, UTF_8), text -> text.contains("adapter=filelogged operation=send"));
            assertContains(current, "status=SEND_OK");
            assertTrue("files rolled near the configured 4 KB", Files.size(logDir.resolve("rocketconnect-requests.log.1")) < 8 * 1024);
            assertFalse("request lines stay out of karaf.log", karafLogLines("adapter=filelogged operation=send").size() > 0);
        } finally {
            Files.deleteIfExists(cfg);
        }
    }

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Inject
    private AdapterConfigurationService configurations;

    private void update(String pid, String key, String value) throws Exception {
        org.osgi.service.cm.Configuration config = configAdmin.listConfigurations("(service.pid=" + pid + ")")[0];
        java.util.Dictionary<String, Object> properties = config.getProperties();
        properties.put(key, value);
        config.update(properties);
    }

    @Inject
    private SessionFactory sessionFactory;

    private String shell(String command, Principal... principals) throws Exception {
        return new KarafShell(sessionFactory).run(command, principals);
    }

    private ServiceReference<RocketmqAPI> awaitAdapter(String id, String property, Object value) {
        return await().atMost(SERVICE_TIMEOUT).until(() -> adapterServices(id).stream()
                        .filter(ref -> value.equals(ref.getProperty(property)))
                        .findFirst().orElse(null),
                ref -> ref != null);
    }

    private List<ServiceReference<RocketmqAPI>> adapterServices(String id) throws InvalidSyntaxException {
        return new ArrayList<>(context.getServiceReferences(RocketmqAPI.class, "(adapter.id=" + id + ")"));
    }

    private static List<String> karafLogLines(String text) throws IOException {
        Path log = Path.of(System.getProperty("karaf.log"), "karaf.log");
        try (Stream<String> lines = Files.lines(log, UTF_8)) {
            return lines.filter(line -> line.contains(text)).collect(Collectors.toList());
        }
    }
}
