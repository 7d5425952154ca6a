package io.rocketconnect.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.rocketconnect.testbroker.FreePorts;

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
        Path unpacked = Path.of(System.getProperty("distribution.directory"));
        home = Path.of(System.getProperty("run.directory")).resolve("run-" + System.nanoTime());
        copyTree(unpacked, home);

        // Free ports, so the test never meets another Karaf or broker on this machine.
        int sshPort = FreePorts.freePort();
        int namesrvPort = FreePorts.freePort();
        int brokerPort = FreePorts.freeBrokerPort();
        KarafProcess.setProperties(home.resolve("etc/org.apache.karaf.shell.cfg"),
                List.of("sshPort", Integer.toString(sshPort), "sshHost", "127.0.0.1"));
        // The feature copies its broker cfg into etc/ only when none is there yet.
        Files.copy(home.resolve("system/io/rocketconnect/rocketconnect-rocketmq-broker")
                        .resolve(System.getProperty("project.version", "0.1.0-SNAPSHOT"))
                        .resolve("rocketconnect-rocketmq-broker-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + "-broker.cfg"),
                home.resolve("etc/io.rocketconnect.broker.cfg"));
        KarafProcess.setProperties(home.resolve("etc/io.rocketconnect.broker.cfg"), List.of(
                "namesrvPort", Integer.toString(namesrvPort),
                "brokerPort", Integer.toString(brokerPort),
                "haPort", Integer.toString(brokerPort + 1)));
        KarafProcess.setProperties(home.resolve("etc/io.rocketconnect.adapter-demo.cfg"),
                List.of("namesrvAddr", "127.0.0.1:" + namesrvPort));
        karaf = new KarafProcess(home, sshPort);
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




    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
