package io.rocketconnect.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Alerts raised by the SLA policies ({@code etc/io.rocketconnect.sla.policy-<name>.cfg}). Each alert
 * and its end are also posted to EventAdmin on {@link #TOPIC_ALERT} and {@link #TOPIC_RESOLVED}, with
 * the {@link SlaAlert} fields as event properties, and {@link #NOTIFY} naming the notification targets
 * of the policy.
 */
@ProviderType
public interface RocketmqAlerts {

    String TOPIC_ALERT = "io/rocketconnect/sla/ALERT";
    String TOPIC_RESOLVED = "io/rocketconnect/sla/RESOLVED";
    /** Event property: the names of the policy's notification targets, a String[] (empty: none). @since 1.5 */
    String NOTIFY = "notify";

    /** Alerts raised and not yet resolved, oldest first. */
    List<SlaAlert> active();

    /** The latest resolved alerts (at most 100), newest first. */
    List<SlaAlert> resolved();

    /** The policies in force, sorted by name. @since 1.4 */
    List<AlertPolicy> policies();
}
