package io.rocketconnect.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where alerts are sent ({@code etc/io.rocketconnect.notify-<name>.cfg}, feature rocketmq-notify) and how
 * that went. Delivery never holds up a call: failures are counted here and warned about at most once a
 * minute.
 *
 * @since 1.5
 */
@ProviderType
public interface RocketmqNotifications {

    /** Every configured target, sorted by name. */
    List<TargetStatus> targets();

    /**
     * One notification target and how its deliveries went.
     *
     * @param type          {@code webhook} or {@code email}
     * @param destination   the webhook URL without its query and user info, or the mail recipients
     * @param delivered     notifications delivered since the target was configured
     * @param failed        notifications given up on after the retries (or dropped when the queue was full)
     * @param lastFailure   what went wrong last, null if nothing has
     * @param lastFailureAt when, null if nothing has
     */
    record TargetStatus(String name, String type, String destination, long delivered, long failed, String lastFailure,
            Instant lastFailureAt) {
    }
}
