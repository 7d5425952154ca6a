package io.rocketconnect.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.common.message.MessageExt;
import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.ReceivedMessage;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.SimpleConsumerHandle;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.impl.config.AdapterConfigurationServiceImpl;

/**
 * The commands on an adapter with transport=grpc: test reaches its Proxy, consume uses the simple
 * consumer, list shows the endpoints, and what needs the NameServer fails in one line naming the
 * transport. The adapter answers as the connector's gRPC adapter does (admin() refused by name).
 */
public class GrpcCommandsTest {

    @Rule
    public final CapturedOutput out = new CapturedOutput();

    private final InMemoryConfigurationAdmin configAdmin = new InMemoryConfigurationAdmin();
    /** What the fake adapter answers, by method name; a RuntimeException there is thrown. */
    private final Map<String, Object> answers = new HashMap<>();
    private final List<String> probed = new ArrayList<>();
    private final List<String> acked = new ArrayList<>();
    private final RocketmqAdapters adapters = TestAdapters.orders((proxy, method, args) -> {
        switch (method.getName()) {
            case "runningClients":
                return List.of();
            case "admin":
                // The connector's own message (Adapter.requireRemoting).
                throw new UnsupportedOperationException("admin needs transport=remoting (the 4.x client); adapter 'orders' "
                        + "has transport=grpc");
            case "probe":
                probed.add((String) args[0]);
                break;
            default:
                break;
        }
        Object answer = answers.get(method.getName());
        if (answer instanceof RuntimeException e) {
            throw e;
        }
        if (answer == null) {
            throw new UnsupportedOperationException(method.getName());
        }
        return answer;
    });
    private final AdapterConfigurationService configurations = new AdapterConfigurationServiceImpl(configAdmin.service(), adapters);

    public GrpcCommandsTest() {
        configAdmin.put("orders", Map.of("transport", "grpc", "endpoints", "10.0.0.7:8081"));
    }

    private <T extends AdapterCommandSupport> T command(T command) {
        command.adapters = adapters;
        command.configurations = configurations;
        command.adapterId = "orders";
        return command;
    }

    @Test
    public void testSaysTheProxyAnsweredTheRoundTripAndWhatItSaidOfTheTopic() {
        answers.put("probe", new ProbeResult("grpc", "10.0.0.7:8081", "OrderEvents", true, Duration.ofMillis(42)));
        TestCommand test = command(new TestCommand());
        test.topic = "OrderEvents";
        test.execute();
        assertEquals("Proxy at 10.0.0.7:8081 answered in 42 ms (transport grpc)\nTopic OrderEvents: the Proxy has its route\n",
                out.text());
        assertEquals(List.of("OrderEvents"), probed);

        out.reset();
        answers.put("probe", new ProbeResult("grpc", "10.0.0.7:8081", "OrderEvents", false, Duration.ofMillis(7)));
        test.execute();
        assertTrue(out.text(), out.text().endsWith("Topic OrderEvents: the Proxy knows no such topic\n"));
    }

    @Test
    public void testWithoutATopicAsksForOneAndSaysOnlyThatTheProxyAnswered() {
        answers.put("probe", new ProbeResult("grpc", "10.0.0.7:8081", RocketmqAPI.PROBE_TOPIC, false, Duration.ofMillis(5)));
        command(new TestCommand()).execute();
        assertEquals("Proxy at 10.0.0.7:8081 answered in 5 ms (transport grpc)\n", out.text());
        assertEquals(List.of(RocketmqAPI.PROBE_TOPIC), probed);
    }

    @Test
    public void testOfAProxyThatRefusesIsOneLineWithTheAdaptersMessage() {
        answers.put("probe", new RocketmqException("orders", "the Proxy at 10.0.0.7:8081 refused the adapter's credentials "
                + "(accessKey 'app') asked for the route of OrderEvents: [response-code=40100] check signature failed\n"
                + "For more information, please visit the url", null));
        TestCommand test = command(new TestCommand());
        test.topic = "OrderEvents";
        IllegalStateException failed = assertThrows(IllegalStateException.class, test::execute);
        assertEquals("Adapter 'orders': the Proxy at 10.0.0.7:8081 refused the adapter's credentials (accessKey 'app') "
                + "asked for the route of OrderEvents: [response-code=40100] check signature failed For more information, "
                + "please visit the url", failed.getMessage());
        assertEquals("", out.text());
    }

    @Test
    public void consumeReceivesAcknowledgesAndPrintsWithoutAQueueGrpcDoesNotSay() throws Exception {
        MessageExt message = new MessageExt();
        message.setTopic("OrderEvents");
        message.setTags("created");
        message.setBody("hello".getBytes(UTF_8));
        message.setMsgId("0A0000070001");
        message.putUserProperty("region", "eu");
        ReceivedMessage received = new ReceivedMessage() {
            @Override
            public MessageExt message() {
                return message;
            }

            @Override
            public String messageId() {
                return message.getMsgId();
            }

            @Override
            public int deliveryAttempt() {
                return 1;
            }
        };
        List<Integer> asked = new ArrayList<>();
        answers.put("simpleConsumer", new SimpleConsumerHandle() {
            @Override
            public String consumerGroup() {
                return "readers";
            }

            @Override
            public List<ReceivedMessage> receive(int maxMessages, Duration invisibleDuration) {
                asked.add(maxMessages);
                return List.of(received);
            }

            @Override
            public void ack(ReceivedMessage message) {
                acked.add(message.messageId());
            }

            @Override
            public void changeInvisibleDuration(ReceivedMessage message, Duration invisibleDuration) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                acked.add("closed");
            }
        });
        ConsumeCommand consume = command(new ConsumeCommand());
        consume.topic = "OrderEvents";
        consume.group = "readers";
        consume.count = 1;
        consume.execute();
        assertEquals("msgId=0A0000070001 tags=created properties={region=eu} body=hello\n"
                + "1 message(s) consumed from OrderEvents by group readers\n", out.text());
        assertEquals("asked for no more than --count", List.of(1), asked);
        assertEquals("acknowledged, then the consumer closed", List.of("0A0000070001", "closed"), acked);
    }

    @Test
    public void consumeWithoutAGroupIsRefusedBeforeTheProxyIsAsked() {
        ConsumeCommand consume = command(new ConsumeCommand());
        consume.topic = "OrderEvents";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, consume::execute);
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Adapter 'orders' has transport=grpc: name an existing consumer group with --group"));
    }

    @Test
    public void commandsThatAskTheNameServerFailInOneLineNamingTheCommandAndTheTransport() {
        TopicStatusCommand status = command(new TopicStatusCommand());
        status.topic = "OrderEvents";
        ConsumerProgressCommand progress = command(new ConsumerProgressCommand());
        progress.group = "readers";
        DlqCommand dlq = command(new DlqCommand());
        dlq.group = "readers";
        Map<String, AdapterCommandSupport> commands = Map.of("rocketmq:topics", command(new TopicsCommand()),
                "rocketmq:topic-status", status, "rocketmq:consumer-progress", progress, "rocketmq:dlq", dlq);
        commands.forEach((name, command) -> {
            IllegalStateException refused = assertThrows(name, IllegalStateException.class, command::execute);
            assertTrue(refused.getMessage(), refused.getMessage().startsWith(name + " asks the NameServer, which only adapters "
                    + "with transport=remoting use: admin needs transport=remoting"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("'orders' has transport=grpc"));
            assertFalse("one line", refused.getMessage().contains("\n"));
        });
        assertEquals("", out.text());
    }

    @Test
    public void listAndInfoShowTheTransportAndTheProxyEndpoints() {
        configAdmin.put("payments", Map.of("namesrvAddr", "10.0.0.9:9876"));
        ListCommand list = new ListCommand();
        list.configurations = configurations;
        list.execute();
        List<String> lines = out.text().lines().toList();
        assertTrue(lines.get(0), lines.get(0).matches(".*Transport.*Address.*"));
        assertTrue(lines.get(2), lines.get(2).matches("orders\\s.*grpc\\s.*10\\.0\\.0\\.7:8081\\s.*up.*"));
        assertTrue(lines.get(3), lines.get(3).matches("payments\\s.*remoting\\s.*10\\.0\\.0\\.9:9876\\s.*"));

        out.reset();
        InfoCommand info = new InfoCommand();
        info.configurations = configurations;
        info.id = "orders";
        info.execute();
        assertTrue(out.text(), out.text().contains("  transport = grpc\n") && out.text().contains("  endpoints = 10.0.0.7:8081\n"));
    }
}
