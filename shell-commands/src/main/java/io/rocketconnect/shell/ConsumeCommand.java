package io.rocketconnect.shell;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ReceivedMessage;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.SimpleConsumerHandle;

@Service
@Command(scope = "rocketmq", name = "consume",
        description = "Consumes messages of a topic through an adapter and prints them, until --count messages or --timeout")
public class ConsumeCommand extends AdapterCommandSupport {

    /** The most a simple consumer's receive returns at once. */
    static final int MAX_RECEIVE = 32;
    /** How long a received message stays invisible to the group if the command ends before acknowledging it. */
    static final Duration INVISIBLE = Duration.ofSeconds(30);

    @Argument(index = 1, name = "topic", description = "Topic to consume", required = true)
    @org.apache.karaf.shell.api.action.Completion(io.rocketconnect.shell.completers.TopicCompleter.class)
    String topic;

    @Option(name = "--group", description = "Consumer group; by default a new group each time, which a "
            + "broker starts at the beginning of each queue. Required on a gRPC adapter: its Proxy refuses unknown groups")
    @org.apache.karaf.shell.api.action.Completion(io.rocketconnect.shell.completers.GroupCompleter.class)
    String group;

    @Option(name = "--selector", description = "Tag expression, e.g. 'TagA || TagB'")
    String selector = "*";

    @Option(name = "--count", description = "Stop after this many messages (0 = no limit)")
    int count = 0;

    @Option(name = "--timeout", description = "Stop after this many seconds")
    int timeoutSeconds = 10;

    @Override
    public Object execute() throws Exception {
        if (count < 0 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("--count must be 0 or more and --timeout at least 1 (were "
                    + count + " and " + timeoutSeconds + ")");
        }
        RocketmqAPI adapter = adapter();
        if (grpc()) {
            return consumeFromProxy(adapter);
        }
        String consumerGroup = group != null ? group : "rocketmq-shell-" + Long.toHexString(System.nanoTime());
        BlockingQueue<MessageExt> received = new LinkedBlockingQueue<>();
        // With --count, only that many messages are taken (acknowledged); the client's prefetch beyond
        // them goes back to the broker for a later delivery instead of being consumed unseen.
        java.util.concurrent.Semaphore wanted = new java.util.concurrent.Semaphore(count == 0 ? Integer.MAX_VALUE : count);
        int printed = 0;
        try (ConsumerHandle handle = adapter.doConsume(consumerGroup, consumer -> {
            consumer.subscribe(topic, selector);
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                int taken = 0;
                while (taken < messages.size() && wanted.tryAcquire()) {
                    received.add(messages.get(taken++));
                }
                if (taken == 0) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
                context.setAckIndex(taken - 1);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (count == 0 || printed < count) {
                MessageExt message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (message == null) {
                    break;
                }
                System.out.println(describe(message));
                printed++;
            }
        }
        System.out.println(printed + " message(s) consumed from " + topic + " by group " + consumerGroup);
        return null;
    }

    /**
     * A gRPC adapter consumes with RocketMQ 5's simple consumer: it receives up to --count messages
     * until --timeout, and acknowledges each one it printed, so none is delivered again to the group.
     */
    private Object consumeFromProxy(RocketmqAPI adapter) {
        if (group == null) {
            throw new IllegalArgumentException("Adapter '" + adapterId + "' has transport=grpc: name an existing consumer "
                    + "group with --group (a RocketMQ 5 Proxy refuses groups it does not know; create one with "
                    + "mqadmin updateSubGroup)");
        }
        int printed = 0;
        try (SimpleConsumerHandle consumer = adapter.simpleConsumer(group, topic, selector)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            // Each receive waits up to the adapter's await duration when nothing is there, so the last may end after --timeout.
            while ((count == 0 || printed < count) && System.nanoTime() < deadline) {
                int wanted = count == 0 ? MAX_RECEIVE : Math.min(MAX_RECEIVE, count - printed);
                for (ReceivedMessage message : consumer.receive(wanted, INVISIBLE)) {
                    System.out.println(describe(message.message(), false));
                    consumer.ack(message);
                    printed++;
                }
            }
        }
        System.out.println(printed + " message(s) consumed from " + topic + " by group " + group);
        return null;
    }

    static String describe(MessageExt message) {
        return describe(message, true);
    }

    /** The message on one line; {@code where} false leaves out the queue and offset, which gRPC does not say. */
    static String describe(MessageExt message, boolean where) {
        java.util.Map<String, String> user = new java.util.TreeMap<>();
        message.getProperties().forEach((key, value) -> {
            if (!org.apache.rocketmq.common.message.MessageConst.STRING_HASH_SET.contains(key)) {
                user.put(key, value);
            }
        });
        return (where ? "[" + message.getQueueId() + ":" + message.getQueueOffset() + "] " : "") + "msgId=" + message.getMsgId()
                + (message.getTags() == null ? "" : " tags=" + message.getTags())
                + (message.getKeys() == null ? "" : " keys=" + message.getKeys())
                + (user.isEmpty() ? "" : " properties=" + user)
                + " body=" + body(message.getBody());
    }

    /** The body as text when it is valid UTF-8, else as hex. */
    static String body(byte[] body) {
        try {
            return UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException notText) {
            StringBuilder hex = new StringBuilder("0x");
            for (byte b : body) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
    }
}
