package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.RocketmqAdmin.QueueOffsets;
import io.rocketconnect.shell.completers.TopicCompleter;

@Service
@Command(scope = "rocketmq", name = "count", description = "Counts the messages a topic holds, per queue (max - min offset)")
public class CountCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "The topic", required = true)
    @Completion(TopicCompleter.class)
    String topic;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Broker");
        table.column("Queue").alignRight();
        table.column("Messages").alignRight();
        long total = 0;
        for (QueueOffsets queue : admin().topicStatus(topic)) {
            table.addRow().addContent(queue.brokerName(), queue.queueId(), queue.messages());
            total += queue.messages();
        }
        table.print(System.out);
        System.out.println("Total: " + total);
        return null;
    }
}
