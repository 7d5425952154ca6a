package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdmin.BrokerStatus;
import io.rocketconnect.api.RocketmqException;

@Service
@Command(scope = "rocketmq", name = "test",
        description = "Reaches the adapter's NameServer and lists its brokers with version and round-trip time; "
                + "on a gRPC adapter, reaches its Proxy. With a topic, also says whether the cluster knows it")
public class TestCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "Topic whose route to ask the NameServer or the Proxy for", required = false)
    @org.apache.karaf.shell.api.action.Completion(io.rocketconnect.shell.completers.TopicCompleter.class)
    String topic;

    @Override
    public Object execute() {
        RocketmqAPI adapter = adapter();
        if (grpc()) {
            return testProxy(adapter);
        }
        long started = System.nanoTime();
        List<BrokerStatus> brokers;
        try {
            brokers = adapter.admin().brokers();
        } catch (RocketmqException e) {
            // One line, with the address the client tried (it is in the client's own message).
            throw new IllegalStateException("Adapter '" + adapterId + "' cannot reach its NameServer: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
        System.out.println("NameServer answered; " + brokers.size() + " broker(s) registered ("
                + (System.nanoTime() - started) / 1_000_000 + " ms in all)");
        ShellTable table = new ShellTable();
        for (String column : List.of("Cluster", "Broker", "Address", "Version", "Round trip", "Problem")) {
            table.column(column);
        }
        for (BrokerStatus broker : brokers) {
            table.addRow().addContent(broker.cluster(), broker.brokerName(), broker.address(), broker.version(),
                    broker.roundTripMillis() + " ms", broker.problem() == null ? "" : broker.problem());
        }
        table.print(System.out);
        if (topic != null) {
            ProbeResult probe = probe(adapter, topic);
            System.out.println("Topic " + topic + ": " + (probe.topicFound() ? "the NameServer has its route"
                    : "the NameServer knows no such topic") + " (" + probe.roundTrip().toMillis() + " ms)");
        }
        return null;
    }

    /** A gRPC adapter has no NameServer: its Proxy is asked for a topic's route. */
    private Object testProxy(RocketmqAPI adapter) {
        ProbeResult probe = probe(adapter, topic != null ? topic : RocketmqAPI.PROBE_TOPIC);
        System.out.println("Proxy at " + probe.address() + " answered in " + probe.roundTrip().toMillis()
                + " ms (transport grpc)");
        if (topic != null) {
            System.out.println("Topic " + topic + ": " + (probe.topicFound() ? "the Proxy has its route"
                    : "the Proxy knows no such topic"));
        }
        return null;
    }

    /**
     * The probe's answer. A failure is one line: the adapter's message, which says whether the address
     * did not answer or refused the credentials (the client's own messages span lines).
     */
    private static ProbeResult probe(RocketmqAPI adapter, String probed) {
        try {
            return adapter.probe(probed);
        } catch (RocketmqException e) {
            throw new IllegalStateException(e.getMessage().replaceAll("\\s*\\R\\s*", " "));
        }
    }
}
