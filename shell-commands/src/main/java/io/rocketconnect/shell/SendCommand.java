package io.rocketconnect.shell;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

@Service
@Command(scope = "rocketmq", name = "send", description = "Sends one message through an adapter and prints the broker's answer")
public class SendCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "Topic to send to", required = true)
    String topic;

    @Argument(index = 2, name = "body", description = "Message body, sent as UTF-8 text", required = true)
    String body;

    @Option(name = "--tags", description = "Tag of the message, used by consumers' selectors")
    String tags = "";

    @Option(name = "--keys", description = "Business key(s) of the message, space separated")
    String keys = "";

    @Option(name = "--group", description = "Producer group to send with")
    String group = "rocketmq-shell";

    @Override
    public Object execute() {
        AtomicReference<SendResult> result = new AtomicReference<>();
        Message message = new Message(topic, tags, keys, body.getBytes(UTF_8));
        adapter().doProduce(group, producer -> result.set(producer.send(message)));
        SendResult sent = result.get();
        System.out.println(sent.getSendStatus() + " msgId=" + sent.getMsgId() + " topic=" + topic
                + " queue=" + sent.getMessageQueue().getBrokerName() + ":" + sent.getMessageQueue().getQueueId()
                + " offset=" + sent.getQueueOffset());
        return null;
    }
}
