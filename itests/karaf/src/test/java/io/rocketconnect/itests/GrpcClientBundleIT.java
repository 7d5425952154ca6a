package io.rocketconnect.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Plain JUnit assertions only (pax-exam's hamcrest 1.3 inside Karaf).
 * <p>
 * The rocketmq-client-grpc feature beside the connector: the wrapped RocketMQ 5 gRPC client resolves
 * on JDK packages and SLF4J alone, is found with or without {@code ServiceLoader}, fails against a
 * closed port with the connection refused (not a missing class), and logs into karaf.log, never into
 * a file under {@code user.home}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GrpcClientBundleIT {

    private static final String SYMBOLIC_NAME = "rocketconnect-rocketmq-client-java";
    private static final String IMPLEMENTATION = "org.apache.rocketmq.client.java.impl.ClientServiceProviderImpl";

    @Inject
    private BundleContext context;

    /** The service the bundle's activator registers: injection waits for it. */
    @Inject
    private ClientServiceProvider provider;

    @Configuration
    public Option[] config() {
        return KarafWithBroker.options("rocketmq-client-grpc");
    }

    /** What bundle:headers and bundle:requirements show: the API at 5.0.8, wired to the JDK and pax-logging. */
    @Test
    public void bundleIsActiveExportsOnlyTheApiAndImportsOnlyTheJdkAndSlf4j() {
        Bundle client = clientBundle();
        assertEquals(Bundle.ACTIVE, client.getState());
        BundleWiring wiring = client.adapt(BundleWiring.class);
        Map<String, String> exported = wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .collect(Collectors.toMap(c -> (String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                        c -> String.valueOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)),
                        (a, b) -> a, TreeMap::new));
        assertEquals(Map.of("org.apache.rocketmq.client.apis", "5.0.8", "org.apache.rocketmq.client.apis.consumer", "5.0.8",
                "org.apache.rocketmq.client.apis.message", "5.0.8", "org.apache.rocketmq.client.apis.producer", "5.0.8"), exported);

        Set<String> providers = new TreeSet<>();
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            Bundle from = wire.getProvider().getBundle();
            providers.add(from.getBundleId() == 0 ? "system bundle" : from.getSymbolicName());
        }
        assertEquals(Set.of("system bundle", "org.ops4j.pax.logging.pax-logging-api"), providers);

        assertNull("the shaded logback is left out", client.getEntry("org/apache/rocketmq/shaded/ch/qos/logback/"));
        assertNull("its file configuration too", client.getEntry("rocketmq.logback.xml"));
    }

    /**
     * ClientServiceProvider.loadService() looks in the thread's context class loader: it works with
     * the client bundle's loader there, and fails as it would for any bundle's thread otherwise. The
     * OSGi service needs neither.
     */
    @Test
    public void loadServiceNeedsTheBundleAsContextClassLoaderAndTheServiceNeedsNothing() throws Exception {
        assertEquals(IMPLEMENTATION, provider.getClass().getName());

        ClassLoader clientLoader = ClientServiceProvider.class.getClassLoader();
        assertEquals(IMPLEMENTATION, withContextClassLoader(clientLoader, ClientServiceProvider::loadService).getClass().getName());

        for (ClassLoader other : new ClassLoader[] {null, getClass().getClassLoader()}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> withContextClassLoader(other, ClientServiceProvider::loadService));
            assertEquals("Client service provider not found", e.getMessage());
        }
    }

    /**
     * With no context class loader at all: grpc finds its channel, name resolver and load balancer
     * providers through the bundle's own loader, so the only failure left is the refused connection.
     * The client's ERROR lines land in karaf.log under its bundle, and nothing under user.home.
     */
    @Test
    public void producerForAClosedPortFailsOnTheConnectionAndLogsToKarafLogOnly() throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> before = filesUnder(home);

        ProducerBuilder builder = provider.newProducerBuilder()
                .setTopics("GrpcItNoSuchTopic")
                .setClientConfiguration(ClientConfiguration.newBuilder()
                        .setEndpoints("127.0.0.1:" + closedPort())
                        // Long: a refused connection answers at once, but on a loaded machine a short deadline
                        // ran out before the connection was tried (DEADLINE_EXCEEDED instead of the refusal).
                        .setRequestTimeout(Duration.ofSeconds(30))
                        .build());
        // Declared as ClientException; a producer that cannot start throws guava's IllegalStateException.
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> withContextClassLoader(null, builder::build));
        List<Throwable> causes = Stream.iterate((Throwable) failure, c -> c != null, Throwable::getCause).collect(Collectors.toList());
        assertTrue("refused connection in " + causes, causes.stream().anyMatch(ConnectException.class::isInstance));
        assertTrue("no linkage problem in " + causes, causes.stream().noneMatch(LinkageError.class::isInstance));

        await().atMost(Duration.ofSeconds(30)).until(() -> KarafFiles.karafLog().lines().anyMatch(line ->
                line.contains("Failed to fetch topic route") && line.contains("topic=GrpcItNoSuchTopic")
                        && line.contains(SYMBOLIC_NAME)));
        List<Path> written = filesUnder(home).stream().filter(f -> !before.contains(f)).collect(Collectors.toList());
        assertEquals("files written under " + home, List.of(), written);
        assertTrue("no " + home.resolve("logs/rocketmq"), Files.notExists(home.resolve("logs").resolve("rocketmq")));
    }

    private Bundle clientBundle() {
        return Stream.of(context.getBundles()).filter(b -> SYMBOLIC_NAME.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(SYMBOLIC_NAME + " not installed"));
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T withContextClassLoader(ClassLoader loader, Call<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (Files.notExists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.collect(Collectors.toList());
        }
    }
}
