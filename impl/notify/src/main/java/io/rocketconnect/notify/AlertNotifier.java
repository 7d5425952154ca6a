package io.rocketconnect.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.RocketmqNotifications;

/**
 * Tells each alert and its end to the targets its policy names ({@code notify.to}). EventAdmin hands the
 * event over on its own thread; delivery happens on {@value #THREAD}, with a bounded queue, so that no
 * call of an adapter and no EventAdmin thread waits for a webhook or a mail server. Each notification
 * is tried once and retried with growing delays as its target says (Failsafe's retry policy); what
 * still fails is counted and warned about at most once a minute.
 * <p>
 * A notification for a target that is not configured (yet) waits for it up to {@link #pendingGrace}: at
 * startup a policy can trip before ConfigAdmin has handed over the target's configuration (seen: 80 ms
 * apart in the distribution), and the alert would be lost for that target. What is still waiting
 * then is counted as failed and named.
 */
@Component(service = {EventHandler.class, RocketmqNotifications.class},
        property = EventConstants.EVENT_TOPIC + "=io/rocketconnect/sla/*")
public class AlertNotifier implements EventHandler, RocketmqNotifications {

    static final String THREAD = "rocketconnect-notify";
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private static final int QUEUE = 1000;
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    /** Notifications for targets not configured yet, by target name; each list guarded by itself. */
    private final Map<String, List<AlertNotice>> pending = new ConcurrentHashMap<>();
    /** How long a notification waits for its target to be configured. */
    Duration pendingGrace = Duration.ofSeconds(60);
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private final WarnOncePerMinute warnings = new WarnOncePerMinute();
    private ThreadPoolExecutor delivery;

    /** What a target has delivered and failed; kept across changes of its configuration. */
    private static final class Counts {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile String lastFailure;
        volatile Instant lastFailureAt;
    }

    @Activate
    void activate() {
        delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, THREAD);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets what is queued go out for a few seconds, then stops: a mail server that hangs does not hold the bundle. */
    @Deactivate
    void deactivate() throws InterruptedException {
        delivery.shutdown();
        if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
            List<Runnable> dropped = delivery.shutdownNow();
            LOG.warn("{} alert notifications were not sent: the notifier stopped", dropped.size());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTarget(Target target) {
        targets.put(target.settings().name(), target);
        sendPending(target.settings().name());
    }

    void removeTarget(Target target) {
        targets.remove(target.settings().name(), target);
    }

    @Override
    public void handleEvent(Event event) {
        if (!event.getTopic().equals(RocketmqAlerts.TOPIC_ALERT) && !event.getTopic().equals(RocketmqAlerts.TOPIC_RESOLVED)) {
            return;
        }
        AlertNotice notice = AlertNotice.from(event);
        for (String name : notice.notifyTo()) {
            Target target = targets.get(name);
            if (target == null) {
                waitForTarget(name, notice);
            } else {
                submit(target, notice);
            }
        }
    }

    private void submit(Target target, AlertNotice notice) {
        try {
            delivery.execute(() -> deliver(target, notice));
        } catch (RejectedExecutionException e) {
            failed(target.settings().name(), notice, QUEUE + " notifications are waiting already; this one was dropped");
        }
    }

    private void waitForTarget(String name, AlertNotice notice) {
        List<AlertNotice> waiting = pending.computeIfAbsent(name, key -> new ArrayList<>());
        synchronized (waiting) {
            if (waiting.size() >= QUEUE) {
                failed(name, notice, QUEUE + " notifications are waiting for this target already; this one was dropped");
                return;
            }
            waiting.add(notice);
        }
        CompletableFuture.delayedExecutor(pendingGrace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            boolean stillWaiting;
            synchronized (waiting) {
                stillWaiting = waiting.remove(notice);
            }
            if (stillWaiting) {
                failed(name, notice, "policy '" + notice.policy() + "' names notification target '" + name
                        + "', which is not configured (etc/" + NotificationTargetConfig.FACTORY_PID + "-" + name
                        + ".cfg); waited " + pendingGrace.toSeconds() + " s for it");
            }
        });
        // The target may have arrived between the lookup and now.
        sendPending(name);
    }

    /** How many notifications wait for target {@code name} to be configured. */
    int waiting(String name) {
        List<AlertNotice> waiting = pending.get(name);
        if (waiting == null) {
            return 0;
        }
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** Hands what waits for {@code name} to delivery, if that target is configured now. */
    private void sendPending(String name) {
        Target target = targets.get(name);
        List<AlertNotice> waiting = pending.get(name);
        if (target == null || waiting == null) {
            return;
        }
        List<AlertNotice> ready;
        synchronized (waiting) {
            ready = List.copyOf(waiting);
            waiting.clear();
        }
        ready.forEach(notice -> submit(target, notice));
    }

    private void deliver(Target target, AlertNotice notice) {
        TargetSettings settings = target.settings();
        RetryPolicy<Object> retries = RetryPolicy.builder()
                .handle(Exception.class)
                .withMaxRetries(settings.retries())
                .withBackoff(Duration.ofMillis(settings.retryDelayMillis()), MAX_DELAY)
                .build();
        try {
            Failsafe.with(retries).run(() -> target.deliver(notice));
            counts(settings.name()).delivered.incrementAndGet();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
            failed(settings.name(), notice, "not delivered after " + (settings.retries() + 1) + " attempts: " + cause);
        }
    }

    private void failed(String name, AlertNotice notice, String reason) {
        Counts counts = counts(name);
        counts.failed.incrementAndGet();
        counts.lastFailure = reason;
        counts.lastFailureAt = Instant.now();
        long held = warnings.admit();
        if (held >= 0) {
            LOG.warn("Alert notification to '{}' failed ({} of policy '{}' on adapter '{}'): {}{}", name, notice.event(),
                    notice.policy(), notice.adapterId(), reason,
                    held > 0 ? " (and " + held + " more notification failures in the last minute)" : "");
        }
    }

    private Counts counts(String name) {
        return counts.computeIfAbsent(name, key -> new Counts());
    }

    @Override
    public List<RocketmqNotifications.TargetStatus> targets() {
        return targets.values().stream().map(target -> {
            TargetSettings settings = target.settings();
            Counts counts = counts(settings.name());
            return new RocketmqNotifications.TargetStatus(settings.name(), settings.type(), settings.destination(),
                    counts.delivered.get(), counts.failed.get(), counts.lastFailure, counts.lastFailureAt);
        }).sorted(Comparator.comparing(RocketmqNotifications.TargetStatus::name)).toList();
    }
}
