package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.shell.completers.TopicCompleter;

@Service
@Command(scope = "rocketmq", name = "query", description = "Looks messages up by id or key without consuming them")
public class QueryCommand extends AdapterCommandSupport {

    /** As send, consume and topic-status take it: {@code rocketmq:query <adapter> <topic>}. */
    @Argument(index = 1, name = "topic", description = "Topic of the message(s)")
    @Completion(TopicCompleter.class)
    String topic;

    @Option(name = "--topic", description = "The topic, the way earlier versions took it; prefer the argument")
    String topicOption;

    @Option(name = "--msg-id", description = "Message id, as rocketmq:send prints it")
    String msgId;

    @Option(name = "--key", description = "Business key given when the message was sent")
    String key;

    @Option(name = "--max", description = "At most this many messages by key (1..1000)")
    int max = 32;

    @Override
    public Object execute() {
        String queried = topic();
        if ((msgId == null) == (key == null)) {
            throw new IllegalArgumentException("give either --msg-id or --key");
        }
        List<MessageExt> found = msgId != null ? List.of(admin().viewMessage(queried, msgId))
                : admin().queryByKey(queried, key, max);
        found.forEach(message -> System.out.println(ConsumeCommand.describe(message)));
        System.out.println(found.size() + " message(s) found");
        return null;
    }

    /** The topic, given once: as the argument after the adapter, or as --topic. */
    String topic() {
        if (topic != null && topicOption != null && !topic.equals(topicOption)) {
            throw new IllegalArgumentException("two topics given, " + topic + " and --topic " + topicOption
                    + "; give it once, after the adapter: rocketmq:query [--msg-id ID | --key KEY] <adapter> <topic>");
        }
        String given = topic != null ? topic : topicOption;
        if (given == null) {
            throw new IllegalArgumentException("no topic given: rocketmq:query [--msg-id ID | --key KEY] <adapter> <topic>");
        }
        return given;
    }
}
