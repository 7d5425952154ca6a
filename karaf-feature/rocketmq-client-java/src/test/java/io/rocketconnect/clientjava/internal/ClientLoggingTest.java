package io.rocketconnect.clientjava.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slf4j.LoggerFactory;

/**
 * The bundle's content (target/classes: the client jar unpacked without its logback, plus our binding;
 * the original jar is kept off this test's class path) logs through the real SLF4J, here the test's
 * logback, and writes nothing under {@code user.home} (the build points it at target/test-home).
 */
public class ClientLoggingTest {

    private final Logger clientLogs = (Logger) LoggerFactory.getLogger("org.apache.rocketmq.client.java");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @Before
    public void record() {
        clientLogs.setLevel(Level.INFO);
        lines.start();
        clientLogs.addAppender(lines);
    }

    @After
    public void stop() {
        clientLogs.detachAppender(lines);
    }

    @Test
    public void theClientsShadedSlf4jIsBoundToOurForwardingFactory() {
        assertEquals(ForwardingLoggerFactory.class,
                org.apache.rocketmq.shaded.org.slf4j.LoggerFactory.getILoggerFactory().getClass());
    }

    @Test
    public void theShadedLogbackAndItsFileConfigurationAreLeftOut() {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.apache.rocketmq.shaded.ch.qos.logback.classic.LoggerContext"));
        assertNull(ClientLoggingTest.class.getClassLoader().getResource("rocketmq.logback.xml"));
    }

    @Test
    public void aFailedProducerIsLoggedThroughTheRealSlf4jAndWritesNoFileUnderUserHome() throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        Files.createDirectories(home);
        List<Path> before = filesUnder(home);

        // With a topic, starting the producer asks the endpoint for its route: a connection is tried.
        ProducerBuilder builder = ClientServiceProvider.loadService().newProducerBuilder()
                .setTopics("NoSuchTopic")
                .setClientConfiguration(ClientConfiguration.newBuilder()
                        .setEndpoints("127.0.0.1:" + closedPort())
                        // Long: a refused connection answers at once, but on a loaded machine a short deadline
                        // ran out before the connection was tried (DEADLINE_EXCEEDED instead of the refusal).
                        .setRequestTimeout(Duration.ofSeconds(30))
                        .build());
        // The client declares ClientException, but a producer that cannot start fails with guava's
        // IllegalStateException, caused by grpc's UNAVAILABLE, caused by the refused connection.
        IllegalStateException failure = assertThrows(IllegalStateException.class, builder::build);
        assertTrue("caused by the refused connection: " + failure, causes(failure).anyMatch(ConnectException.class::isInstance));

        await().atMost(Duration.ofSeconds(10)).until(() -> recorded().stream()
                .anyMatch(e -> e.getLoggerName().startsWith("org.apache.rocketmq.client.java.impl")
                        && e.getLevel() == Level.ERROR));
        List<String> written = filesUnder(home).stream().filter(f -> !before.contains(f))
                .map(Path::toString).collect(Collectors.toList());
        assertEquals("files the client wrote under " + home, List.of(), written);
        assertFalse(Files.exists(home.resolve("logs")));
    }

    private List<ILoggingEvent> recorded() {
        synchronized (lines) {
            return new ArrayList<>(lines.list);
        }
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, c -> c != null, Throwable::getCause);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.collect(Collectors.toList());
        }
    }
}
