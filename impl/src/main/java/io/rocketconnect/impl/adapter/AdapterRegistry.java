package io.rocketconnect.impl.adapter;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.impl.config.AdapterSettings;

/**
 * Looks adapters up by model id among the registered {@link RocketmqAPI} services. While an adapter
 * is being reconfigured its new and old services are both registered for a moment; the newer one
 * (higher service.id) answers. Bundle scope: each bundle that uses this service gets adapters that
 * the audit log shows as called by that bundle, as if it had got them from the registry itself.
 */
@Component(scope = ServiceScope.BUNDLE)
public class AdapterRegistry implements RocketmqAdapters {

    /** The bundle this instance serves; null outside OSGi. */
    private String caller;

    @Activate
    void activate(ComponentContext context) {
        caller = context.getUsingBundle() != null ? context.getUsingBundle().getSymbolicName() : null;
    }

    /** adapter id → (service.id → adapter); guarded by itself. */
    private final Map<String, TreeMap<Long, RocketmqAPI>> adapters = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(RocketmqAPI adapter, Map<String, Object> properties) {
        synchronized (adapters) {
            adapters.computeIfAbsent(idOf(adapter, properties), id -> new TreeMap<>())
                    .put(serviceId(properties), adapter);
        }
    }

    void removeAdapter(RocketmqAPI adapter, Map<String, Object> properties) {
        String id = idOf(adapter, properties);
        synchronized (adapters) {
            TreeMap<Long, RocketmqAPI> registered = adapters.get(id);
            if (registered != null) {
                registered.remove(serviceId(properties));
                if (registered.isEmpty()) {
                    adapters.remove(id);
                }
            }
        }
    }

    @Override
    public RocketmqAPI getRocketmqAPI(String modelId) {
        synchronized (adapters) {
            TreeMap<Long, RocketmqAPI> registered = adapters.get(modelId);
            if (registered != null) {
                return asCaller(registered.lastEntry().getValue());
            }
        }
        throw new NoSuchAdapterException(modelId, adapterIds());
    }

    @Override
    public Set<String> adapterIds() {
        synchronized (adapters) {
            return Collections.unmodifiableSet(new TreeSet<>(adapters.keySet()));
        }
    }

    @Override
    @Deprecated
    public void validate(Map<String, ?> configuration) {
        AdapterSettings.from(configuration);
    }

    private RocketmqAPI asCaller(RocketmqAPI registered) {
        Adapter adapter = AdapterForBundle.adapterOf(registered);
        return adapter == null || caller == null ? registered : new AdapterForBundle(adapter, caller);
    }

    private static String idOf(RocketmqAPI adapter, Map<String, Object> properties) {
        Object id = properties.get(RocketmqAPI.ADAPTER_ID);
        return id != null ? id.toString() : adapter.adapterId();
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }
}
