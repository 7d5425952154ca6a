package io.rocketconnect.api;

import org.apache.rocketmq.common.message.MessageExt;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Register an OSGi service of this type and the connector subscribes it, as long as its adapter is up.
 * Service properties (constants below): {@value #ADAPTER_ID} and {@value #TOPIC} are required;
 * {@value #CONSUMER_GROUP} is required too, as in RocketMQ each subscription needs a group.
 * <p>
 * A listener that throws gets the message again later (RECONSUME_LATER; for {@value #ORDERLY}
 * listeners the queue is suspended a moment) and after {@value #MAX_RECONSUME_TIMES} attempts the
 * message goes to the group's dead letter queue {@code %DLQ%<group>}: never silently dropped.
 */
@ConsumerType
public interface RocketmqListener {

    String ADAPTER_ID = RocketmqAPI.ADAPTER_ID;
    String TOPIC = "topic";
    String CONSUMER_GROUP = "consumer.group";
    /** Tag expression ({@code "*"}, {@code "TagA || TagB"}) or SQL92 when {@value #SELECTOR_TYPE} is SQL92. */
    String SELECTOR = "selector";
    /** TAG (default) or SQL92 (the broker needs enablePropertyFilter=true). */
    String SELECTOR_TYPE = "selector.type";
    /** true: messages of one queue one at a time, in order. */
    String ORDERLY = "orderly";
    /** CLUSTERING (default: each message to one member of the group) or BROADCASTING. */
    String MESSAGE_MODEL = "message.model";
    /** CONSUME_FROM_LAST_OFFSET, CONSUME_FROM_FIRST_OFFSET or CONSUME_FROM_TIMESTAMP; default: the adapter's. */
    String CONSUME_FROM = "consume.from";
    /** Attempts before the dead letter queue; default: the adapter's. */
    String MAX_RECONSUME_TIMES = "max.reconsume.times";

    /**
     * Handles one message. The requestId of the call that sent it is in the logging MDC.
     *
     * @throws Exception to have the message delivered again later
     */
    void onMessage(MessageExt message) throws Exception;
}
