package io.rocketconnect.testbroker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.java.exception.UnauthorizedException;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A 5.x broker behind its Proxy in local mode, reached as a 5.x application reaches it: through
 * rocketmq-client-java over gRPC, with ACL on. Topics are made with their real message types.
 */
public class ProxyTest {

    private static final BrokerAccounts ACCOUNTS = new BrokerAccounts("proxy-admin", "proxy-admin-secret",
            "proxy-reader", "proxy-reader-secret");

    private static ChildProcessRocketmq rocketmq;
    private static ClientServiceProvider provider;

    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeClass
    public static void startBrokerWithProxy() {
        rocketmq = ChildProcessRocketmq.startWithProxy(BrokerLine.V5, List.of(), ACCOUNTS);
        System.out.println("Proxy " + BrokerLine.V5.version() + " in local mode booted in " + rocketmq.bootMillis() + " ms");
        provider = ClientServiceProvider.loadService();
    }

    @AfterClass
    public static void stopBroker() {
        if (rocketmq != null) {
            rocketmq.close();
        }
    }

    @After
    public void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    @Test
    public void aNormalMessageIsReceivedAndAcked() throws Exception {
        rocketmq.createTopic("proxy-normal", 2, TopicType.NORMAL);
        Producer producer = producer("proxy-admin-secret", "proxy-normal");
        producer.send(provider.newMessageBuilder().setTopic("proxy-normal").setTag("t").setBody("hello".getBytes(UTF_8)).build());
        rocketmq.createGroup("normal-readers");
        SimpleConsumer consumer = consumer("proxy-admin", "proxy-admin-secret", "normal-readers", "proxy-normal");

        MessageView received = receiveOne(consumer);
        assertEquals("hello", UTF_8.decode(received.getBody()).toString());
        consumer.ack(received);
        // The remoting side sees the same broker: the admin client counts the message there.
        assertEquals(1, rocketmq.messagesIn("proxy-normal"));
    }

    @Test
    public void messagesOfOneGroupOnAFifoTopicComeInOrder() throws Exception {
        rocketmq.createTopic("proxy-fifo", 2, TopicType.FIFO);
        rocketmq.createFifoGroup("fifo-readers");
        Producer producer = producer("proxy-admin-secret", "proxy-fifo");
        for (int i = 1; i <= 3; i++) {
            producer.send(provider.newMessageBuilder().setTopic("proxy-fifo").setMessageGroup("order-42")
                    .setBody(("step " + i).getBytes(UTF_8)).build());
        }
        SimpleConsumer consumer = consumer("proxy-admin", "proxy-admin-secret", "fifo-readers", "proxy-fifo");

        for (int i = 1; i <= 3; i++) {
            MessageView received = receiveOne(consumer);
            assertEquals("step " + i, UTF_8.decode(received.getBody()).toString());
            assertEquals("order-42", received.getMessageGroup().orElse(null));
            consumer.ack(received);
        }
    }

    @Test
    public void aFifoTopicRefusesAMessageWithoutGroup() throws Exception {
        rocketmq.createTopic("proxy-fifo-only", 1, TopicType.FIFO);
        Producer producer = producer("proxy-admin-secret", "proxy-fifo-only");

        // The client checks before it sends: the route the Proxy gave it says what the topic accepts.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> producer.send(
                provider.newMessageBuilder().setTopic("proxy-fifo-only").setBody("no group".getBytes(UTF_8)).build()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("acceptMessageTypes=[FIFO]"));
    }

    @Test
    public void aDelayedMessageComesNoEarlierThanItsDeliveryTime() throws Exception {
        rocketmq.createTopic("proxy-delay", 1, TopicType.DELAY);
        Producer producer = producer("proxy-admin-secret", "proxy-delay");
        rocketmq.createGroup("delay-readers");
        SimpleConsumer consumer = consumer("proxy-admin", "proxy-admin-secret", "delay-readers", "proxy-delay");
        // Two to three seconds ahead, on a whole second: the broker's timer wheel works in 1 s slots and
        // lets a message go at the start of the first slot after its time, so a time on a whole second
        // comes about 0.1 s late instead of up to 1.1 s.
        long deliverAt = (System.currentTimeMillis() + 2000) / 1000 * 1000 + 1000;
        producer.send(provider.newMessageBuilder().setTopic("proxy-delay").setDeliveryTimestamp(deliverAt)
                .setBody("later".getBytes(UTF_8)).build());

        MessageView received = receiveOne(consumer);
        long receivedAt = System.currentTimeMillis();
        assertEquals("later", UTF_8.decode(received.getBody()).toString());
        assertEquals(deliverAt, (long) received.getDeliveryTimestamp().orElse(0L));
        assertTrue("received " + (deliverAt - receivedAt) + " ms before its delivery time", receivedAt >= deliverAt);
        System.out.println("The delayed message came " + (receivedAt - deliverAt) + " ms after its delivery time");
        consumer.ack(received);
    }

    @Test
    public void aWrongSecretIsRefused() throws Exception {
        rocketmq.createTopic("proxy-guarded", 1, TopicType.NORMAL);

        // The producer fetches its topic's route while it starts, and the Proxy refuses the request.
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> producer("not-the-secret", "proxy-guarded"));
        UnauthorizedException unauthorized = cause(refused, UnauthorizedException.class);
        assertTrue(unauthorized.getMessage(), unauthorized.getMessage().contains("response-code=40100"));
        assertTrue(unauthorized.getMessage(), unauthorized.getMessage().contains("check signature failed"));
    }

    @Test
    public void anAccountThatMaySubscribeOnlyReceives() throws Exception {
        rocketmq.createTopic("proxy-read-only", 1, TopicType.NORMAL);
        producer("proxy-admin-secret", "proxy-read-only").send(
                provider.newMessageBuilder().setTopic("proxy-read-only").setBody("for readers".getBytes(UTF_8)).build());
        rocketmq.createGroup("read-only-readers");
        SimpleConsumer consumer = consumer("proxy-reader", "proxy-reader-secret", "read-only-readers", "proxy-read-only");

        MessageView received = receiveOne(consumer);
        assertEquals("for readers", UTF_8.decode(received.getBody()).toString());
        consumer.ack(received);
    }

    @Test
    public void aBrokerWithoutProxyHasNoEndpoints() {
        TestBroker embedded = new TestBroker() {
            @Override
            public String namesrvAddr() {
                return "127.0.0.1:9876";
            }

            @Override
            public String brokerName() {
                return "b";
            }

            @Override
            public void createTopic(String topic, int queues) {
            }

            @Override
            public long messagesIn(String topic) {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        UnsupportedOperationException none = assertThrows(UnsupportedOperationException.class, embedded::endpoints);
        assertTrue(none.getMessage(), none.getMessage().contains("startWithProxy"));
        assertThrows(IllegalArgumentException.class, () -> ChildProcessRocketmq.startWithProxy(BrokerLine.V4_7, List.of(), null));
    }

    private Producer producer(String secret, String topic) throws ClientException {
        Producer producer = provider.newProducerBuilder().setClientConfiguration(configuration("proxy-admin", secret))
                .setTopics(topic).build();
        clients.add(producer);
        return producer;
    }

    /** A consumer of {@code group}, which must exist (a 5.5 Proxy refuses unknown groups). */
    private SimpleConsumer consumer(String accessKey, String secretKey, String group, String topic) throws ClientException {
        // A receive long-polls for the await duration: 5 s is the least the Proxy takes.
        SimpleConsumer consumer = provider.newSimpleConsumerBuilder().setClientConfiguration(configuration(accessKey, secretKey))
                .setConsumerGroup(group).setAwaitDuration(Duration.ofSeconds(5))
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).build();
        clients.add(consumer);
        return consumer;
    }

    private static ClientConfiguration configuration(String accessKey, String secretKey) {
        return ClientConfiguration.newBuilder().setEndpoints(rocketmq.endpoints()).enableSsl(false)
                .setRequestTimeout(Duration.ofSeconds(10))
                .setCredentialProvider(new StaticSessionCredentialsProvider(accessKey, secretKey)).build();
    }

    /** The next message; each receive long-polls for up to the consumer's await duration. */
    private static MessageView receiveOne(SimpleConsumer consumer) throws ClientException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<MessageView> received = consumer.receive(1, Duration.ofSeconds(30));
            if (!received.isEmpty()) {
                return received.get(0);
            }
        }
        throw new AssertionError("no message for " + consumer.getConsumerGroup() + " within 30 s");
    }

    private static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + thrown, thrown);
    }
}
