package io.rocketconnect.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqAdmin.BrokerStatus;
import io.rocketconnect.api.RocketmqAdmin.QueueOffsets;
import io.rocketconnect.api.RocketmqAdmin.QueueProgress;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.impl.config.AdapterConfigurationServiceImpl;

/** The cluster commands' output, over an adapter whose admin answers are given. */
public class ClusterCommandsTest {

    @Rule
    public final CapturedOutput out = new CapturedOutput();

    private RocketmqAdmin admin;

    private ProbeResult probe;

    private RocketmqAdapters adapters() {
        return TestAdapters.orders((proxy, method, args) -> switch (method.getName()) {
            case "admin" -> admin;
            case "probe" -> probe;
            case "runningClients" -> List.of();
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** The connector's configuration service, with "orders" a remoting adapter. */
    private AdapterConfigurationService configurations(RocketmqAdapters adapters) {
        InMemoryConfigurationAdmin configAdmin = new InMemoryConfigurationAdmin();
        configAdmin.put("orders", Map.of("namesrvAddr", "10.0.0.9:9876"));
        return new AdapterConfigurationServiceImpl(configAdmin.service(), adapters);
    }

    private static RocketmqAdmin admin(Map<String, Object> answers) {
        return TestAdapters.admin(answers);
    }

    private String output() {
        return out.text();
    }

    @Test
    public void topicsHidesSystemTopicsUnlessAskedForAll() {
        admin = admin(Map.of("topics", new TreeSet<>(List.of("OrderEvents", "%RETRY%audit", "RMQ_SYS_TRACE_TOPIC", "TBW102"))));
        TopicsCommand command = new TopicsCommand();
        command.adapters = adapters();
        command.adapterId = "orders";
        command.execute();
        assertEquals("OrderEvents\n", output());
        out.reset();
        command.all = true;
        command.execute();
        assertEquals(4, output().lines().count());
    }

    @Test
    public void topicStatusTotalsTheStoredMessages() {
        admin = admin(Map.of("topicStatus", List.of(new QueueOffsets("b1", 0, 0, 3), new QueueOffsets("b1", 1, 2, 7))));
        TopicStatusCommand command = new TopicStatusCommand();
        command.adapters = adapters();
        command.adapterId = "orders";
        command.topic = "OrderEvents";
        command.execute();
        assertTrue(output(), output().endsWith("Messages stored: 8\n"));
    }

    @Test
    public void consumerProgressTotalsTheLag() {
        admin = admin(Map.of("consumerProgress", List.of(new QueueProgress("OrderEvents", "b1", 0, 10, 4),
                new QueueProgress("OrderEvents", "b1", 1, 5, 5))));
        ConsumerProgressCommand command = new ConsumerProgressCommand();
        command.adapters = adapters();
        command.adapterId = "orders";
        command.group = "audit";
        command.execute();
        assertTrue(output(), output().contains("│   6") || output().contains("6"));
        assertTrue(output(), output().endsWith("Total lag: 6\n"));
    }

    @Test
    public void testListsBrokersAndNamesAnUnreachableNameServer() {
        admin = admin(Map.of("brokers", List.of(new BrokerStatus("c1", "b1", "10.0.0.5:10911", "V4_9_7", 3, null))));
        TestCommand command = new TestCommand();
        command.adapters = adapters();
        command.configurations = configurations(command.adapters);
        command.adapterId = "orders";
        command.execute();
        assertTrue(output(), output().startsWith("NameServer answered; 1 broker(s) registered"));
        assertTrue(output(), output().contains("10.0.0.5:10911") && output().contains("V4_9_7") && output().contains("3 ms"));

        admin = admin(Map.of("brokers", new RocketmqException("orders", "broker list failed",
                new IllegalStateException("connect to [10.0.0.9:9876] failed"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, command::execute);
        assertEquals("Adapter 'orders' cannot reach its NameServer: connect to [10.0.0.9:9876] failed", e.getMessage());
    }

    @Test
    public void testWithATopicAlsoSaysWhetherTheNameServerKnowsIt() {
        admin = admin(Map.of("brokers", List.of(new BrokerStatus("c1", "b1", "10.0.0.5:10911", "V4_9_7", 3, null))));
        probe = new ProbeResult("remoting", "10.0.0.9:9876", "OrderEvents", false, java.time.Duration.ofMillis(4));
        TestCommand command = new TestCommand();
        command.adapters = adapters();
        command.configurations = configurations(command.adapters);
        command.adapterId = "orders";
        command.topic = "OrderEvents";
        command.execute();
        assertTrue(output(), output().startsWith("NameServer answered; 1 broker(s) registered"));
        assertTrue(output(), output().endsWith("\nTopic OrderEvents: the NameServer knows no such topic (4 ms)\n"));
    }

    @Test
    public void statsShowsTheLastMinuteAndTheTotalPerOperation() {
        io.rocketconnect.api.OperationStats.Figures minute = new io.rocketconnect.api.OperationStats.Figures(10, 1, 0.5, 1.25, 2, 3);
        io.rocketconnect.api.OperationStats.Figures total = new io.rocketconnect.api.OperationStats.Figures(250, 4, 0.5, 1.5, 2.5, 40);
        StatsCommand command = new StatsCommand();
        command.adapters = TestAdapters.orders((proxy, method, args) -> List.of(
                new io.rocketconnect.api.OperationStats("send", minute, total)));
        command.execute();
        List<String> lines = output().lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(2), lines.get(2).matches("orders\\s.*send\\s.*1 min\\s.*10\\s.*1\\s.*0\\.50\\s.*1\\.25\\s.*2\\.00\\s.*3\\.00"));
        assertTrue(lines.get(3), lines.get(3).contains("total") && lines.get(3).contains("250") && lines.get(3).contains("40.00"));
    }
}
