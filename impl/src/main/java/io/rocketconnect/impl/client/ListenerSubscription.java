package io.rocketconnect.impl.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.api.config.KeyDefinition;
import io.rocketconnect.impl.call.Messages;
import io.rocketconnect.impl.call.RequestIdScope;
import io.rocketconnect.impl.config.AdapterConfig;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.config.Problems;
import io.rocketconnect.impl.config.PropertyReader;
import io.rocketconnect.impl.config.TypedConfigurations;

/**
 * One {@link RocketmqListener} service's subscription, read from its service properties with the same
 * reader as configurations. {@code consume.from} and {@code max.reconsume.times} take their options and
 * range from the adapter keys they override ({@code consumeFromWhere}, {@code maxReconsumeTimes}).
 */
final class ListenerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSubscription.class);

    private static final KeyDefinition ADAPTER_ID = text(RocketmqListener.ADAPTER_ID, true);
    private static final KeyDefinition TOPIC = text(RocketmqListener.TOPIC, true);
    private static final KeyDefinition GROUP = text(RocketmqListener.CONSUMER_GROUP, true);
    private static final KeyDefinition SELECTOR = new KeyDefinition(RocketmqListener.SELECTOR, "selector", "", "String", "*",
            null, null, List.of(), false);
    private static final KeyDefinition SELECTOR_TYPE = new KeyDefinition(RocketmqListener.SELECTOR_TYPE, "selector type", "",
            "String", "TAG", null, null, List.of("TAG", "SQL92"), false);
    private static final KeyDefinition ORDERLY = new KeyDefinition(RocketmqListener.ORDERLY, "orderly", "", "Boolean", "false",
            null, null, List.of(), false);
    private static final KeyDefinition MESSAGE_MODEL = new KeyDefinition(RocketmqListener.MESSAGE_MODEL, "message model", "",
            "String", MessageModel.CLUSTERING.name(), null, null, List.of("CLUSTERING", "BROADCASTING"), false);
    private static final KeyDefinition CONSUME_FROM = overriding(RocketmqListener.CONSUME_FROM, AdapterConfig::consumeFromWhere);
    private static final KeyDefinition MAX_RECONSUME_TIMES =
            overriding(RocketmqListener.MAX_RECONSUME_TIMES, AdapterConfig::maxReconsumeTimes);

    final long serviceId;
    final RocketmqListener listener;
    final String adapterId;
    final String topic;
    final String group;
    /** Symbolic name of the listener's bundle; null if it is gone already. */
    final String bundle;
    private final String selector;
    private final boolean sql;
    private final boolean orderly;
    private final MessageModel model;
    private final String consumeFrom;
    private final Integer maxReconsumeTimes;

    /** @throws InvalidConfigurationException naming each service property at fault */
    ListenerSubscription(long serviceId, RocketmqListener listener, Map<String, ?> properties, String bundle) {
        PropertyReader in = new PropertyReader(properties, null, new Problems());
        this.serviceId = serviceId;
        this.listener = listener;
        this.bundle = bundle;
        this.adapterId = (String) in.value(ADAPTER_ID);
        this.topic = (String) in.value(TOPIC);
        this.group = (String) in.value(GROUP);
        this.selector = (String) in.value(SELECTOR);
        this.sql = "SQL92".equals(in.value(SELECTOR_TYPE));
        this.orderly = (Boolean) in.value(ORDERLY);
        this.model = MessageModel.valueOf((String) in.value(MESSAGE_MODEL));
        this.consumeFrom = (String) in.value(CONSUME_FROM);
        this.maxReconsumeTimes = (Integer) in.value(MAX_RECONSUME_TIMES);
        in.problems().throwIfAny();
        Messages.checkTopic(topic);
        Messages.checkGroup(RocketmqListener.CONSUMER_GROUP, group);
    }

    /** The adapter's consumer options, with what this listener's properties override. */
    ConsumerOptions options(ConsumerOptions defaults) {
        return new ConsumerOptions(consumeFrom != null ? ConsumeFromWhere.valueOf(consumeFrom) : defaults.consumeFrom(), model,
                maxReconsumeTimes != null ? maxReconsumeTimes : defaults.maxReconsumeTimes());
    }

    void configure(DefaultMQPushConsumer consumer) throws Exception {
        if (sql) {
            consumer.subscribe(topic, MessageSelector.bySql(selector));
        } else {
            consumer.subscribe(topic, selector);
        }
        if (orderly) {
            consumer.registerMessageListener((MessageListenerOrderly) (messages, context) ->
                    deliverAll(messages) < 0 ? ConsumeOrderlyStatus.SUCCESS : ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT);
        } else {
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                int failed = deliverAll(messages);
                if (failed < 0) {
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                }
                // Messages before the failed one are done; it and the rest come back later.
                context.setAckIndex(failed - 1);
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            });
        }
    }

    /**
     * Starts this listener's consumer on {@code adapter}: a 4.x push consumer on remoting, the gRPC
     * client's push consumer on gRPC. On gRPC the group's retries, start position and order belong to
     * the server's subscription group, so the properties that set them here are refused by name.
     */
    ConsumerHandle startOn(ConsumerHost adapter) {
        if (!adapter.grpc()) {
            return adapter.consume(group, options(adapter.consumerDefaults()), this::configure);
        }
        List<String> refused = new ArrayList<>();
        if (model == MessageModel.BROADCASTING) {
            refused.add(RocketmqListener.MESSAGE_MODEL + "=BROADCASTING (gRPC consumers share a group's messages)");
        }
        if (consumeFrom != null) {
            refused.add(RocketmqListener.CONSUME_FROM + " (on gRPC the server's subscription group sets it)");
        }
        if (maxReconsumeTimes != null) {
            refused.add(RocketmqListener.MAX_RECONSUME_TIMES + " (on gRPC the server's subscription group sets it)");
        }
        if (!refused.isEmpty()) {
            throw new UnsupportedOperationException("adapter '" + adapterId + "' has transport=grpc, which does not offer "
                    + String.join(", ", refused));
        }
        return adapter.consumeGrpc(group, topic, selector, sql, message -> deliverAll(List.of(message)) < 0);
    }

    /** Delivers messages in order; returns the index of the first that failed, or -1. */
    private int deliverAll(List<MessageExt> messages) {
        for (int i = 0; i < messages.size(); i++) {
            MessageExt message = messages.get(i);
            try (RequestIdScope requestId = RequestIdScope.enter(message)) {
                listener.onMessage(message);
            } catch (Exception e) {
                LOG.warn("RocketmqListener service {} failed on message {} of {} (attempt {}); it will be delivered again: {}",
                        serviceId, message.getMsgId(), topic, message.getReconsumeTimes() + 1, e.toString());
                return i;
            }
        }
        return -1;
    }

    private static KeyDefinition text(String key, boolean required) {
        return new KeyDefinition(key, key, "", "String", null, null, null, List.of(), required);
    }

    /** A listener property that overrides an adapter key: the adapter key's type, options and range, no default. */
    private static KeyDefinition overriding(String property, java.util.function.Function<AdapterConfig, ?> adapterKey) {
        KeyDefinition key = AdapterSettings.KEYS.get(TypedConfigurations.key(AdapterConfig.class, adapterKey));
        return new KeyDefinition(property, key.name(), key.description(), key.type(), null, key.min(), key.max(), key.options(),
                false);
    }
}
