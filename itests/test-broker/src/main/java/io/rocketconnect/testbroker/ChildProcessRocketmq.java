package io.rocketconnect.testbroker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.topic.TopicValidator;

/**
 * A RocketMQ NameServer and Broker of any {@link BrokerLine}, started as child JVMs on loopback with
 * free ports and a temporary store and home (their logs go there, never to ~/logs). Stopped by pid with
 * SIGTERM, then killed if it has not exited within a minute. On 5.x the broker can run inside a Proxy
 * in local mode ({@link #startWithProxy}), for gRPC clients.
 */
public final class ChildProcessRocketmq implements TestBroker {

    private static final String CLUSTER = "ChildCluster";
    private static final String JVM_FLAGS = "--add-opens=java.base/java.nio=ALL-UNNAMED "
            + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

    private final Path dir;
    private final BrokerLine line;
    private final List<String> settings;
    private final BrokerAccounts accounts;
    private final boolean withProxy;
    private final List<Process> processes = new ArrayList<>();
    private String namesrvAddr;
    /** The first broker's process: the Proxy's when {@link #withProxy}. */
    private Process broker;
    private LocalModeProxy proxy;
    private String firstBrokerName;
    private final List<String> brokerAddrs = new ArrayList<>();
    private long bootMillis;
    /** Creates topics and reads offsets; started on first use. */
    private DefaultMQProducer admin;

    private ChildProcessRocketmq(Path dir, BrokerLine line, List<String> settings, BrokerAccounts accounts, boolean withProxy) {
        this.dir = dir;
        this.line = line;
        this.settings = settings;
        this.accounts = accounts;
        this.withProxy = withProxy;
    }

    /** Starts a NameServer and a Broker of {@code line}; returns once the broker says it booted. */
    public static ChildProcessRocketmq start(BrokerLine line) {
        return start(line, List.of(), null);
    }

    /**
     * As {@link #start(BrokerLine)}, with {@code settings} ({@code key=value} lines of broker.conf)
     * after the defaults here, and ACL on for {@code accounts} when that is not null: aclEnable on a
     * 4.x broker; on a 5.x broker, ACL 2.0 with authentication and authorization, which imports the
     * same plain_acl.yml (migrateAuthFromV1Enabled).
     */
    public static ChildProcessRocketmq start(BrokerLine line, List<String> settings, BrokerAccounts accounts) {
        return start(line, settings, accounts, false);
    }

    /**
     * As {@link #start(BrokerLine, List, BrokerAccounts)}, but the broker runs inside a 5.x Proxy in
     * local mode ({@code ProxyStartup -pm local}), which serves gRPC clients on {@link #endpoints()};
     * the broker keeps its own remoting port, so {@link #createTopic}, {@link #messagesIn} and remoting
     * clients work as without the Proxy. With {@code accounts}, the Proxy checks gRPC clients against
     * the same accounts. Returns once the Proxy says it serves.
     *
     * @throws IllegalArgumentException for a line without a Proxy (4.x)
     */
    public static ChildProcessRocketmq startWithProxy(BrokerLine line, List<String> settings, BrokerAccounts accounts) {
        if (!line.isFive()) {
            throw new IllegalArgumentException("broker line " + line + " has no Proxy; only 5.x does");
        }
        return start(line, settings, accounts, true);
    }

    private static ChildProcessRocketmq start(BrokerLine line, List<String> settings, BrokerAccounts accounts, boolean withProxy) {
        ChildProcessRocketmq rocketmq;
        try {
            rocketmq = new ChildProcessRocketmq(Files.createTempDirectory("rocketmq-child-broker"), line, settings, accounts, withProxy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean started = false;
        try {
            rocketmq.launch();
            started = true;
            return rocketmq;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("child broker " + line + " did not start", e);
        } finally {
            if (!started) {
                rocketmq.close();
            }
        }
    }

    @Override
    public String namesrvAddr() {
        return namesrvAddr;
    }

    /** {@code 127.0.0.1:<gRPC port>} of the Proxy; only when started {@link #startWithProxy with one}. */
    @Override
    public String endpoints() {
        if (proxy == null) {
            return TestBroker.super.endpoints();
        }
        return proxy.endpoints();
    }

    private void launch() throws IOException, InterruptedException {
        int namesrvPort = FreePorts.freePort();
        int brokerPort = FreePorts.freeBrokerPort();
        namesrvAddr = "127.0.0.1:" + namesrvPort;
        Path home = Files.createDirectories(dir.resolve("home"));
        // A 4.x NameServer and broker configure logback from the home's conf/ and exit without it. A
        // 5.x JVM takes the first rmq.*.logback.xml of its class path (the Proxy's, ahead of the
        // broker's) unless rmq.logback.configurationFile names one: java() names these.
        Path conf = Files.createDirectories(home.resolve("conf"));
        String logback = "<configuration><appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\"><file>"
                + dir.resolve("rocketmq.log") + "</file><encoder><pattern>%d %p %c - %m%n</pattern></encoder></appender>"
                + "<root level=\"INFO\"><appender-ref ref=\"FILE\"/></root></configuration>\n";
        for (String file : List.of("logback_namesrv.xml", "logback_broker.xml",
                "rmq.namesrv.logback.xml", "rmq.broker.logback.xml", "rmq.proxy.logback.xml")) {
            Files.writeString(conf.resolve(file), logback);
        }
        if (accounts != null) {
            // Both lines read ${rocketmq.home.dir}/conf/plain_acl.yml.
            Files.writeString(conf.resolve("plain_acl.yml"), accounts.plainAclYaml());
        }
        Files.writeString(dir.resolve("namesrv.conf"), "listenPort=" + namesrvPort + "\n");
        firstBrokerName = writeBrokerConf("broker", brokerPort);
        if (withProxy) {
            proxy = LocalModeProxy.write(dir, namesrvAddr, CLUSTER, accounts != null,
                    Set.of(namesrvPort, brokerPort - 2, brokerPort, brokerPort + 1));
        }
        processes.add(java("namesrv", "org.apache.rocketmq.namesrv.NamesrvStartup", List.of("-c", dir.resolve("namesrv.conf").toString())));
        startBroker();
    }

    /** Writes {@code <conf>.conf} for a master broker on {@code port}, its store under {@code <conf>-store}; returns its name. */
    private String writeBrokerConf(String conf, int port) throws IOException {
        // Unique per instance: a 5.x broker caches its auth providers by broker name.
        String name = "child-broker-" + port;
        Path store = dir.resolve(conf + "-store");
        List<String> lines = new ArrayList<>(List.of(
                "brokerClusterName=" + CLUSTER, "brokerName=" + name, "brokerId=0",
                "namesrvAddr=" + namesrvAddr, "listenPort=" + port, "haListenPort=" + (port + 1),
                "brokerIP1=127.0.0.1", "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"), "mappedFileSizeCommitLog=67108864",
                "mappedFileSizeConsumeQueue=600000", "maxHashSlotNum=25000", "maxIndexNum=100000",
                "autoCreateTopicEnable=true", "enablePropertyFilter=true",
                // A 5.x broker refuses ~1% of async sends as busy with the default 200 ms.
                "waitTimeMillsInSendQueue=1000",
                // As the in-process broker: unknown transactions are checked after 1 s, retries come back after 1 s.
                "transactionCheckInterval=1000", "transactionTimeOut=1000",
                "messageDelayLevel=" + String.join(" ", Collections.nCopies(18, "1s"))));
        if (accounts != null) {
            lines.addAll(line.isFive() ? List.of("authenticationEnabled=true", "authorizationEnabled=true",
                    "authenticationProvider=org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider",
                    "authenticationMetadataProvider=org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider",
                    "authorizationProvider=org.apache.rocketmq.auth.authorization.provider.DefaultAuthorizationProvider",
                    "authorizationMetadataProvider=org.apache.rocketmq.auth.authorization.provider.LocalAuthorizationMetadataProvider",
                    "migrateAuthFromV1Enabled=true")
                    : List.of("aclEnable=true"));
        }
        lines.addAll(settings);
        Files.writeString(dir.resolve(conf + ".conf"), String.join("\n", lines) + "\n");
        brokerAddrs.add("127.0.0.1:" + port);
        return name;
    }

    /**
     * Starts the broker process (again, after {@link #killBroker()}: same ports, same store; with a
     * Proxy, the Proxy and the broker in it); returns once it booted.
     */
    public synchronized void startBroker() throws IOException, InterruptedException {
        if (broker != null && broker.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        broker = proxy == null ? boot("broker")
                : boot("proxy", LocalModeProxy.MAIN_CLASS, proxy.arguments(dir.resolve("broker.conf")), LocalModeProxy.BOOTED);
    }

    /** Starts the broker process of {@code <conf>.conf} and returns once it says it booted. */
    private Process boot(String conf) throws IOException, InterruptedException {
        return boot(conf, "org.apache.rocketmq.broker.BrokerStartup", List.of("-c", dir.resolve(conf + ".conf").toString()), "boot success");
    }

    /** Starts process {@code name} and returns once its output says {@code booted}. */
    private Process boot(String name, String mainClass, List<String> arguments, String booted) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = java(name, mainClass, arguments);
        processes.add(process);
        Path out = dir.resolve(name + ".out");
        // A bound for a hang, not a speed test: a Proxy booted in 5 to 14 s, but once took over 60 s on a
        // 2-core machine busy with other builds.
        long deadline = start + TimeUnit.SECONDS.toNanos(180);
        // Wait on the process's own word; the process is polled, not slept on.
        while (!Files.readString(out).contains(booted)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(name + " did not boot within " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)
                        + " s (alive: " + process.isAlive() + "):\n" + Files.readString(out) + lastLines(dir.resolve("rocketmq.log"), 40));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        bootMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return process;
    }

    /** The last {@code count} lines of {@code log}, to show why a process did not boot; "" if it has none. */
    private static String lastLines(Path log, int count) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return "\n--- last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** How long the last broker (or Proxy) process took from its start to saying it booted. */
    public long bootMillis() {
        return bootMillis;
    }

    /** The name of the first broker (the one {@link #killBroker()} kills). */
    @Override
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

    /** Creates {@code topic} with {@code queues} queues on every broker, as mqadmin updateTopic does. */
    @Override
    public synchronized void createTopic(String topic, int queues) {
        createOnEveryBroker(topic, (MQClientAPIImpl api, String addr) -> api.createTopic(addr,
                TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE), 5000));
    }

    /**
     * As {@link #createTopic(String, int)}; on 5.x with the topic attribute {@code message.type}, as
     * {@code mqadmin updateTopic -a +message.type=<type>} does (4.x topics have no type).
     */
    @Override
    public synchronized void createTopic(String topic, int queues, TopicType type) {
        if (!line.isFive()) {
            createTopic(topic, queues);
            return;
        }
        createOnEveryBroker(topic, (MQClientAPIImpl api, String addr) -> Broker5Admin.createTopic(api.getRemotingClient(), addr, topic, queues, type));
    }

    /** On 5.x, a subscription group on every broker; nothing on 4.x. */
    @Override
    public synchronized void createGroup(String group) {
        createGroup(group, false);
    }

    /** On 5.x, a subscription group with consumeMessageOrderly on every broker; nothing on 4.x. */
    @Override
    public synchronized void createFifoGroup(String group) {
        createGroup(group, true);
    }

    private void createGroup(String group, boolean fifo) {
        if (!line.isFive()) {
            return;
        }
        try {
            for (String addr : brokerAddrs) {
                Broker5Admin.createGroup(admin().getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl().getRemotingClient(),
                        addr, group, fifo);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating group " + group, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create group " + group + " on " + line, e);
        }
    }

    /** One broker's part of creating a topic. */
    private interface TopicRequest {
        void send(MQClientAPIImpl api, String brokerAddr) throws Exception;
    }

    /** Sends {@code request} to every broker and returns once the NameServer has a route for {@code topic}. */
    private void createOnEveryBroker(String topic, TopicRequest request) {
        try {
            for (String addr : brokerAddrs) {
                request.send(admin().getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl(), addr);
            }
            // The broker registers the topic with the NameServer on its own; wait for the route.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!hasRoute(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no route on " + namesrvAddr + " after 30 s");
                }
                wait(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic + " on " + line, e);
        }
    }

    private boolean hasRoute(String topic) throws InterruptedException {
        try {
            return !admin().fetchPublishMessageQueues(topic).isEmpty();
        } catch (MQClientException e) {
            return false;
        }
    }

    @Override
    public synchronized long messagesIn(String topic) {
        List<MessageQueue> queues;
        try {
            queues = admin().fetchPublishMessageQueues(topic);
        } catch (MQClientException e) {
            return 0;
        }
        long total = 0;
        for (MessageQueue queue : queues) {
            try {
                total += admin().maxOffset(queue);
            } catch (MQClientException e) {
                throw new IllegalStateException("cannot read the offset of " + queue, e);
            }
        }
        return total;
    }

    private DefaultMQProducer admin() throws MQClientException {
        if (admin == null) {
            String name = "child-broker-admin-" + System.nanoTime();
            DefaultMQProducer started = accounts == null ? new DefaultMQProducer(name)
                    : new DefaultMQProducer(name, new AclClientRPCHook(new SessionCredentials(accounts.adminKey(), accounts.adminSecret())));
            started.setNamesrvAddr(namesrvAddr);
            started.setInstanceName(name);
            started.start();
            admin = started;
        }
        return admin;
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

    /** Starts {@code mainClass} of the line in a JVM of its own, its output in {@code <name>.out}. */
    private Process java(String name, String mainClass, List<String> arguments) throws IOException {
        Path home = dir.resolve("home");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Duser.home=" + home, "-Drocketmq.home.dir=" + home, "-Dtls.server.mode=disabled"));
        command.addAll(List.of(JVM_FLAGS.split(" ")));
        if (line.isFive()) {
            String role = name.startsWith("broker") ? "broker" : name;
            command.add("-Drmq.logback.configurationFile=" + home.resolve("conf").resolve("rmq." + role + ".logback.xml"));
        }
        if (mainClass.equals(LocalModeProxy.MAIN_CLASS)) {
            // C1 only: a quarter less CPU to boot (about 7 s of CPU instead of 9.5 s), and a test's
            // load never needs C2. Netty's native-library copies land in the temp dir, not /tmp.
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp"))));
        }
        command.addAll(List.of("-cp", line.classPath(), mainClass));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.shutdown();
            admin = null;
        }
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
        if (!Files.exists(dir)) {
            return; // closed before
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
