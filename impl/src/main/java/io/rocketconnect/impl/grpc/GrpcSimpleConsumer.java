package io.rocketconnect.impl.grpc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.api.ReceivedMessage;
import io.rocketconnect.api.SimpleConsumerHandle;
import io.rocketconnect.impl.call.CallPipeline;
import io.rocketconnect.impl.telemetry.ReceiveSpan;

/** A started gRPC simple consumer, each of whose methods is a call of the adapter's pipeline. */
final class GrpcSimpleConsumer implements SimpleConsumerHandle {

    /** A received message: our view of it, and the client's, whose receipt handle ack and change use. */
    private record Received(MessageView view, MessageExt message) implements ReceivedMessage {

        @Override
        public String messageId() {
            return message.getMsgId();
        }

        @Override
        public int deliveryAttempt() {
            return view.getDeliveryAttempt();
        }
    }

    private static final Duration SHORTEST_INVISIBLE = Duration.ofSeconds(10);
    private static final Duration LONGEST_INVISIBLE = Duration.ofHours(12);

    private final SimpleConsumer consumer;
    private final String topic;
    private final CallPipeline calls;
    private final Runnable onClose;

    GrpcSimpleConsumer(SimpleConsumer consumer, String topic, CallPipeline calls, Runnable onClose) {
        this.consumer = consumer;
        this.topic = topic;
        this.calls = calls;
        this.onClose = onClose;
    }

    @Override
    public String consumerGroup() {
        return consumer.getConsumerGroup();
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration invisibleDuration) {
        if (maxMessages < 1 || maxMessages > 32) {
            throw new IllegalArgumentException("maxMessages " + maxMessages + " is not in 1..32");
        }
        checkInvisible(invisibleDuration);
        return calls.call("receive", topic, "receive from " + topic + " (group " + consumerGroup() + ")", null, requestId -> {
            ReceiveSpan span = calls.telemetry().startReceive(topic, consumerGroup());
            List<Received> received;
            try {
                received = consumer.receive(maxMessages, invisibleDuration).stream()
                        .map(view -> new Received(view, GrpcMessages.toMessageExt(view))).toList();
            } catch (ClientException | RuntimeException e) {
                span.end(List.of(), e);
                throw e;
            }
            span.end(received.stream().map(Received::message).toList(), null);
            return List.<ReceivedMessage>copyOf(received);
        });
    }

    @Override
    public void ack(ReceivedMessage message) {
        MessageView view = viewOf(message);
        calls.call("ack", topic, "ack of " + message.messageId() + " (group " + consumerGroup() + ")", null, requestId -> {
            consumer.ack(view);
            return null;
        });
    }

    @Override
    public void changeInvisibleDuration(ReceivedMessage message, Duration invisibleDuration) {
        checkInvisible(invisibleDuration);
        MessageView view = viewOf(message);
        calls.call("changeInvisibleDuration", topic, "change of the invisible duration of " + message.messageId()
                + " (group " + consumerGroup() + ")", null, requestId -> {
            consumer.changeInvisibleDuration(view, invisibleDuration);
            return null;
        });
    }

    private static MessageView viewOf(ReceivedMessage message) {
        Objects.requireNonNull(message, "message");
        if (!(message instanceof Received received)) {
            throw new IllegalArgumentException("message " + message.messageId() + " was not received by a simple consumer");
        }
        return received.view();
    }

    private static void checkInvisible(Duration invisibleDuration) {
        Objects.requireNonNull(invisibleDuration, "invisibleDuration");
        if (invisibleDuration.compareTo(SHORTEST_INVISIBLE) < 0 || invisibleDuration.compareTo(LONGEST_INVISIBLE) > 0) {
            throw new IllegalArgumentException("invisibleDuration " + invisibleDuration + " is not in 10 s .. 12 h");
        }
    }

    @Override
    public void close() {
        onClose.run();
    }
}
