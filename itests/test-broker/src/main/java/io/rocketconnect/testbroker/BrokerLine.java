package io.rocketconnect.testbroker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.rocketmq.common.MixAll;

/**
 * The RocketMQ broker lines the connector is tested against. Which one a test run uses is the system
 * property {@value #PROPERTY} ({@code 4.7}, {@code 4.9} or {@code 5}; 4.9 when unset), which Maven
 * passes on from {@code -Dbroker.line=...}.
 * <p>
 * 4.9 runs in this JVM ({@link EmbeddedRocketmq}), because it shares the client's class path. 4.7 and 5
 * cannot (their classes clash with client 4.9.8), so they run as child JVMs ({@link ChildProcessRocketmq})
 * from the jars that itests/broker47-runtime and itests/broker5-runtime copy into their target/lib.
 */
public enum BrokerLine {

    /** The oldest line the connector supports. */
    V4_7("4.7", "broker47.lib"),
    /** The line of the in-process test broker. */
    V4_9("4.9", null),
    /** The newest 5.x, over the remoting protocol. */
    V5("5", "broker5.lib");

    public static final String PROPERTY = "broker.line";
    private static final Pattern BROKER_JAR = Pattern.compile("rocketmq-broker-(\\d[^/\\\\]*)\\.jar");

    private static TestBroker shared;

    private final String name;
    /** System property naming the directory of the line's jars; null for the test's own class path. */
    private final String libProperty;

    BrokerLine(String name, String libProperty) {
        this.name = name;
        this.libProperty = libProperty;
    }

    /** The line named by {@value #PROPERTY}. */
    public static BrokerLine selected() {
        String value = System.getProperty(PROPERTY, V4_9.name).trim();
        return Stream.of(values()).filter(line -> line.name.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + "=" + value + " is not a broker line we test; use one of "
                        + Stream.of(values()).map(line -> line.name).collect(Collectors.joining(", "))));
    }

    /**
     * The broker of the selected line for this JVM, started on first use and stopped when the JVM
     * exits: {@link EmbeddedRocketmq#shared()} for 4.9, child JVMs for the others.
     */
    public static synchronized TestBroker shared() {
        BrokerLine line = selected();
        if (line == V4_9) {
            return EmbeddedRocketmq.shared();
        }
        if (shared == null) {
            TestBroker started = ChildProcessRocketmq.start(line);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-broker-shutdown"));
            shared = started;
        }
        return shared;
    }

    /** Stops the shared broker now, if one was started, whichever line it runs. */
    public static synchronized void stopShared() {
        EmbeddedRocketmq.stopShared();
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /**
     * Starts a broker of this line, with broker.conf {@code settings} ({@code key=value}) after the
     * test defaults and ACL on for {@code accounts} unless null. The caller closes it.
     */
    public TestBroker start(BrokerAccounts accounts, String... settings) {
        if (this == V4_9) {
            Properties properties = new Properties();
            for (String setting : settings) {
                String[] keyValue = setting.split("=", 2);
                properties.setProperty(keyValue[0], keyValue[1]);
            }
            return EmbeddedRocketmq.start(accounts, config -> MixAll.properties2Object(properties, config));
        }
        return ChildProcessRocketmq.start(this, List.of(settings), accounts);
    }

    public boolean isFive() {
        return this == V5;
    }

    /** The class path of the line's NameServer and Broker JVMs. */
    String classPath() {
        return libProperty == null ? System.getProperty("java.class.path") : lib().resolve("*").toString();
    }

    private Path lib() {
        String dir = System.getProperty(libProperty);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("no jars of broker line " + name + " at " + libProperty + "=" + dir
                    + "; build itests/" + libProperty.replace(".lib", "-runtime") + " first");
        }
        return Path.of(dir);
    }

    /** The exact broker version of this line, read off its rocketmq-broker jar: 4.7.1, 4.9.7, 5.5.0. */
    public String version() {
        Stream<String> jars;
        if (libProperty == null) {
            jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator));
        } else {
            try (Stream<Path> files = Files.list(lib())) {
                jars = files.map(Path::toString).toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jars.map(BROKER_JAR::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no rocketmq-broker jar for broker line " + name));
    }

    @Override
    public String toString() {
        return name;
    }
}
