package io.rocketconnect.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqListener;
import io.rocketconnect.impl.AdapterSettings.ConsumeFrom;

/**
 * Subscribes every {@link RocketmqListener} service to the adapter its {@code adapter.id} names, for as
 * long as both are registered. When an adapter is reconfigured its new service appears before the old
 * one goes, so each listener briefly has two consumers of its group (on two client instances) and
 * never none.
 */
@Component
public class ListenerWhiteboard {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerWhiteboard.class);

    /** Guarded by this; consumers are started and stopped outside it. */
    private final Map<Long, Adapter> adapters = new HashMap<>();
    private final Map<Long, Subscription> listeners = new HashMap<>();
    private final Map<List<Long>, ConsumerHandle> running = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(RocketmqAPI adapter, Map<String, Object> properties) {
        Adapter ours = AdapterForBundle.adapterOf(adapter);
        if (ours == null) {
            return; // someone else's RocketmqAPI: not ours to consume through
        }
        long adapterServiceId = serviceId(properties);
        List<Subscription> matching = new ArrayList<>();
        synchronized (this) {
            adapters.put(adapterServiceId, ours);
            listeners.values().stream().filter(s -> s.adapterId.equals(ours.adapterId())).forEach(matching::add);
        }
        matching.forEach(subscription -> start(subscription, adapterServiceId, ours));
    }

    void removeAdapter(RocketmqAPI adapter, Map<String, Object> properties) {
        stopAll(serviceId(properties), 1);
        synchronized (this) {
            adapters.remove(serviceId(properties));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ServiceReference<RocketmqListener> reference, RocketmqListener listener, Map<String, Object> properties) {
        Subscription subscription;
        try {
            subscription = Subscription.from(listener, properties, reference != null ? reference.getBundle() : null);
        } catch (IllegalArgumentException e) {
            LOG.error("RocketmqListener service {} is not subscribed: {}", properties.get(Constants.SERVICE_ID), e.getMessage());
            return;
        }
        Map<Long, Adapter> matching = new HashMap<>();
        synchronized (this) {
            listeners.put(subscription.serviceId, subscription);
            adapters.forEach((id, adapter) -> {
                if (adapter.adapterId().equals(subscription.adapterId)) {
                    matching.put(id, adapter);
                }
            });
        }
        matching.forEach((id, adapter) -> start(subscription, id, adapter));
    }

    void removeListener(RocketmqListener listener, Map<String, Object> properties) {
        stopAll(serviceId(properties), 0);
        synchronized (this) {
            listeners.remove(serviceId(properties));
        }
    }

    @Deactivate
    void deactivate() {
        List<ConsumerHandle> handles;
        synchronized (this) {
            handles = new ArrayList<>(running.values());
            running.clear();
        }
        handles.forEach(ConsumerHandle::close);
    }

    private void start(Subscription subscription, long adapterServiceId, Adapter adapter) {
        // The audit log shows the listener's bundle as the one that started the consumer.
        try (CallingBundle.Scope caller = CallingBundle.enter(subscription.bundle)) {
            ConsumerHandle handle = adapter.consume(subscription.group, subscription.options(adapter.settings()),
                    subscription::configure);
            synchronized (this) {
                running.put(List.of(subscription.serviceId, adapterServiceId), handle);
            }
            LOG.info("RocketmqListener service {} subscribed to {} on adapter '{}' as group {}",
                    subscription.serviceId, subscription.topic, subscription.adapterId, subscription.group);
        } catch (RuntimeException e) {
            LOG.error("RocketmqListener service {} could not subscribe to {} on adapter '{}': {}",
                    subscription.serviceId, subscription.topic, subscription.adapterId, e.getMessage());
        }
    }

    /** Stops every consumer whose key has {@code serviceId} at {@code position} (0 listener, 1 adapter). */
    private void stopAll(long serviceId, int position) {
        List<ConsumerHandle> stopping = new ArrayList<>();
        synchronized (this) {
            running.entrySet().removeIf(entry -> {
                if (entry.getKey().get(position) == serviceId) {
                    stopping.add(entry.getValue());
                    return true;
                }
                return false;
            });
        }
        stopping.forEach(ConsumerHandle::close);
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }

    /** One listener service's subscription, read from its service properties. */
    static final class Subscription {

        final long serviceId;
        final RocketmqListener listener;
        final String adapterId;
        final String topic;
        final String group;
        final String selector;
        final boolean sql;
        final boolean orderly;
        final MessageModel model;
        final ConsumeFrom consumeFrom;
        final Integer maxReconsumeTimes;
        /** Symbolic name of the listener's bundle; null if it is gone already. */
        final String bundle;

        private Subscription(RocketmqListener listener, Map<String, Object> properties, Bundle bundle) {
            this.serviceId = serviceId(properties);
            this.bundle = bundle != null ? bundle.getSymbolicName() : null;
            this.listener = listener;
            this.adapterId = required(properties, RocketmqListener.ADAPTER_ID);
            this.topic = required(properties, RocketmqListener.TOPIC);
            Messages.checkTopic(topic);
            this.group = required(properties, RocketmqListener.CONSUMER_GROUP);
            Adapter.checkGroup(RocketmqListener.CONSUMER_GROUP, group);
            this.selector = optional(properties, RocketmqListener.SELECTOR, "*");
            String selectorType = optional(properties, RocketmqListener.SELECTOR_TYPE, "TAG");
            if (!selectorType.equalsIgnoreCase("TAG") && !selectorType.equalsIgnoreCase("SQL92")) {
                throw new IllegalArgumentException(RocketmqListener.SELECTOR_TYPE + "=" + selectorType + " is not TAG or SQL92");
            }
            this.sql = selectorType.equalsIgnoreCase("SQL92");
            this.orderly = Boolean.parseBoolean(optional(properties, RocketmqListener.ORDERLY, "false"));
            this.model = enumValue(MessageModel.class, properties, RocketmqListener.MESSAGE_MODEL, MessageModel.CLUSTERING);
            this.consumeFrom = enumValue(ConsumeFrom.class, properties, RocketmqListener.CONSUME_FROM, null);
            String retries = optional(properties, RocketmqListener.MAX_RECONSUME_TIMES, null);
            try {
                this.maxReconsumeTimes = retries == null ? null : Integer.valueOf(retries);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(RocketmqListener.MAX_RECONSUME_TIMES + "=" + retries + " is not an integer");
            }
            if (maxReconsumeTimes != null && (maxReconsumeTimes < -1 || maxReconsumeTimes > 1000)) {
                throw new IllegalArgumentException(RocketmqListener.MAX_RECONSUME_TIMES + "=" + retries + " is not in [-1, 1000]");
            }
        }

        static Subscription from(RocketmqListener listener, Map<String, Object> properties, Bundle bundle) {
            return new Subscription(listener, properties, bundle);
        }

        ConsumerOptions options(AdapterSettings settings) {
            ConsumerOptions defaults = ConsumerOptions.defaults(settings);
            return new ConsumerOptions(consumeFrom != null ? consumeFrom : defaults.consumeFrom(), model,
                    maxReconsumeTimes != null ? maxReconsumeTimes : defaults.maxReconsumeTimes());
        }

        void configure(org.apache.rocketmq.client.consumer.DefaultMQPushConsumer consumer) throws Exception {
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

        /** Delivers messages in order; returns the index of the first that failed, or -1. */
        private int deliverAll(List<MessageExt> messages) {
            for (int i = 0; i < messages.size(); i++) {
                MessageExt message = messages.get(i);
                try (RequestIds.Scope requestId = RequestIds.enter(message)) {
                    listener.onMessage(message);
                } catch (Exception e) {
                    LOG.warn("RocketmqListener service {} failed on message {} of {} (attempt {}); it will be delivered again: {}",
                            serviceId, message.getMsgId(), topic, message.getReconsumeTimes() + 1, e.toString());
                    return i;
                }
            }
            return -1;
        }

        private static String required(Map<String, Object> properties, String key) {
            String value = optional(properties, key, null);
            if (value == null) {
                throw new IllegalArgumentException("service property " + key + " is missing");
            }
            return value;
        }

        private static String optional(Map<String, Object> properties, String key, String fallback) {
            Object value = properties.get(key);
            return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
        }

        private static <E extends Enum<E>> E enumValue(Class<E> type, Map<String, Object> properties, String key, E fallback) {
            String value = optional(properties, key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "=" + value + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }
    }
}
