package io.rocketconnect.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;


/**
 * What the README promises a new user: the built distribution boots with the connector, the shell
 * commands and the development broker; {@code rocketmq:send demo TopicTest hello} answers SEND_OK,
 * {@code rocketmq:consume demo TopicTest} prints hello, stopping by pid stops the broker cleanly, and
 * after a restart the stored message is still there.
 */
public class DistributionIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private KarafProcess karaf;
    private Path home;

    @Before
    public void unpackWithFreePorts() throws IOException {
        karaf = KarafProcess.unpackWithFreePorts();
        home = karaf.home();
    }

    @After
    public void stopKaraf() throws InterruptedException {
        karaf.close();
    }

    @Test
    public void sendConsumeStopAndRestartKeepsTheMessage() throws Exception {
        long started = System.nanoTime();
        long pid = karaf.start();

        String sent = awaitOutput("rocketmq:send demo TopicTest hello", "SEND_OK");
        System.out.printf("Distribution pid %d: boot to first SEND_OK took %.1f s%n", pid,
                (System.nanoTime() - started) / 1e9);
        assertTrue(sent, sent.contains("topic=TopicTest"));

        String consumed = karaf.client("rocketmq:consume --count 1 --timeout 30 demo TopicTest");
        assertTrue(consumed, consumed.contains("body=hello"));

        // The demo adapter has audit.enabled: its send is a row of the H2 audit table, under its requestId.
        String requestId = sent.substring(sent.indexOf("requestId=") + 10).trim().split("\\s")[0];
        String audit = awaitOutput("rocketmq:audit --request-id " + requestId + " demo", requestId);
        assertTrue(audit, audit.contains("send") && audit.contains("TopicTest") && audit.contains("OK"));

        String list = karaf.client("rocketmq:list");
        assertTrue(list, list.contains("demo") && list.contains("Demo adapter on the embedded development broker"));

        // The managed lock on config:*: the connector's entries beside Karaf's own, which stay.
        Path configAcl = home.resolve("etc/org.apache.karaf.command.acl.config.cfg");
        await().atMost(BOOT_TIMEOUT).until(() -> Files.exists(configAcl)
                && Files.readString(configAcl).contains("property-set[/.*io[.]rocketconnect[.]adapter.*/]"));
        assertTrue("Karaf's own entries are still there:\n" + Files.readString(configAcl),
                Pattern.compile("(?m)^property-set\\s*=\\s*manager$").matcher(Files.readString(configAcl)).find());

        String log = karaf.karafLog();
        assertTrue("the broker warns that it is for development",
                log.contains("WARN") && log.contains("RocketMQ DEVELOPMENT broker (not for production)"));
        assertFalse("no ERROR in karaf.log:\n" + errorLines(log), log.contains("| ERROR |"));

        assertTrue("Karaf stops on SIGTERM within 60 s", karaf.stop(60));
        assertFalse("no process left with pid " + pid, ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue("the broker was shut down, not killed", karaf.karafLog().contains("RocketMQ development broker stopped"));

        long restartedPid = karaf.start();
        String again = awaitOutput("rocketmq:consume --count 1 --timeout 30 demo TopicTest", "body=hello");
        assertTrue(again, again.contains("1 message(s) consumed"));
        assertTrue("the store was closed cleanly before", karaf.karafLog().contains("last shutdown normally"));
        assertTrue(karaf.stop(60));
        assertFalse(ProcessHandle.of(restartedPid).map(ProcessHandle::isAlive).orElse(false));
    }

    /**
     * feature:uninstall takes the connector away with every thread its clients started, and
     * feature:install brings it back working. Every thread is counted, not only those with a known name:
     * after the first uninstall, none started since the census taken with the connector up may remain;
     * after a second install and uninstall, none started since the first uninstall may remain (this is
     * the round that starts the connector from nothing, as the boot did). Only pools that are neither
     * the connector's nor its clients' are left out ({@link #NOT_THE_CONNECTORS}).
     */
    @Test
    public void uninstallingTheConnectorFeatureLeavesNoClientThreadAndInstallingItAgainWorks() throws Exception {
        karaf.start();
        awaitOutput("rocketmq:send demo TopicTest round-1", "SEND_OK");
        Map<Long, String> withTheConnector = liveThreads();
        assertTrue("the census sees the connector's client threads: " + withTheConnector,
                withTheConnector.containsValue("MQClientFactoryScheduledThread"));

        Map<Long, String> afterFirst = uninstallConnector(withTheConnector);
        assertEquals("threads of the connector's (by their names) left after feature:uninstall", List.of(),
                afterFirst.values().stream().filter(name -> CONNECTOR_THREADS.stream().anyMatch(name::startsWith)).toList());

        karaf.client("feature:install rocketmq-connector rocketmq-audit-h2 rocketmq-webconsole rocketmq-prometheus "
                + "rocketmq-notify");
        awaitOutput("rocketmq:send demo TopicTest round-2", "SEND_OK");
        String consumed = karaf.client("rocketmq:consume --count 2 --timeout 30 demo TopicTest");
        assertTrue(consumed, consumed.contains("body=round-1") && consumed.contains("body=round-2"));

        uninstallConnector(afterFirst);
        assertFalse("no ERROR in karaf.log:\n" + errorLines(karaf.karafLog()), karaf.karafLog().contains("| ERROR |"));
    }

    /**
     * karaf.log stays readable: a minute of idling, once the distribution is up, adds fewer than 10 lines
     * (the development broker's once-a-second watermark lines and the RocketMQ statistics used to add some
     * 300), and the consumer that rocketmq:consume shuts down leaves no "No matched consumer" warning
     * behind when its last long polls come back.
     */
    @Test
    public void anIdleDistributionWritesFewerThanTenLinesAMinuteToKarafLog() throws Exception {
        karaf.start();
        awaitOutput("rocketmq:send demo TopicTest idle", "SEND_OK");

        List<String> idle = linesKarafLogGainsIn(IDLE);
        assertTrue("karaf.log gained " + idle.size() + " lines in a minute of idling:\n" + String.join("\n", idle),
                idle.size() < 10);

        String consumed = karaf.client("rocketmq:consume --count 1 --timeout 30 demo TopicTest");
        assertTrue(consumed, consumed.contains("body=idle"));
        // The consumer's last long polls come back within the broker's 15 s suspension and its 5 s check.
        linesKarafLogGainsIn(Duration.ofSeconds(30));
        List<String> dropped = karaf.karafLog().lines()
                .filter(line -> line.contains("No matched consumer for the PullRequest")).toList();
        assertEquals("pull requests of rocketmq:consume's consumer dropped with a warning", List.of(), dropped);
    }

    /** The lines karaf.log gains while the test does nothing for {@code idle}. */
    private List<String> linesKarafLogGainsIn(Duration idle) throws IOException {
        long linesBefore = karaf.karafLog().lines().count();
        long from = System.nanoTime();
        await().atMost(idle.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !karaf.isAlive() || System.nanoTime() - from >= idle.toNanos());
        assertTrue("Karaf exited", karaf.isAlive());
        List<String> gained = karaf.karafLog().lines().skip(linesBefore).toList();
        System.out.printf("karaf.log gained %d lines in %.0f s of idling%n", gained.size(), (System.nanoTime() - from) / 1e9);
        return gained;
    }

    private static final Duration IDLE = Duration.ofSeconds(60);

    /**
     * Every feature of our repository installs in the distribution as built, with nothing but its
     * {@code system/} folder: Karaf's resolver is offline, asks no remote repository, and its local
     * repository is an empty folder, so no io.rocketconnect artifact (or any other) can come from
     * elsewhere. Each feature's bundles end up active.
     */
    @Test
    public void everyFeatureOfOurRepositoryInstallsOfflineFromTheDistribution() throws Exception {
        Path emptyLocalRepository = Files.createDirectories(home.resolve("empty-local-repository"));
        Path emptySettings = Files.writeString(home.resolve("empty-settings.xml"), "<settings/>\n");
        KarafProcess.setProperties(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), List.of(
                "org.ops4j.pax.url.mvn.offline", "true",
                "org.ops4j.pax.url.mvn.repositories", "",
                "org.ops4j.pax.url.mvn.localRepository", emptyLocalRepository.toString(),
                "org.ops4j.pax.url.mvn.settings", emptySettings.toString()));
        karaf.start();
        awaitOutput("rocketmq:list", "demo");

        String repository = "rocketconnect-" + System.getProperty("project.version", "0.1.0-SNAPSHOT");
        List<String> features = karaf.client("feature:list --no-format --repository " + repository).lines()
                .map(line -> line.split("\t")[0].trim()).filter(name -> name.startsWith("rocketmq-")).toList();
        assertTrue("our repository's features: " + features, features.containsAll(List.of("rocketmq-client",
                "rocketmq-connector", "rocketmq-audit-h2", "rocketmq-audit-postgresql", "rocketmq-connector-flowable",
                "rocketmq-broker-embedded", "rocketmq-webconsole", "rocketmq-opentelemetry", "rocketmq-prometheus", "rocketmq-notify")));

        long refreshesBefore = karaf.karafLog().lines().filter(line -> line.contains("Refreshing bundles:")).count();
        for (String feature : features) {
            String installed = karaf.client("feature:install " + feature);
            assertFalse("feature:install " + feature + ":\n" + installed, installed.contains("Error"));
        }
        // An operator who adds a feature must not see the connector and the broker restart under it.
        assertEquals("bundles Karaf refreshed (and so restarted) while the features were installed", refreshesBefore,
                karaf.karafLog().lines().filter(line -> line.contains("Refreshing bundles:")).count());
        Map<String, String> states = bundleStatesByLocation();
        List<String> notActive = new java.util.ArrayList<>();
        for (String feature : features) {
            for (Map.Entry<String, Boolean> bundle : bundles(feature).entrySet()) {
                String state = states.get(bundle.getKey());
                // A dependency="true" bundle is left out when an installed bundle already provides what it would.
                if (!"Active".equals(state) && !(state == null && bundle.getValue())) {
                    notActive.add(feature + ": " + bundle.getKey() + " is " + (state == null ? "not installed" : state));
                }
            }
        }
        assertEquals("bundles of our features that are not active", List.of(), notActive);
        await().atMost(BOOT_TIMEOUT).until(() -> karaf.karafLog().contains("Flowable process engine 'rocketconnect' started"));
        try (Stream<Path> downloaded = Files.walk(emptyLocalRepository)) {
            assertEquals("nothing was fetched into the local repository", List.of(emptyLocalRepository),
                    downloaded.toList());
        }
        assertFalse("no ERROR in karaf.log:\n" + errorLines(karaf.karafLog()), karaf.karafLog().contains("| ERROR |"));
    }

    private static final Pattern BUNDLE = Pattern.compile("<bundle([^>]*)>\\s*(\\S+?)\\s*</bundle>");

    /**
     * The bundles of {@code feature} itself (not those of its conditionals or of features it
     * includes), by location, each with whether it is marked dependency="true".
     */
    private Map<String, Boolean> bundles(String feature) throws Exception {
        Map<String, Boolean> bundles = new TreeMap<>();
        String xml = karaf.client("feature:info -x " + feature);
        String own = xml.contains("<conditional>") ? xml.substring(0, xml.indexOf("<conditional>")) : xml;
        Matcher bundle = BUNDLE.matcher(own);
        while (bundle.find()) {
            bundles.put(bundle.group(2), bundle.group(1).contains("dependency=\"true\""));
        }
        return bundles;
    }

    /** Every bundle's state, by the location it was installed from. */
    private Map<String, String> bundleStatesByLocation() throws Exception {
        Map<String, String> states = new TreeMap<>();
        for (String line : karaf.client("bundle:list -l -t 0 --no-format").lines().toList()) {
            String[] columns = line.split("\t");
            if (columns.length >= 5 && columns[0].trim().matches("\\d+")) {
                states.put(columns[4].trim(), columns[1].trim());
            }
        }
        return states;
    }

    /**
     * Uninstalls the connector (and the features that need it) and waits until no thread started after
     * {@code baseline} is alive any more (stopped threads end a little after their bundles stop); returns
     * the live threads then. Fails with the threads that stayed.
     */
    private Map<Long, String> uninstallConnector(Map<Long, String> baseline) throws Exception {
        // The features installed at boot that need the connector's go first. rocketmq-opentelemetry came
        // as rocketmq-prometheus' dependency: Karaf takes it away with it, and naming it would fail the
        // whole command ("not installed": it was never asked for).
        karaf.client("feature:uninstall rocketmq-webconsole rocketmq-prometheus rocketmq-notify rocketmq-audit-h2 "
                + "rocketmq-connector");
        awaitOutput("rocketmq:list", "Command not found");
        // A thread counts as left only when two censuses in a row see it: each census runs in a shell
        // session of its own, whose threads (gogo's "job controller", the SSH channel's) end with it.
        AtomicReference<Map<Long, String>> previous = new AtomicReference<>();
        AtomicReference<Map<Long, String>> left = new AtomicReference<>(Map.of());
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<Long, String> now = liveThreads();
                if (now.isEmpty()) {
                    return false; // bin/client did not get through; no census this time
                }
                Map<Long, String> before = previous.getAndSet(now);
                if (before == null) {
                    return false;
                }
                Map<Long, String> stayed = new TreeMap<>(now);
                stayed.keySet().removeAll(baseline.keySet());
                stayed.keySet().retainAll(before.keySet());
                left.set(stayed);
                return stayed.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("threads started since the census before and still alive 60 s after "
                    + "feature:uninstall (id=name): " + left.get(), e);
        }
        return previous.get();
    }

    /**
     * Every live thread of Karaf's JVM by id (a JVM never gives an id twice, so a new thread is a new id
     * even when its name is an old one's), less {@link #NOT_THE_CONNECTORS}.
     */
    private Map<Long, String> liveThreads() throws Exception {
        Map<Long, String> threads = new TreeMap<>();
        for (String line : karaf.client("shell:threads --list --no-format").lines().toList()) {
            String[] columns = line.split("\t");
            if (columns.length >= 3 && columns[0].trim().matches("\\d+")) {
                String name = columns[1].trim();
                if (NOT_THE_CONNECTORS.stream().noneMatch(name::startsWith)) {
                    threads.put(Long.parseLong(columns[0].trim()), name);
                }
            }
        }
        return threads;
    }

    /**
     * Threads that come and go, or pools that grow, on their own, with no client of the connector
     * behind them. Neither the connector nor a RocketMQ client names a thread so.
     */
    private static final List<String> NOT_THE_CONNECTORS = List.of(
            // Karaf's SSH server: its I/O pool grows with the sessions bin/client opens (this census is one).
            "sshd-",
            // Gogo's session pool (CommandSessionImpl: a cached pool named "session"): its idle threads end
            // 60 s after the session that started them, so the census's own sessions leave some behind.
            "session-",
            // Felix EventAdmin's pool grows up to 20 when events are delivered asynchronously (service events of
            // stopping bundles) and keeps its threads for the eventadmin bundle's lifetime (ConnectorThreads).
            "EventAdminThread #",
            // The JVM's common pool starts and retires workers on its own.
            "ForkJoinPool.commonPool-worker-",
            // The development broker and its NameServer (feature rocketmq-broker-embedded, which stays
            // installed): their request pools start one thread per request until their core size, so the
            // second round's sends and consumes add threads there. Names from RocketMQ 4.9.8's
            // BrokerController, NamesrvController, NettyRemotingServer and BrokerOuterAPI; no client uses them.
            "SendMessageThread_", "PutMessageThread_", "PullMessageThread_", "ProcessReplyMessageThread_",
            "QueryMessageThread_", "AdminBrokerThread_", "ClientManageThread_", "HeartbeatThread_",
            "EndTransactionThread_", "ConsumerManageThread_", "RemotingExecutorThread_", "NettyServerCodecThread_",
            "NettyServerNIOSelector_", "NettyServerPublicExecutor_", "brokerOutApi_thread_");

    /** Threads that only the connector's clients and the connector itself start. */
    private static final List<String> CONNECTOR_THREADS = List.of("MQClientFactoryScheduledThread", "PullMessageService",
            "RebalanceService", "ConsumeMessageThread_", "AsyncSenderExecutor_", "ConsumeMessageScheduledThread_",
            "rocketconnect-");

    /** Runs a command until its output contains {@code expected} (Karaf is still booting before that). */
    private String awaitOutput(String command, String expected) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            await().atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertTrue("Karaf exited", karaf.isAlive());
                last.set(karaf.client(command));
                return last.get().contains(expected);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + command + "' never printed " + expected + "; last output:\n" + last.get(), e);
        }
        return last.get();
    }

    private static String errorLines(String log) {
        return log.lines().filter(line -> line.contains("| ERROR |")).limit(10).reduce("", (a, b) -> a + b + "\n");
    }
}
