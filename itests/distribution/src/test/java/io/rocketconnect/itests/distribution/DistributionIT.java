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
import java.util.stream.Collectors;
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
     * feature:install brings it back working; a second round leaves the JVM as the first did.
     */
    @Test
    public void uninstallingTheConnectorFeatureLeavesNoClientThreadAndInstallingItAgainWorks() throws Exception {
        karaf.start();
        awaitOutput("rocketmq:send demo TopicTest round-1", "SEND_OK");
        assertTrue("the census sees the connector's client threads: " + clientThreadCensus(),
                clientThreadCensus().containsKey("MQClientFactoryScheduledThread"));

        Map<String, Long> afterFirst = uninstallConnector();
        assertEquals("the connector's threads after feature:uninstall", Map.of(), onlyTheConnectorsThreads(afterFirst));

        karaf.client("feature:install rocketmq-connector rocketmq-audit-h2 rocketmq-webconsole rocketmq-prometheus "
                + "rocketmq-notify");
        awaitOutput("rocketmq:send demo TopicTest round-2", "SEND_OK");
        String consumed = karaf.client("rocketmq:consume --count 2 --timeout 30 demo TopicTest");
        assertTrue(consumed, consumed.contains("body=round-1") && consumed.contains("body=round-2"));

        Map<String, Long> afterSecond = uninstallConnector();
        assertEquals("client threads after a second install and uninstall, by name (digits left out)", afterFirst, afterSecond);
        assertFalse("no ERROR in karaf.log:\n" + errorLines(karaf.karafLog()), karaf.karafLog().contains("| ERROR |"));
    }

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
     * Uninstalls the connector (and the audit store that needs it); returns the census of client
     * threads once it settles (stopped threads end a little after their bundles stop).
     */
    private Map<String, Long> uninstallConnector() throws Exception {
        // The features installed at boot that need the connector's go first. rocketmq-opentelemetry came
        // as rocketmq-prometheus' dependency: Karaf takes it away with it, and naming it would fail the
        // whole command ("not installed": it was never asked for).
        karaf.client("feature:uninstall rocketmq-webconsole rocketmq-prometheus rocketmq-notify rocketmq-audit-h2 "
                + "rocketmq-connector");
        awaitOutput("rocketmq:list", "Command not found");
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, Long> now = clientThreadCensus();
                boolean settled = now.equals(last.get()) && onlyTheConnectorsThreads(now).isEmpty();
                last.set(now);
                return settled;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("client threads left after feature:uninstall: " + last.get(), e);
        }
        return last.get();
    }

    /**
     * Karaf's RocketMQ client threads by name, digits left out (pools number their threads). Karaf's
     * own threads come and go with each SSH session and event, and the development broker's server
     * pools grow with load, so only client threads are counted: the connector's clients start them,
     * and so does the broker's one client to its NameServer (NettyClient*, which stays).
     */
    private Map<String, Long> clientThreadCensus() throws Exception {
        return karaf.client("shell:threads --list --no-format").lines()
                .map(line -> line.split("\t"))
                .filter(columns -> columns.length >= 3 && columns[0].trim().matches("\\d+"))
                .map(columns -> columns[1].trim().replaceAll("\\d+", "#"))
                .filter(name -> CLIENT_THREADS.stream().anyMatch(name::startsWith) || CONNECTOR_THREADS.stream().anyMatch(name::startsWith))
                .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()));
    }

    private static final List<String> CLIENT_THREADS = List.of("NettyClient");

    /** Threads that only the connector's clients and the connector itself start. */
    private static final List<String> CONNECTOR_THREADS = List.of("MQClientFactoryScheduledThread", "PullMessageService",
            "RebalanceService", "ConsumeMessageThread_", "AsyncSenderExecutor_", "rocketconnect-");

    private static Map<String, Long> onlyTheConnectorsThreads(Map<String, Long> census) {
        return census.entrySet().stream().filter(e -> CONNECTOR_THREADS.stream().anyMatch(e.getKey()::startsWith))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

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
