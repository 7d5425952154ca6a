package io.rocketconnect.impl.monitoring;

import java.time.Duration;

import io.rocketconnect.api.OperationStats.Figures;

/**
 * An adapter as {@link SlaAlerts} watches it: the services the connector registers for its adapters
 * implement this, so the policies reach each adapter's figures through the service registry.
 */
public interface SlaSource {

    String adapterId();

    /** SLA figures over the last {@code window}, of one operation or all ({@code operation} null). */
    Figures slaWindow(Duration window, String operation);
}
