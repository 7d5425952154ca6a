package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slf4j.MDC;

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;

@Service
@Command(scope = "rocketmq", name = "send",
        description = "Sends a message through an adapter and prints status, msgId, queue, offset and requestId")
public class SendCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "Topic to send to", required = true)
    @org.apache.karaf.shell.api.action.Completion(io.rocketconnect.shell.completers.TopicCompleter.class)
    String topic;

    @Argument(index = 2, name = "body", description = "Message body, sent as UTF-8 text", required = true)
    String body;

    @Option(name = "--tags", description = "Tag of the message, used by consumers' selectors")
    String tags;

    @Option(name = "--keys", description = "Business key(s) of the message, comma separated")
    String keys;

    @Option(name = "--property", description = "User property as name=value; repeat for more", multiValued = true)
    List<String> properties;

    @Option(name = "--delay", description = "Broker delay level (1 = 1 s, 2 = 5 s, 3 = 10 s, ... on default brokers)")
    int delayLevel;

    @Option(name = "--count", description = "Send the message this many times (1..10000)")
    int count = 1;

    @Option(name = "--group", description = "Producer group; by default the adapter's producerGroup")
    String group;

    @Override
    public Object execute() {
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("--count " + count + " is not in 1..10000");
        }
        RocketmqMessage.Builder builder = RocketmqMessage.to(topic).body(body).delayLevel(delayLevel);
        if (tags != null) {
            builder.tags(tags);
        }
        if (keys != null) {
            builder.keys(keys.split("\\s*,\\s*"));
        }
        KeyValueArguments.parse(properties).forEach(builder::property);
        RocketmqMessage message = builder.build();
        RocketmqAPI adapter = adapter();
        for (int i = 0; i < count; i++) {
            String requestId = RequestIds.newId();
            MDC.put(RocketmqAPI.REQUEST_ID, requestId);
            try {
                SendReceipt sent = group == null ? adapter.send(message) : adapter.send(group, message);
                // A gRPC adapter's receipt does not say where the message went.
                String where = sent.brokerName() == null ? ""
                        : " queue=" + sent.brokerName() + ":" + sent.queueId() + " offset=" + sent.queueOffset();
                System.out.println(sent.status() + " msgId=" + sent.messageId() + " topic=" + topic + where
                        + " requestId=" + requestId);
            } finally {
                MDC.remove(RocketmqAPI.REQUEST_ID);
            }
        }
        return null;
    }
}
