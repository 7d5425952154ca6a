package io.rocketconnect.broker;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a RocketMQ NameServer and Broker while etc/io.rocketconnect.broker.cfg exists and this bundle is
 * active (the feature ships the file). For development and demos: one broker, asynchronous flush, no
 * ACL, no HA peer.
 */
@Component(configurationPid = BrokerSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = BrokerConfig.class)
public class EmbeddedBroker {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String REQUIRED_JVM_FLAGS = "--add-opens=java.base/java.nio=ALL-UNNAMED "
            + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

    private NamesrvController namesrv;
    private BrokerController broker;
    private BrokerSettings running;

    @Activate
    void activate(Map<String, Object> config) throws Exception {
        start(config);
    }

    @Modified
    void modified(Map<String, Object> config) throws Exception {
        if (running != null && running.equals(settingsOrNull(config))) {
            return;
        }
        stop();
        start(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private static BrokerSettings settingsOrNull(Map<String, Object> config) {
        try {
            return BrokerSettings.from(config, Path.of(System.getProperty("karaf.data", "data")));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void start(Map<String, Object> config) throws Exception {
        BrokerSettings settings;
        try {
            settings = BrokerSettings.from(config, Path.of(System.getProperty("karaf.data", "data")));
        } catch (IllegalArgumentException e) {
            LOG.error("RocketMQ development broker not started: {} (etc/{}.cfg)", e.getMessage(), BrokerSettings.PID);
            return;
        }
        if (!ByteBuffer.class.getModule().isOpen("java.nio", EmbeddedBroker.class.getModule())) {
            LOG.error("RocketMQ development broker not started: Java needs {} for the broker's store; "
                    + "add them to EXTRA_JAVA_OPTS in bin/setenv", REQUIRED_JVM_FLAGS);
            return;
        }
        configureJvm();
        LOG.warn("Starting the RocketMQ DEVELOPMENT broker (not for production): {}. The 4.x server listens on "
                + "all interfaces; clients are told {}. Uninstall feature rocketmq-broker-embedded to turn it off.",
                settings, settings.brokerIP1());
        boolean started = false;
        try {
            startNamesrv(settings);
            startBroker(settings);
            started = true;
            running = settings;
        } finally {
            if (!started) {
                // A half-started NameServer keeps non-daemon threads and its port.
                stop();
            }
        }
        LOG.info("RocketMQ development broker is up: namesrvAddr=127.0.0.1:{}", settings.namesrvPort());
    }

    /**
     * Properties RocketMQ reads once, when its classes first load (this bundle has its own copy of
     * them). Without the remoting version the broker registers as version 0 and sends fail with "No
     * route info of this topic"; TLS probing only slows the start; the broker's inner client must log
     * to SLF4J (karaf.log), not to ~/logs/rocketmqlogs.
     */
    private static void configureJvm() {
        if (System.getProperty("rocketmq.client.logUseSlf4j") == null) {
            System.setProperty("rocketmq.client.logUseSlf4j", "true");
        }
        if (System.getProperty("rocketmq.remoting.version") == null) {
            System.setProperty("rocketmq.remoting.version", Integer.toString(MQVersion.CURRENT_VERSION));
        }
        if (System.getProperty("tls.server.mode") == null) {
            System.setProperty("tls.server.mode", "disabled");
        }
    }

    private void startNamesrv(BrokerSettings settings) throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        config.setKvConfigPath(settings.storeDir().resolve("namesrv/kvConfig.json").toString());
        config.setConfigStorePath(settings.storeDir().resolve("namesrv/namesrv.properties").toString());
        NettyServerConfig server = new NettyServerConfig();
        server.setListenPort(settings.namesrvPort());
        namesrv = new NamesrvController(config, server);
        if (!namesrv.initialize()) {
            throw new IllegalStateException("the NameServer did not initialise (port " + settings.namesrvPort() + " in use?)");
        }
        namesrv.start();
    }

    private void startBroker(BrokerSettings settings) throws Exception {
        org.apache.rocketmq.common.BrokerConfig config = new org.apache.rocketmq.common.BrokerConfig();
        config.setBrokerName(settings.brokerName());
        config.setBrokerClusterName(settings.clusterName());
        config.setBrokerIP1(settings.brokerIP1());
        config.setNamesrvAddr("127.0.0.1:" + settings.namesrvPort());
        config.setAutoCreateTopicEnable(settings.autoCreateTopicEnable());
        config.setEnablePropertyFilter(true);

        MessageStoreConfig store = new MessageStoreConfig();
        store.setStorePathRootDir(settings.storeDir().resolve("store").toString());
        store.setStorePathCommitLog(settings.storeDir().resolve("store/commitlog").toString());
        store.setHaListenPort(settings.haPort());
        store.setMappedFileSizeCommitLog(settings.mappedFileSizeCommitLog());
        store.setMappedFileSizeConsumeQueue(settings.mappedFileSizeConsumeQueue());
        store.setMaxHashSlotNum(settings.maxHashSlotNum());
        store.setMaxIndexNum(settings.maxIndexNum());

        NettyServerConfig server = new NettyServerConfig();
        server.setListenPort(settings.brokerPort());
        broker = new BrokerController(config, server, new NettyClientConfig(), store);
        if (!broker.initialize()) {
            throw new IllegalStateException("the broker did not initialise (store " + settings.storeDir()
                    + " locked by another process, or ports in use?)");
        }
        broker.start();
    }

    /**
     * Broker 4.9.7's shutdown() forgets its heartbeat pool. Its threads are daemons, so the JVM still
     * exits, but after a bundle stop they would keep this bundle's class loader alive.
     */
    private static void stopHeartbeatExecutor(BrokerController broker) {
        try {
            Field field = BrokerController.class.getDeclaredField("heartbeatExecutor");
            field.setAccessible(true);
            Object executor = field.get(broker);
            if (executor instanceof ExecutorService) {
                ((ExecutorService) executor).shutdown();
            }
        } catch (ReflectiveOperationException e) {
            LOG.warn("Could not stop the broker's heartbeat threads: {}", e.toString());
        }
    }

    private void stop() {
        running = null;
        if (broker != null) {
            broker.shutdown();
            stopHeartbeatExecutor(broker);
            broker = null;
            LOG.info("RocketMQ development broker stopped");
        }
        if (namesrv != null) {
            namesrv.shutdown();
            namesrv = null;
        }
    }
}
