package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.shell.completers.TopicCompleter;

@Service
@Command(scope = "rocketmq", name = "browse", description = "Shows messages of a topic without a consumer group and "
        + "without moving any offset: the newest, or one queue from an offset on")
public class BrowseCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "The topic", required = true)
    @Completion(TopicCompleter.class)
    String topic;

    @Option(name = "--queue", description = "Read this queue from --from on, instead of the newest over all queues")
    Integer queue;

    @Option(name = "--from", description = "With --queue: the first offset (default: the queue's first message)")
    Long from;

    @Option(name = "--broker", description = "With --queue: the queue's broker, when the topic lives on more than one")
    String broker;

    @Option(name = "--max", description = "At most this many messages (1..100, default 20)")
    int max = 20;

    @Override
    public Object execute() {
        if (queue == null && (from != null || broker != null)) {
            throw new IllegalArgumentException("--from and --broker go with --queue");
        }
        RocketmqAdmin admin = admin();
        List<MessageExt> messages;
        if (queue == null) {
            messages = admin.newest(topic, max);
        } else {
            long first = from != null ? from : admin.topicStatus(topic).stream()
                    .filter(q -> q.queueId() == queue && (broker == null || q.brokerName().equals(broker)))
                    .mapToLong(RocketmqAdmin.QueueOffsets::minOffset).findFirst().orElse(0);
            messages = admin.browse(topic, broker, queue, first, max);
        }
        messages.forEach(message -> System.out.println(ConsumeCommand.describe(message)));
        System.out.println(messages.size() + " message(s); no offset was moved");
        return null;
    }
}
