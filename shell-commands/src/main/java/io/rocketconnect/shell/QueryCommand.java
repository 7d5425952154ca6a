package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.rocketmq.common.message.MessageExt;

@Service
@Command(scope = "rocketmq", name = "query", description = "Looks messages up by id or key without consuming them")
public class QueryCommand extends AdapterCommandSupport {

    @Option(name = "--topic", description = "Topic of the message(s)", required = true)
    String topic;

    @Option(name = "--msg-id", description = "Message id, as rocketmq:send prints it")
    String msgId;

    @Option(name = "--key", description = "Business key given when the message was sent")
    String key;

    @Option(name = "--max", description = "At most this many messages by key (1..1000)")
    int max = 32;

    @Override
    public Object execute() {
        if ((msgId == null) == (key == null)) {
            throw new IllegalArgumentException("give either --msg-id or --key");
        }
        List<MessageExt> found = msgId != null ? List.of(adapter().admin().viewMessage(topic, msgId))
                : adapter().admin().queryByKey(topic, key, max);
        found.forEach(message -> System.out.println(ConsumeCommand.describe(message)));
        System.out.println(found.size() + " message(s) found");
        return null;
    }
}
