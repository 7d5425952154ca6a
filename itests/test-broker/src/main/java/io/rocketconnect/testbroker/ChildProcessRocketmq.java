package io.rocketconnect.testbroker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RocketMQ NameServer and Broker started as child JVMs, of another line (5.x) from a directory of
 * jars or of the 4.x line from the test's own class path, on loopback with free ports and a temporary store and home (its logs go there, never to
 * ~/logs). Stopped by pid with SIGTERM, then killed if it has not exited within a minute.
 */
public final class ChildProcessRocketmq implements AutoCloseable {

    private static final String JVM_FLAGS = "--add-opens=java.base/java.nio=ALL-UNNAMED "
            + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private String namesrvAddr;
    /** The class path of the broker's JVM. */
    private String classPath;
    private Process broker;

    private ChildProcessRocketmq(Path dir) {
        this.dir = dir;
    }

    /** Starts both from the jars in {@code lib}; returns once the broker says it booted. */
    public static ChildProcessRocketmq start(Path lib) {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no broker class path at " + lib + " (built by itests/broker5-runtime)");
        }
        return start(lib.resolve("*").toString());
    }

    /**
     * Starts both from this JVM's own class path: the 4.x broker the in-process tests use, in a
     * process of its own, so that a test can kill it.
     */
    public static ChildProcessRocketmq startFromTestClassPath() {
        return start(System.getProperty("java.class.path"));
    }

    private static ChildProcessRocketmq start(String classPath) {
        ChildProcessRocketmq rocketmq;
        try {
            rocketmq = new ChildProcessRocketmq(Files.createTempDirectory("rocketmq-child-broker"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean started = false;
        try {
            rocketmq.launch(classPath);
            started = true;
            return rocketmq;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("child broker did not start", e);
        } finally {
            if (!started) {
                rocketmq.close();
            }
        }
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    private void launch(String classPath) throws IOException, InterruptedException {
        this.classPath = classPath;
        int namesrvPort = FreePorts.freePort();
        int brokerPort = FreePorts.freeBrokerPort();
        namesrvAddr = "127.0.0.1:" + namesrvPort;
        Path home = Files.createDirectories(dir.resolve("home"));
        // A 4.x NameServer and broker configure logback from the home's conf/ and exit without it.
        Path conf = Files.createDirectories(home.resolve("conf"));
        String logback = "<configuration><appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\"><file>"
                + dir.resolve("rocketmq.log") + "</file><encoder><pattern>%d %p %c - %m%n</pattern></encoder></appender>"
                + "<root level=\"INFO\"><appender-ref ref=\"FILE\"/></root></configuration>\n";
        Files.writeString(conf.resolve("logback_namesrv.xml"), logback);
        Files.writeString(conf.resolve("logback_broker.xml"), logback);
        Files.writeString(dir.resolve("namesrv.conf"), "listenPort=" + namesrvPort + "\n");
        Files.writeString(dir.resolve("broker.conf"), String.join("\n",
                "brokerClusterName=ChildCluster", "brokerName=child-broker-" + brokerPort, "brokerId=0",
                "namesrvAddr=" + namesrvAddr, "listenPort=" + brokerPort, "haListenPort=" + (brokerPort + 1),
                "brokerIP1=127.0.0.1", "storePathRootDir=" + dir.resolve("store"),
                "storePathCommitLog=" + dir.resolve("store/commitlog"), "mappedFileSizeCommitLog=67108864",
                "mappedFileSizeConsumeQueue=600000", "maxHashSlotNum=25000", "maxIndexNum=100000",
                "autoCreateTopicEnable=true", "waitTimeMillsInSendQueue=1000") + "\n");
        processes.add(java(home, "org.apache.rocketmq.namesrv.NamesrvStartup", "namesrv"));
        startBroker();
    }

    /** Starts the broker process (again, after {@link #killBroker()}: same ports, same store); returns once it booted. */
    public synchronized void startBroker() throws IOException, InterruptedException {
        if (broker != null && broker.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        broker = java(dir.resolve("home"), "org.apache.rocketmq.broker.BrokerStartup", "broker");
        processes.add(broker);
        Path out = dir.resolve("broker.out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Wait on the broker's own word; the process is polled, not slept on.
        while (!Files.readString(out).contains("boot success")) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("broker did not boot:\n" + Files.readString(out));
            }
            broker.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Kills the broker process with SIGKILL, as a crash or the OOM killer would: no shutdown hook, no
     * flush, no unregistering from the NameServer. Returns once the process is gone.
     */
    public synchronized void killBroker() throws InterruptedException {
        if (broker == null || !broker.isAlive()) {
            throw new IllegalStateException("the broker is not running");
        }
        broker.destroyForcibly();
        if (!broker.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker pid " + broker.pid() + " did not die on SIGKILL");
        }
        processes.remove(broker);
    }

    private Process java(Path home, String mainClass, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Duser.home=" + home, "-Drocketmq.home.dir=" + home, "-Dtls.server.mode=disabled"));
        command.addAll(List.of(JVM_FLAGS.split(" ")));
        command.addAll(List.of("-cp", classPath, mainClass, "-c", dir.resolve(name + ".conf").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }



}
