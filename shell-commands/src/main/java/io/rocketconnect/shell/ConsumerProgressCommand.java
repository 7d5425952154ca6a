package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.RocketmqAdmin.QueueProgress;

@Service
@Command(scope = "rocketmq", name = "consumer-progress",
        description = "Shows, per queue, the broker's offset, the consumer group's offset and the lag")
public class ConsumerProgressCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "group", description = "The consumer group", required = true)
    @org.apache.karaf.shell.api.action.Completion(io.rocketconnect.shell.completers.GroupCompleter.class)
    String group;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Topic");
        table.column("Broker");
        table.column("Queue").alignRight();
        table.column("Broker offset").alignRight();
        table.column("Consumer offset").alignRight();
        table.column("Lag").alignRight();
        long totalLag = 0;
        for (QueueProgress queue : admin().consumerProgress(group)) {
            table.addRow().addContent(queue.topic(), queue.brokerName(), queue.queueId(), queue.brokerOffset(),
                    queue.consumerOffset(), queue.lag());
            totalLag += queue.lag();
        }
        table.print(System.out);
        System.out.println("Total lag: " + totalLag);
        return null;
    }
}
