package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.rocketconnect.api.ReceivedMessage;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.api.SimpleConsumerHandle;

/**
 * An adapter with transport=grpc, configured in etc/ as an operator writes it, sends through a real
 * RocketMQ 5.5.0 Proxy from inside Karaf, and consumes with the simple consumer and a RocketmqListener
 * service; the gRPC client writes nothing under the Karaf JVM's user.home (its logs go to karaf.log).
 * Plain JUnit assertions only (see RocketmqConnectorIT).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GrpcAdapterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @Filter("(adapter.id=grpc)")
    private RocketmqAPI grpc;

    @Inject
    private BundleContext context;

    @Inject
    private SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        return KarafWithGrpcProxy.options();
    }

    @Test
    public void sendsThroughTheProxyAndReceivesWithTheSimpleConsumer() {
        List<Path> before = filesUnder(home());
        SendReceipt sent = grpc.send(RocketmqMessage.to(KarafWithGrpcProxy.TOPIC).tags("it").body("over gRPC in Karaf").build());
        assertEquals(SendReceipt.Status.SEND_OK, sent.status());
        try (SimpleConsumerHandle consumer = grpc.simpleConsumer(KarafWithGrpcProxy.READERS, KarafWithGrpcProxy.TOPIC, "*")) {
            ConcurrentLinkedQueue<ReceivedMessage> received = new ConcurrentLinkedQueue<>();
            await().atMost(WAIT).until(() -> {
                received.addAll(consumer.receive(8, Duration.ofSeconds(30)));
                return received.stream().anyMatch(m -> m.messageId().equals(sent.messageId()));
            });
            ReceivedMessage message = received.stream().filter(m -> m.messageId().equals(sent.messageId())).findFirst().orElseThrow();
            assertEquals("over gRPC in Karaf", new String(message.message().getBody(), UTF_8));
            assertEquals("the sender's requestId came along", sent.requestId(), message.requestId());
            consumer.ack(message);
        }
        List<Path> written = filesUnder(home()).stream().filter(f -> !before.contains(f)).collect(Collectors.toList());
        assertEquals("files the gRPC client wrote under " + home(), List.of(), written);
        assertTrue("no " + home().resolve("logs"), Files.notExists(home().resolve("logs").resolve("rocketmq")));
    }

    @Test
    public void aListenerServiceReceivesThroughTheGrpcPushConsumer() {
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(RocketmqListener.ADAPTER_ID, "grpc");
        properties.put(RocketmqListener.TOPIC, KarafWithGrpcProxy.LISTENER_TOPIC);
        properties.put(RocketmqListener.CONSUMER_GROUP, KarafWithGrpcProxy.LISTENERS);
        ServiceRegistration<RocketmqListener> registration = context.registerService(RocketmqListener.class,
                message -> received.add(new String(message.getBody(), UTF_8)), properties);
        try {
            await().atMost(WAIT).until(() -> grpc.runningClients().contains("grpc push consumer " + KarafWithGrpcProxy.LISTENERS));
            grpc.send(RocketmqMessage.to(KarafWithGrpcProxy.LISTENER_TOPIC).body("to the gRPC whiteboard").build());
            await().atMost(WAIT).until(() -> received.contains("to the gRPC whiteboard"));
        } finally {
            registration.unregister();
        }
        await().atMost(WAIT).until(() -> !grpc.runningClients().contains("grpc push consumer " + KarafWithGrpcProxy.LISTENERS));
    }

    /**
     * The shell on the gRPC adapter: test reaches the Proxy and asks it for the topic, send answers
     * without a queue (gRPC does not say), consume receives with the simple consumer, and a command
     * that asks the NameServer fails in one line naming the transport.
     */
    @Test
    public void theShellTestsSendsAndConsumesThroughTheProxy() throws Exception {
        KarafShell shell = new KarafShell(sessionFactory);
        String topic = KarafWithGrpcProxy.SHELL_TOPIC;
        String tested = shell.run("rocketmq:test grpc " + topic, KarafShell.VIEWER);
        assertTrue(tested, tested.startsWith("Proxy at 127.0.0.1:") && tested.contains(" answered in ")
                && tested.contains(" ms (transport grpc)"));
        assertTrue(tested, tested.contains("Topic " + topic + ": the Proxy has its route"));
        String unknown = shell.run("rocketmq:test grpc NoSuchTopicInKaraf", KarafShell.VIEWER);
        assertTrue(unknown, unknown.contains("Topic NoSuchTopicInKaraf: the Proxy knows no such topic"));

        String sent = shell.run("rocketmq:send --tags shell grpc " + topic + " hello-over-grpc", KarafShell.ADMIN);
        assertTrue(sent, sent.startsWith("SEND_OK msgId=") && sent.contains(" topic=" + topic + " requestId="));
        assertFalse("no queue where gRPC does not say: " + sent, sent.contains("queue=") || sent.contains("null"));

        String consumed = shell.run("rocketmq:consume --group " + KarafWithGrpcProxy.SHELL_GROUP + " --count 1 --timeout 30 grpc "
                + topic, KarafShell.ADMIN);
        assertTrue(consumed, consumed.startsWith("msgId=") && consumed.contains(" tags=shell ")
                && consumed.contains(" body=hello-over-grpc\n"));
        assertTrue(consumed, consumed.endsWith("1 message(s) consumed from " + topic + " by group "
                + KarafWithGrpcProxy.SHELL_GROUP + "\n"));

        Exception refused = org.junit.Assert.assertThrows(Exception.class, () -> shell.run("rocketmq:topics grpc", KarafShell.VIEWER));
        Throwable said = refused;
        while (said.getCause() != null && !String.valueOf(said.getMessage()).startsWith("rocketmq:topics")) {
            said = said.getCause(); // as Karaf's console prints it: the command's own message
        }
        assertTrue(said.toString(), said.getMessage().startsWith("rocketmq:topics asks the NameServer, which only "
                + "adapters with transport=remoting use") && said.getMessage().contains("transport=grpc")
                && !said.getMessage().contains("\n"));
        String listed = shell.run("rocketmq:list", KarafShell.VIEWER);
        assertTrue(listed, listed.lines().anyMatch(line -> line.startsWith("grpc") && line.contains(" grpc ")
                && line.contains("127.0.0.1:")));
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    private static List<Path> filesUnder(Path directory) {
        if (Files.notExists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
