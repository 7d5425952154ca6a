package io.rocketconnect.testbroker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.common.TlsMode;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * A real RocketMQ NameServer and Broker in this JVM, on loopback, with free ports and a small store
 * in a temporary directory that is deleted on {@link #close()}.
 * <p>
 * Starting takes about a second and stopping about nine (the broker's own shutdown), so tests share
 * one instance per JVM through {@link #shared()} rather than starting one per test.
 * The JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED},
 * {@code --add-opens=java.base/sun.nio.ch=ALL-UNNAMED} and
 * {@code --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED}; without the last one the broker's
 * shutdown fails halfway and leaves its threads and mapped files behind.
 */
public final class EmbeddedRocketmq implements TestBroker {

    private static EmbeddedRocketmq shared;

    private final Path storeDir;
    private final String brokerName;
    private final Path aclConfig;
    /** Changes to the broker's settings a test asked for; applied to every broker started here. */
    private final java.util.function.Consumer<BrokerConfig> tuning;
    /** The broker's certificate and key when it takes TLS connections only; null for plain TCP. */
    private TestCertificates.ServerFiles tls;
    /** With TLS: the CA whose certificates the broker requires of its clients, or null for none. */
    private Path clientAuthority;
    /** Changes to the message store's settings a test asked for. */
    private java.util.function.Consumer<MessageStoreConfig> storeTuning = store -> { };
    private NamesrvController namesrv;
    private BrokerController broker;
    private String namesrvAddr;
    /** The broker's port and HA port, kept so that a restarted broker comes back where clients knew it. */
    private int brokerPort;
    private int haPort;
    private int namesrvPort;

    private EmbeddedRocketmq(Path aclConfig, java.util.function.Consumer<BrokerConfig> tuning) throws IOException {
        this.tuning = tuning;
        this.storeDir = Files.createTempDirectory("rocketmq-test-broker");
        this.brokerName = "test-broker-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        this.aclConfig = aclConfig;
    }

    /** The broker of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedRocketmq shared() {
        if (shared == null) {
            EmbeddedRocketmq started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-broker-shutdown"));
            shared = started;
        }
        return shared;
    }

    /** Stops the shared broker now, if one was started; the JVM then exits without waiting on its threads. */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Starts a NameServer and a Broker that the caller must {@link #close()}. */
    public static EmbeddedRocketmq start() {
        return startIn(null, config -> { });
    }

    /**
     * Starts a NameServer and a Broker whose settings {@code tuning} changes after the defaults here:
     * a smaller send pool or a shorter send-queue wait, for instance, to see the broker's flow control.
     */
    public static EmbeddedRocketmq start(java.util.function.Consumer<BrokerConfig> tuning) {
        return startIn(null, tuning);
    }

    /**
     * Starts a NameServer and a Broker with ACL on for {@code accounts} (off when null) and the
     * settings that {@code tuning} changes. The broker reads {@code ${rocketmq.home.dir}/conf/plain_acl.yml},
     * so with ACL this sets that property for the JVM (only ACL-enabled brokers read it).
     */
    public static EmbeddedRocketmq start(BrokerAccounts accounts, java.util.function.Consumer<BrokerConfig> tuning) {
        if (accounts == null) {
            return startIn(null, tuning);
        }
        try {
            Path home = Files.createTempDirectory("rocketmq-acl-home");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("plain_acl.yml"), accounts.plainAclYaml());
            System.setProperty("rocketmq.home.dir", home.toString());
            return startIn(home, tuning);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test broker's ACL file", e);
        }
    }

    /**
     * Starts a NameServer that takes plain and TLS connections and a Broker that takes TLS connections
     * only, presenting {@code certificate}. A client reaches the broker with {@code useTLS}; whether it
     * checks the certificate is its own JVM-wide setting ({@code tls.client.*}), which this leaves alone.
     */
    public static EmbeddedRocketmq startWithTls(TestCertificates.ServerFiles certificate) {
        return startIn(null, config -> { }, certificate, null);
    }

    /**
     * As {@link #startWithTls(TestCertificates.ServerFiles)}, and the broker (not the NameServer)
     * requires each client to show a certificate that {@code clientAuthority} (a CA's PEM) signed.
     */
    public static EmbeddedRocketmq startWithMutualTls(TestCertificates.ServerFiles certificate, Path clientAuthority) {
        return startIn(null, config -> { }, certificate, clientAuthority);
    }

    /**
     * Starts a NameServer and a Broker whose message store settings {@code storeTuning} changes after the
     * defaults here.
     */
    public static EmbeddedRocketmq startWithStore(java.util.function.Consumer<MessageStoreConfig> storeTuning) {
        return startIn(null, config -> { }, null, null, storeTuning);
    }

    private static EmbeddedRocketmq startIn(Path aclHome, java.util.function.Consumer<BrokerConfig> tuning) {
        return startIn(aclHome, tuning, null, null);
    }

    private static EmbeddedRocketmq startIn(Path aclHome, java.util.function.Consumer<BrokerConfig> tuning,
            TestCertificates.ServerFiles tls, Path clientAuthority) {
        return startIn(aclHome, tuning, tls, clientAuthority, store -> { });
    }

    private static EmbeddedRocketmq startIn(Path aclHome, java.util.function.Consumer<BrokerConfig> tuning,
            TestCertificates.ServerFiles tls, Path clientAuthority, java.util.function.Consumer<MessageStoreConfig> storeTuning) {
        configureJvm();
        EmbeddedRocketmq rocketmq;
        try {
            rocketmq = new EmbeddedRocketmq(aclHome, tuning);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test broker's store directory", e);
        }
        rocketmq.tls = tls;
        rocketmq.clientAuthority = clientAuthority;
        rocketmq.storeTuning = storeTuning;
        boolean started = false;
        try {
            rocketmq.namesrvPort = FreePorts.freePort();
            rocketmq.startNamesrv();
            rocketmq.brokerPort = FreePorts.freeBrokerPort();
            rocketmq.haPort = FreePorts.freePort();
            rocketmq.startBroker();
            started = true;
            return rocketmq;
        } catch (Exception e) {
            throw new IllegalStateException("test broker did not start", e);
        } finally {
            if (!started) {
                // A failed start leaves non-daemon namesrv threads behind unless we close here.
                rocketmq.close();
            }
        }
    }

    /**
     * System properties RocketMQ reads once, when its classes first load. Without the remoting
     * version the broker registers as version 0 and every send fails with "No route info of this
     * topic"; TLS probing costs seconds at start; client logging must not go to ~/logs.
     */
    private static void configureJvm() {
        System.setProperty("rocketmq.remoting.version", Integer.toString(MQVersion.CURRENT_VERSION));
        System.setProperty("tls.server.mode", "disabled");
        System.setProperty("rocketmq.client.logUseSlf4j", "true");
    }

    /**
     * Thread name prefixes of the broker and NameServer: their pools grow while they serve
     * requests, so a test that looks for threads a client left behind must set these aside.
     * Client threads are named differently (NettyClient*, ConsumeMessageThread_, ...).
     */
    private static final List<String> SERVER_THREAD_PREFIXES = List.of(
            "NettyServer", "NettyBoss", "NettyEPOLL", "ClientManageThread_", "ConsumerManageThread_",
            "PullMessageThread_", "LitePullMessageThread_", "SendMessageThread_", "PutMessageThread_",
            "QueryMessageThread_", "AdminBrokerThread_", "HeartbeatThread_", "EndTransactionThread_",
            "ReplyMessageThread_", "ProcessReplyMessageThread_", "RemotingExecutorThread_", "brokerOutApi_thread_");

    /** True for a thread that belongs to an in-process broker or NameServer. */
    public static boolean isServerThread(Thread thread) {
        return SERVER_THREAD_PREFIXES.stream().anyMatch(thread.getName()::startsWith);
    }

    @Override
    public String namesrvAddr() {
        return namesrvAddr;
    }

    @Override
    public String brokerName() {
        return brokerName;
    }

    /**
     * Creates (or updates) a topic with {@code queues} read and write queues and registers it with
     * the NameServer before returning, so a consumer started right after finds its route.
     */
    @Override
    public void createTopic(String topic, int queues) {
        TopicConfig config = new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
        broker.getTopicConfigManager().updateTopicConfig(config);
        // oneway=false: returns after the NameServer has taken the registration.
        broker.registerBrokerAll(true, false, true);
        if (namesrv.getRouteInfoManager().pickupTopicRouteData(topic) == null) {
            throw new IllegalStateException("topic " + topic + " has no route on the NameServer after registration");
        }
    }

    @Override
    public long messagesIn(String topic) {
        TopicConfig config = broker.getTopicConfigManager().selectTopicConfig(topic);
        if (config == null) {
            return 0;
        }
        long total = 0;
        for (int queue = 0; queue < config.getWriteQueueNums(); queue++) {
            total += broker.getMessageStore().getMaxOffsetInQueue(topic, queue);
        }
        return total;
    }

    /**
     * True when every message in the commit log is also in its topic's consume queue, where readers and
     * {@link #messagesIn} see it (the broker moves them there on a thread of its own, a little later).
     */
    public boolean dispatchedAll() {
        return broker.getMessageStore().dispatchBehindBytes() == 0;
    }

    private void startNamesrv() throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        config.setKvConfigPath(storeDir.resolve("namesrv/kvConfig.json").toString());
        config.setConfigStorePath(storeDir.resolve("namesrv/namesrv.properties").toString());
        NettyServerConfig server = new NettyServerConfig();
        server.setListenPort(namesrvPort);
        namesrv = new NamesrvController(config, server);
        // Permissive: the brokers register over plain TCP, clients with useTLS come over TLS.
        withServerTls(TlsMode.PERMISSIVE, () -> {
            if (!namesrv.initialize()) {
                throw new IllegalStateException("NameServer did not initialise");
            }
            namesrv.start();
        });
        namesrvAddr = "127.0.0.1:" + namesrvPort;
    }

    private interface ServerStart {
        void run() throws Exception;
    }

    /**
     * RocketMQ's TLS settings are static fields for the whole JVM (read from tls.* system properties
     * at class load), and a remoting server reads them while it initialises and starts. With TLS on,
     * they are set to this broker's certificate for that time only, and put back afterwards, so that
     * the clients of the test (in the same JVM) keep their own.
     */
    private void withServerTls(TlsMode mode, ServerStart start) throws Exception {
        if (tls == null) {
            start.run();
            return;
        }
        TlsMode mode0 = TlsSystemConfig.tlsMode;
        boolean testMode0 = TlsSystemConfig.tlsTestModeEnable;
        String cert0 = TlsSystemConfig.tlsServerCertPath;
        String key0 = TlsSystemConfig.tlsServerKeyPath;
        String needClientAuth0 = TlsSystemConfig.tlsServerNeedClientAuth;
        boolean authClient0 = TlsSystemConfig.tlsServerAuthClient;
        String trust0 = TlsSystemConfig.tlsServerTrustCertPath;
        boolean requireClients = clientAuthority != null && mode == TlsMode.ENFORCING;
        TlsSystemConfig.tlsServerNeedClientAuth = requireClients ? "require" : "none";
        TlsSystemConfig.tlsServerAuthClient = requireClients;
        TlsSystemConfig.tlsServerTrustCertPath = requireClients ? clientAuthority.toString() : null;
        TlsSystemConfig.tlsMode = mode;
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsServerCertPath = tls.certificate().toString();
        TlsSystemConfig.tlsServerKeyPath = tls.privateKey().toString();
        try {
            start.run();
        } finally {
            TlsSystemConfig.tlsMode = mode0;
            TlsSystemConfig.tlsTestModeEnable = testMode0;
            TlsSystemConfig.tlsServerCertPath = cert0;
            TlsSystemConfig.tlsServerKeyPath = key0;
            TlsSystemConfig.tlsServerNeedClientAuth = needClientAuth0;
            TlsSystemConfig.tlsServerAuthClient = authClient0;
            TlsSystemConfig.tlsServerTrustCertPath = trust0;
        }
    }

    /** Starts the broker of the cluster TestCluster on its port and store, registered with this NameServer. */
    private void startBroker() throws Exception {
        BrokerConfig config = new BrokerConfig();
        config.setBrokerName(brokerName);
        config.setBrokerClusterName("TestCluster");
        config.setBrokerIP1("127.0.0.1");
        config.setNamesrvAddr(namesrvAddr);
        config.setAutoCreateTopicEnable(true);
        config.setEnablePropertyFilter(true);
        // Check back on unknown transactions after 1 s instead of 60 s.
        config.setTransactionCheckInterval(1000);
        config.setTransactionTimeOut(1000);
        if (aclConfig != null) {
            config.setAclEnable(true);
            config.setRocketmqHome(aclConfig.toString());
        }
        tuning.accept(config);

        MessageStoreConfig store = new MessageStoreConfig();
        // Delay level 1 is still 1 s; retries (level 3 and up) come back after 1 s, not 10 s and more.
        store.setMessageDelayLevel("1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s");
        store.setStorePathRootDir(storeDir.resolve("store").toString());
        store.setStorePathCommitLog(storeDir.resolve("store/commitlog").toString());
        store.setHaListenPort(haPort);
        // Small files: the defaults map 2.5 GB.
        store.setMappedFileSizeCommitLog(64 * 1024 * 1024);
        store.setMappedFileSizeConsumeQueue(600_000);
        store.setMaxHashSlotNum(25_000);
        store.setMaxIndexNum(100_000);
        storeTuning.accept(store);

        NettyServerConfig server = new NettyServerConfig();
        // A 4.x broker also listens on listenPort - 2 (its VIP channel), so both must be free.
        server.setListenPort(brokerPort);

        BrokerController started = new BrokerController(config, server, new NettyClientConfig(), store);
        withServerTls(TlsMode.ENFORCING, () -> {
            if (!started.initialize()) {
                throw new IllegalStateException("Broker " + brokerName + " did not initialise");
            }
            started.start();
        });
        broker = started;
    }

    /**
     * Stops the broker as an operator's stop does (it unregisters and flushes), keeping its store; the
     * NameServer stays up. Clients see the broker gone until {@link #restartBroker()}.
     */
    public synchronized void stopBroker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running");
        }
        broker.shutdown();
        broker = null;
    }

    /** Starts the broker again on its old port and store, with every message stored before the stop. */
    public synchronized void restartBroker() {
        if (broker != null) {
            throw new IllegalStateException("the broker is running");
        }
        try {
            startBroker();
        } catch (Exception e) {
            throw new IllegalStateException("test broker did not start again", e);
        }
    }

    /**
     * Makes the broker take {@code perMessage} longer over every message it stores, on its send
     * threads, as a slow disk would: with a small send pool, requests queue up and the broker's flow
     * control starts refusing them.
     */
    public synchronized void slowDownSends(java.time.Duration perMessage) {
        long nanos = perMessage.toNanos();
        broker.registerSendMessageHook(new org.apache.rocketmq.broker.mqtrace.SendMessageHook() {
            @Override
            public String hookName() {
                return "test-slow-disk";
            }

            @Override
            public void sendMessageBefore(org.apache.rocketmq.broker.mqtrace.SendMessageContext context) {
                java.util.concurrent.locks.LockSupport.parkNanos(nanos);
            }

            @Override
            public void sendMessageAfter(org.apache.rocketmq.broker.mqtrace.SendMessageContext context) {
            }
        });
    }

    /** Stops the NameServer; the broker keeps running and serving clients that know its route. */
    public synchronized void stopNamesrv() {
        if (namesrv == null) {
            throw new IllegalStateException("the NameServer is not running");
        }
        namesrv.shutdown();
        namesrv = null;
    }

    /**
     * Starts the NameServer again on its old port. It comes back empty, and knows routes again when the
     * broker registers on its own, as it does every {@code registerNameServerPeriod} (30 s).
     */
    public synchronized void restartNamesrv() {
        if (namesrv != null) {
            throw new IllegalStateException("the NameServer is running");
        }
        try {
            startNamesrv();
        } catch (Exception e) {
            throw new IllegalStateException("test NameServer did not start again", e);
        }
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.shutdown();
            broker = null;
        }
        if (namesrv != null) {
            namesrv.shutdown();
            namesrv = null;
        }
        deleteRecursively(storeDir);
        if (aclConfig != null) {
            deleteRecursively(aclConfig);
        }
    }




    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test broker's store " + dir, e);
        }
    }
}
