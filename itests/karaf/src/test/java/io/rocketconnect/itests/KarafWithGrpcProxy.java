package io.rocketconnect.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.ChildProcessRocketmq;
import io.rocketconnect.testbroker.TopicType;

/**
 * The Karaf of {@link KarafWithBroker}, plus a RocketMQ 5.5.0 NameServer and Proxy (local mode, with
 * its broker) in child JVMs, and etc/io.rocketconnect.adapter-grpc.cfg pointing an adapter with
 * transport=grpc at the Proxy, as an operator writes it.
 */
final class KarafWithGrpcProxy {

    static final String TOPIC = "ConnectorItGrpc";
    static final String LISTENER_TOPIC = "ConnectorItGrpcListener";
    static final String READERS = "it-grpc-readers";
    static final String LISTENERS = "it-grpc-listeners";
    /** The shell's topic and group: rocketmq:consume on a gRPC adapter names an existing group. */
    static final String SHELL_TOPIC = "ConnectorItGrpcShell";
    static final String SHELL_GROUP = "it-grpc-shell";
    /** The system property that tells the tests inside Karaf where the Proxy's home is. */
    static final String PROXY_DIRECTORY = "itest.grpc.proxy";

    /** Started once per JVM; a shutdown hook stops it by pid. */
    private static ChildProcessRocketmq proxy;

    private KarafWithGrpcProxy() {
    }

    static synchronized Option[] options() {
        Path directory = Path.of(System.getProperty("itest.directory")).resolve("itest-grpc");
        if (proxy == null) {
            proxy = ChildProcessRocketmq.startWithProxy(BrokerLine.V5, List.of(), null);
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "grpc-test-proxy-shutdown"));
            proxy.createTopic(TOPIC, 2, TopicType.NORMAL);
            proxy.createTopic(LISTENER_TOPIC, 2, TopicType.NORMAL);
            proxy.createGroup(READERS);
            proxy.createGroup(LISTENERS);
            proxy.createTopic(SHELL_TOPIC, 2, TopicType.NORMAL);
            proxy.createGroup(SHELL_GROUP);
        }
        Path grpc = directory.resolve("io.rocketconnect.adapter-grpc.cfg");
        try {
            Files.createDirectories(directory);
            Files.writeString(grpc, "transport = grpc\nendpoints = " + proxy.endpoints() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>(List.of(KarafWithBroker.options()));
        options.add(replaceConfigurationFile("etc/io.rocketconnect.adapter-grpc.cfg", grpc.toFile()));
        return options.toArray(new Option[0]);
    }
}
