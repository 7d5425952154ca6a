package io.rocketconnect.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.extra.VMOption;

import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.FreePorts;
import io.rocketconnect.testbroker.TestBroker;

/**
 * Runs in the test JVM only, before Karaf boots: starts the broker there, writes the adapter
 * configurations that point at it, and describes the Karaf to fork. Kept apart from the test class so
 * that nothing inside Karaf ever loads broker classes.
 */
final class KarafWithBroker {

    static final String TOPIC = "ConnectorItTopic";
    static final String LIFECYCLE_TOPIC = "ConnectorItLifecycle";
    static final String WHITEBOARD_TOPIC = "ConnectorItWhiteboard";
    static final String RELOAD_TOPIC = "ConnectorItReload";
    static final String SHELL_TOPIC = "ConnectorItShell";
    static final String FILELOG_TOPIC = "ConnectorItFileLog";
    static final String MONITORING_TOPIC = "ConnectorItMonitoring";
    static final String PROCESS_TOPIC = "ConnectorItProcess";
    /** System property that tells the tests inside Karaf where the broker is. */
    static final String NAMESRV_PROPERTY = "itest.namesrvAddr";

    private KarafWithBroker() {
    }

    /** Karaf with the rocketmq-connector feature and {@code moreFeatures} of ours installed. */
    static Option[] options(String... moreFeatures) {
        TestBroker broker = BrokerLine.shared();
        broker.createTopic(TOPIC, 4);
        broker.createTopic(LIFECYCLE_TOPIC, 2);
        broker.createTopic(WHITEBOARD_TOPIC, 2);
        broker.createTopic(RELOAD_TOPIC, 4);
        broker.createTopic(SHELL_TOPIC, 1);
        broker.createTopic(FILELOG_TOPIC, 1);
        broker.createTopic(MONITORING_TOPIC, 1);
        broker.createTopic(PROCESS_TOPIC, 2);

        String karafVersion = System.getProperty("karaf.version");
        Path target = Path.of(System.getProperty("itest.directory"));
        Path configs = target.resolve("itest-configs");
        Path orders = write(configs.resolve("io.rocketconnect.adapter-orders.cfg"),
                "namesrvAddr = " + broker.namesrvAddr() + "\n"
                        + "consumeThreadMin = 2\n"
                        + "consumeThreadMax = 4\n"
                        + "description = Orders adapter of the integration test\n");
        Path bad = write(configs.resolve("io.rocketconnect.adapter-bad.cfg"),
                "namesrvAddr = " + broker.namesrvAddr() + "\n"
                        + "consumeThreadMax = 1001\n");

        MavenArtifactUrlReference karaf = maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject();
        MavenArtifactUrlReference connectorFeatures = maven("io.rocketconnect", "rocketconnect-features")
                .type("xml").classifier("features").version(System.getProperty("project.version"));
        String mvnCfg = "etc/org.ops4j.pax.url.mvn.cfg";
        String logCfg = "etc/org.ops4j.pax.logging.cfg";
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository");

        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(karaf).karafVersion(karafVersion)
                        .unpackDirectory(target.resolve("exam").toFile()).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // Resolve this build's bundles from the copy made for the test, the rest from the
                // distribution, the local repository or Central: nothing else is ever contacted.
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.defaultRepositories",
                        new File(System.getProperty("itest.repository")).toURI() + "@id=itest@snapshots,"
                                + "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots"),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.useFallbackRepositories", "false"),
                // The request file log's appender, as an operator adds it to the logging configuration
                // (the README's lines), with small files so that the test sees it roll.
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.type", "RollingRandomAccessFile"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.name", "RocketConnectRequests"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.fileName", "${karaf.log}/rocketconnect-requests.log"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.filePattern", "${karaf.log}/rocketconnect-requests.log.%i"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.append", "true"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.layout.type", "PatternLayout"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.layout.pattern", "%d{ISO8601} | %X{requestId} | %m%n"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.policies.type", "Policies"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.policies.size.type", "SizeBasedTriggeringPolicy"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.policies.size.size", "4KB"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.strategy.type", "DefaultRolloverStrategy"),
                editConfigurationFilePut(logCfg, "log4j2.appender.rocketconnectRequests.strategy.max", "2"),
                editConfigurationFilePut(logCfg, "log4j2.logger.rocketconnectRequests.name", "io.rocketconnect.requests"),
                editConfigurationFilePut(logCfg, "log4j2.logger.rocketconnectRequests.level", "INFO"),
                editConfigurationFilePut(logCfg, "log4j2.logger.rocketconnectRequests.additivity", "false"),
                editConfigurationFilePut(logCfg, "log4j2.logger.rocketconnectRequests.appenderRef.file.ref", "RocketConnectRequests"),
                // A viewer and an admin for the RBAC tests over JMX (Karaf 4.4 ships its karaf user commented out).
                editConfigurationFilePut("etc/users.properties", "watcher", "watcher,viewer"),
                editConfigurationFilePut("etc/users.properties", "jmxadmin", "jmxadmin,admin,manager,viewer"),
                editConfigurationFilePut("etc/users.properties", "jmxmanager", "jmxmanager,manager,viewer"),
                features(connectorFeatures, featureNames(moreFeatures)),
                replaceConfigurationFile("etc/io.rocketconnect.adapter-orders.cfg", orders.toFile()),
                replaceConfigurationFile("etc/io.rocketconnect.adapter-bad.cfg", bad.toFile()),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject(),
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                systemProperty(NAMESRV_PROPERTY).value(broker.namesrvAddr()),
                // Karaf's own home for files, so a client that wrote to ~/logs/rocketmqlogs is seen.
                new VMOption("-Duser.home=" + target.resolve("karaf-user-home"))));
        options.addAll(java17Options(karafVersion));
        return options.toArray(new Option[0]);
    }

    /**
     * Karaf's HTTP service on a free loopback port, told to the tests inside Karaf as the system
     * property {@code portProperty}.
     */
    static Option[] httpOnFreePort(String portProperty) {
        String port;
        try {
            port = Integer.toString(FreePorts.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Option[] {
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
            systemProperty(portProperty).value(port)};
    }

    private static String[] featureNames(String... more) {
        List<String> names = new ArrayList<>(List.of("rocketmq-connector"));
        names.addAll(List.of(more));
        return names.toArray(new String[0]);
    }

    /** What Karaf's bin/karaf passes on Java 9+; without them karaf.log fills with OsgiLocator errors. */
    private static List<Option> java17Options(String karafVersion) {
        List<Option> options = new ArrayList<>();
        options.add(new VMOption("--add-reads=java.xml=java.logging"));
        options.add(new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"));
        options.add(new VMOption("--patch-module"));
        options.add(new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"));
        options.add(new VMOption("--patch-module"));
        options.add(new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"));
        for (String open : List.of("java.base/java.security", "java.base/java.net", "java.base/java.lang",
                "java.base/java.util", "java.naming/javax.naming.spi", "java.rmi/sun.rmi.transport.tcp")) {
            options.add(new VMOption("--add-opens"));
            options.add(new VMOption(open + "=ALL-UNNAMED"));
        }
        for (String export : List.of("java.base/sun.net.www.protocol.file", "java.base/sun.net.www.protocol.ftp",
                "java.base/sun.net.www.protocol.http", "java.base/sun.net.www.protocol.https",
                "java.base/sun.net.www.protocol.jar", "java.base/sun.net.www.content.text",
                "jdk.xml.dom/org.w3c.dom.html", "jdk.naming.rmi/com.sun.jndi.url.rmi")) {
            options.add(new VMOption("--add-exports=" + export + "=ALL-UNNAMED"));
        }
        options.add(new VMOption("-classpath"));
        options.add(new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"));
        return options;
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
