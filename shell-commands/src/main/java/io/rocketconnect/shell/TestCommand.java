package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.RocketmqAdmin.BrokerStatus;
import io.rocketconnect.api.RocketmqException;

@Service
@Command(scope = "rocketmq", name = "test",
        description = "Reaches the adapter's NameServer and lists its brokers with version and round-trip time")
public class TestCommand extends AdapterCommandSupport {

    @Override
    public Object execute() {
        long started = System.nanoTime();
        List<BrokerStatus> brokers;
        try {
            brokers = adapter().admin().brokers();
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
        return null;
    }
}
