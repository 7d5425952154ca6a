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

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.topic.TopicValidator;

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
    private String firstBrokerName;
    private final List<String> brokerAddrs = new ArrayList<>();

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
        firstBrokerName = writeBrokerConf("broker", brokerPort);
        processes.add(java(home, "org.apache.rocketmq.namesrv.NamesrvStartup", "namesrv"));
        startBroker();
    }

    /** Writes {@code <conf>.conf} for a master broker on {@code port}, its store under {@code <conf>-store}; returns its name. */
    private String writeBrokerConf(String conf, int port) throws IOException {
        String name = "child-broker-" + port;
        Path store = dir.resolve(conf + "-store");
        Files.writeString(dir.resolve(conf + ".conf"), String.join("\n",
                "brokerClusterName=ChildCluster", "brokerName=" + name, "brokerId=0",
                "namesrvAddr=" + namesrvAddr, "listenPort=" + port, "haListenPort=" + (port + 1),
                "brokerIP1=127.0.0.1", "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"), "mappedFileSizeCommitLog=67108864",
                "mappedFileSizeConsumeQueue=600000", "maxHashSlotNum=25000", "maxIndexNum=100000",
                "autoCreateTopicEnable=true", "waitTimeMillsInSendQueue=1000") + "\n");
        brokerAddrs.add("127.0.0.1:" + port);
        return name;
    }

    /** Starts the broker process (again, after {@link #killBroker()}: same ports, same store); returns once it booted. */
    public synchronized void startBroker() throws IOException, InterruptedException {
        if (broker != null && broker.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        broker = boot("broker");
    }

    /** Starts the broker process of {@code <conf>.conf} and returns once it says it booted. */
    private Process boot(String conf) throws IOException, InterruptedException {
        Process process = java(dir.resolve("home"), "org.apache.rocketmq.broker.BrokerStartup", conf);
        processes.add(process);
        Path out = dir.resolve(conf + ".out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Wait on the broker's own word; the process is polled, not slept on.
        while (!Files.readString(out).contains("boot success")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("broker did not boot:\n" + Files.readString(out));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return process;
    }

    /** The name of the first broker (the one {@link #killBroker()} kills). */
    public String brokerName() {
        return firstBrokerName;
    }

    /** Starts one more master broker in the cluster, in a process of its own; returns its name. */
    public synchronized String addBroker() throws IOException, InterruptedException {
        String conf = "broker-" + (brokerAddrs.size() + 1);
        String name = writeBrokerConf(conf, FreePorts.freeBrokerPort());
        boot(conf);
        return name;
    }

    /**
     * Creates {@code topic} with {@code queues} queues on every broker, as mqadmin updateTopic does,
     * so that it has a route through each of them.
     */
    public void createTopic(String topic, int queues) throws Exception {
        DefaultMQProducer admin = new DefaultMQProducer("child-broker-admin-" + System.nanoTime());
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("child-broker-admin-" + System.nanoTime());
        admin.start();
        try {
            for (String addr : brokerAddrs) {
                admin.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl().createTopic(addr,
                        TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE), 5000);
            }
        } finally {
            admin.shutdown();
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
