package io.rocketconnect.impl.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import io.rocketconnect.impl.call.CallingBundle;

/**
 * Subscribes every {@link RocketmqListener} service to the adapter its {@code adapter.id} names, for as
 * long as both are registered. When an adapter is reconfigured its new service appears before the old
 * one goes, so each listener briefly has two consumers of its group (on two client instances) and
 * never none; the old one first stores its offsets on the broker, so the new one goes on from there.
 */
@Component
public class ListenerWhiteboard {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerWhiteboard.class);

    /** Guarded by this; consumers are started and stopped outside it. */
    private final Map<Long, ConsumerHost> adapters = new HashMap<>();
    private final Map<Long, ListenerSubscription> listeners = new HashMap<>();
    private final Map<List<Long>, ConsumerHandle> running = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addAdapter(RocketmqAPI adapter, Map<String, Object> properties) {
        if (!(adapter instanceof ConsumerHost host)) {
            return; // someone else's RocketmqAPI: not ours to consume through
        }
        long adapterServiceId = serviceId(properties);
        List<ListenerSubscription> matching = new ArrayList<>();
        List<ConsumerHost> predecessors = new ArrayList<>();
        synchronized (this) {
            adapters.put(adapterServiceId, host);
            listeners.values().stream().filter(s -> s.adapterId.equals(host.adapterId())).forEach(matching::add);
            adapters.forEach((id, other) -> {
                if (id != adapterServiceId && other.adapterId().equals(host.adapterId())) {
                    predecessors.add(other);
                }
            });
        }
        matching.forEach(subscription -> {
            // The adapter being replaced stores where the group has got to, for the new consumer to go on from.
            predecessors.forEach(previous -> previous.handOver(subscription.group));
            start(subscription, adapterServiceId, host);
        });
    }

    public void removeAdapter(RocketmqAPI adapter, Map<String, Object> properties) {
        stopAll(serviceId(properties), 1);
        synchronized (this) {
            adapters.remove(serviceId(properties));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(ServiceReference<RocketmqListener> reference, RocketmqListener listener,
            Map<String, Object> properties) {
        ListenerSubscription subscription;
        try {
            String bundle = reference != null && reference.getBundle() != null ? reference.getBundle().getSymbolicName() : null;
            subscription = new ListenerSubscription(serviceId(properties), listener, properties, bundle);
        } catch (IllegalArgumentException e) {
            LOG.error("RocketmqListener service {} is not subscribed: {}", properties.get(Constants.SERVICE_ID), e.getMessage());
            return;
        }
        Map<Long, ConsumerHost> matching = new HashMap<>();
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

    public void removeListener(RocketmqListener listener, Map<String, Object> properties) {
        stopAll(serviceId(properties), 0);
        synchronized (this) {
            listeners.remove(serviceId(properties));
        }
    }

    @Deactivate
    public void deactivate() {
        List<ConsumerHandle> handles;
        synchronized (this) {
            handles = new ArrayList<>(running.values());
            running.clear();
        }
        handles.forEach(ConsumerHandle::close);
    }

    private void start(ListenerSubscription subscription, long adapterServiceId, ConsumerHost adapter) {
        // The audit log shows the listener's bundle as the one that started the consumer.
        try (CallingBundle.Scope caller = CallingBundle.enter(subscription.bundle)) {
            ConsumerHandle handle = subscription.startOn(adapter);
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
}
