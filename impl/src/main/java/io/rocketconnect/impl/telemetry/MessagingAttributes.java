package io.rocketconnect.impl.telemetry;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names of the OpenTelemetry messaging semantic conventions (and RocketMQ's part of them)
 * that the connector sets, plus the adapter id under the connector's own name.
 */
final class MessagingAttributes {

    static final String ROCKETMQ = "rocketmq";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final AttributeKey<String> TAG = AttributeKey.stringKey("messaging.rocketmq.message.tag");
    static final AttributeKey<List<String>> KEYS = AttributeKey.stringArrayKey("messaging.rocketmq.message.keys");
    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("messaging.rocketmq.namespace");
    static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("messaging.rocketmq.message.type");
    static final AttributeKey<Long> DELIVERY_TIMESTAMP = AttributeKey.longKey("messaging.rocketmq.message.delivery_timestamp");
    static final AttributeKey<Long> DELAY_LEVEL = AttributeKey.longKey("messaging.rocketmq.message.delay_time_level");
    static final AttributeKey<String> MESSAGE_GROUP = AttributeKey.stringKey("messaging.rocketmq.message.group");

    /** Not a semantic convention: which of the connector's adapters made the call. */
    static final AttributeKey<String> ADAPTER_ID = AttributeKey.stringKey("rocketconnect.adapter.id");

    /** messaging.operation.type of a producer's call. */
    static final String SEND = "send";
    /** messaging.operation.type of a listener's call. */
    static final String PROCESS = "process";

    private MessagingAttributes() {
    }
}
