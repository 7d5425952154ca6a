package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.RocketmqAdmin.QueueOffsets;

@Service
@Command(scope = "rocketmq", name = "topic-status", description = "Shows each queue of a topic with its min and max offset")
public class TopicStatusCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "The topic", required = true)
    @org.apache.karaf.shell.api.action.Completion(io.rocketconnect.shell.completers.TopicCompleter.class)
    String topic;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Broker");
        table.column("Queue").alignRight();
        table.column("Min offset").alignRight();
        table.column("Max offset").alignRight();
        long total = 0;
        for (QueueOffsets queue : admin().topicStatus(topic)) {
            table.addRow().addContent(queue.brokerName(), queue.queueId(), queue.minOffset(), queue.maxOffset());
            total += queue.messages();
        }
        table.print(System.out);
        System.out.println("Messages stored: " + total);
        return null;
    }
}
