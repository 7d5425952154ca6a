package io.rocketconnect.impl.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.AlertPolicy;
import io.rocketconnect.api.OperationStats.Figures;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.SlaAlert;

/**
 * Evaluates every SLA policy against the adapters it watches once a second, on one thread of its own
 * ({@value #THREAD}). When a policy trips for an adapter it raises an alert: a WARN line, an
 * EventAdmin event on {@link RocketmqAlerts#TOPIC_ALERT}, and an entry in {@link #active()}. When the
 * metric is back on the right side of the threshold the alert resolves ({@link RocketmqAlerts#TOPIC_RESOLVED}).
 * The same policy raises no new alert for the same adapter within its cooldown.
 */
@Component(service = RocketmqAlerts.class, immediate = true)
public class SlaAlerts implements RocketmqAlerts {

    static final String THREAD = "rocketconnect-sla-policies";
    private static final Logger LOG = LoggerFactory.getLogger(SlaAlerts.class);
    private static final int RESOLVED_KEPT = 100;

    private final Clock clock;
    private final Map<Long, WatchedAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<Long, SlaPolicy> policies = new ConcurrentHashMap<>();
    private volatile EventAdmin eventAdmin;

    /** Only the evaluating thread changes these; readers take a copy under the lock. */
    private final Map<List<String>, SlaAlert> active = new LinkedHashMap<>();
    private final Map<List<String>, Instant> lastRaised = new HashMap<>();
    /** The notification targets of each active alert's policy, as it was when the alert was raised. */
    private final Map<List<String>, List<String>> notifyOf = new HashMap<>();
    private final Deque<SlaAlert> resolved = new ArrayDeque<>();
    private ScheduledExecutorService evaluator;

    public SlaAlerts() {
        this(Clock.systemUTC());
    }

    public SlaAlerts(Clock clock) {
        this.clock = clock;
    }

    private record WatchedAdapter(SlaSource adapter, Map<String, Object> properties) {
    }

    @Activate
    void activate() {
        evaluator = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD);
            thread.setDaemon(true);
            return thread;
        });
        evaluator.scheduleWithFixedDelay(this::evaluateSafely, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        evaluator.shutdownNow();
        evaluator.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(RocketmqAPI service, Map<String, Object> properties) {
        if (service instanceof SlaSource adapter) {
            adapters.put(serviceId(properties), new WatchedAdapter(adapter, Map.copyOf(properties)));
        }
    }

    void removeAdapter(RocketmqAPI service, Map<String, Object> properties) {
        adapters.remove(serviceId(properties));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPolicy(SlaPolicy policy, Map<String, Object> properties) {
        policies.put(serviceId(properties), policy);
    }

    void removePolicy(SlaPolicy policy, Map<String, Object> properties) {
        policies.remove(serviceId(properties));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEventAdmin")
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    @Override
    public List<SlaAlert> active() {
        synchronized (active) {
            return List.copyOf(active.values());
        }
    }

    @Override
    public List<SlaAlert> resolved() {
        synchronized (active) {
            return List.copyOf(resolved);
        }
    }

    @Override
    public List<AlertPolicy> policies() {
        return policies.values().stream().map(SlaPolicy::describe).sorted(Comparator.comparing(AlertPolicy::name))
                .toList();
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("SLA policy evaluation failed; it runs again in a second", e);
        }
    }

    /** One round: every policy against every adapter it watches. */
    void evaluate() {
        Instant now = clock.instant();
        Map<List<String>, Reading> readings = new HashMap<>();
        for (SlaPolicy policy : policies.values()) {
            for (WatchedAdapter watched : adapters.values()) {
                if (policy.watches(watched.properties())) {
                    Figures figures = watched.adapter().slaWindow(policy.window(), policy.operation());
                    Reading reading = new Reading(policy, watched.adapter().adapterId(), policy.metric().of(figures),
                            policy.trips(figures));
                    // During a reconfiguration an adapter is registered twice: either one tripping counts.
                    readings.merge(reading.key(), reading, (a, b) -> a.trips() ? a : b);
                }
            }
        }
        for (Reading reading : readings.values()) {
            List<String> key = reading.key();
            boolean isActive;
            synchronized (active) {
                isActive = active.containsKey(key);
            }
            if (reading.trips() && !isActive) {
                Instant last = lastRaised.get(key);
                if (last == null || !now.isBefore(last.plus(reading.policy().cooldown()))) {
                    raise(reading, now);
                }
            } else if (!reading.trips() && isActive) {
                resolve(key, now);
            }
        }
        // Alerts whose policy or adapter is gone resolve, too.
        List<List<String>> orphaned;
        synchronized (active) {
            orphaned = active.keySet().stream().filter(key -> !readings.containsKey(key)).toList();
        }
        orphaned.forEach(key -> resolve(key, now));
    }

    /** One policy's metric for one adapter in this round. */
    private record Reading(SlaPolicy policy, String adapterId, double value, boolean trips) {
        List<String> key() {
            return List.of(policy.name(), adapterId);
        }
    }

    private void raise(Reading reading, Instant now) {
        SlaPolicy policy = reading.policy();
        SlaAlert alert = new SlaAlert(policy.name(), reading.adapterId(), policy.metric().name(), reading.value(),
                policy.threshold(), policy.window(), now, null);
        synchronized (active) {
            active.put(reading.key(), alert);
        }
        lastRaised.put(reading.key(), now);
        notifyOf.put(reading.key(), policy.notifyTo());
        LOG.warn("SLA alert: policy '{}' tripped on adapter '{}': {} = {} is {} the threshold {} over the last {}s",
                policy.name(), reading.adapterId(), policy.metric(), format(reading.value()), policy.below() ? "below" : "above",
                format(policy.threshold()), policy.window().toSeconds());
        post(TOPIC_ALERT, alert, policy.notifyTo());
    }

    private void resolve(List<String> key, Instant now) {
        SlaAlert alert;
        synchronized (active) {
            SlaAlert raised = active.remove(key);
            if (raised == null) {
                return;
            }
            alert = new SlaAlert(raised.policy(), raised.adapterId(), raised.metric(), raised.value(), raised.threshold(),
                    raised.window(), raised.raisedAt(), now);
            resolved.addFirst(alert);
            while (resolved.size() > RESOLVED_KEPT) {
                resolved.removeLast();
            }
        }
        LOG.info("SLA alert resolved: policy '{}' on adapter '{}', raised at {}", alert.policy(), alert.adapterId(),
                alert.raisedAt());
        List<String> notify = notifyOf.remove(key);
        post(TOPIC_RESOLVED, alert, notify == null ? List.of() : notify);
    }

    private void post(String topic, SlaAlert alert, List<String> notify) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("policy", alert.policy());
        properties.put(RocketmqAPI.ADAPTER_ID, alert.adapterId());
        properties.put("metric", alert.metric());
        properties.put("value", alert.value());
        properties.put("threshold", alert.threshold());
        properties.put("window.seconds", alert.window().toSeconds());
        properties.put("raisedAt", alert.raisedAt().toEpochMilli());
        if (alert.resolvedAt() != null) {
            properties.put("resolvedAt", alert.resolvedAt().toEpochMilli());
        }
        properties.put(NOTIFY, notify.toArray(String[]::new));
        properties.put(EventConstants.TIMESTAMP, clock.millis());
        admin.postEvent(new Event(topic, properties));
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }
}
