package io.rocketconnect.impl.monitoring;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Every key of {@code etc/io.rocketconnect.sla.policy-<name>.cfg}, written once; {@link SlaPolicy#from}
 * reads types, defaults and ranges from the metatype bnd makes of it, and the Web Console shows it as a form.
 */
@ObjectClassDefinition(name = "RocketConnect alert policy",
        description = "An SLA alert: which adapters, which metric over which window, and the threshold.")
public @interface SlaPolicyConfig {

    @AttributeDefinition(name = "Name", description = "Defaults to the part of the file name after "
            + "'io.rocketconnect.sla.policy-'. Letters, digits, _ . - only.", required = false)
    String name();

    @AttributeDefinition(name = "Adapters", description = "An adapter id, a pattern with * (shop-*), or an LDAP filter "
            + "over the adapters' service properties, e.g. (app.id=shop).")
    String adapter() default "*";

    @AttributeDefinition(name = "Metric", description = "errorRate (0..1), p99 (milliseconds) or calls.", options = {
            @Option(label = "Error rate", value = "errorRate"), @Option(label = "p99 latency (ms)", value = "p99"),
            @Option(label = "Calls", value = "calls") })
    String metric();

    @AttributeDefinition(name = "Condition", description = "above trips on a value over the threshold; below on one under "
            + "it (calls below 1 finds a silent adapter).", options = {
            @Option(label = "above", value = "above"), @Option(label = "below", value = "below") })
    String condition() default "above";

    @AttributeDefinition(name = "Threshold", description = "An error rate in [0, 1], or a number of 0 or more.", min = "0")
    double threshold();

    @AttributeDefinition(name = "Window", description = "10s to 60s: the 10-second slot under way and the whole slots "
            + "before it (60s: the minute the SLA figures keep).")
    String window() default "60s";

    @AttributeDefinition(name = "Cooldown", description = "No new alert of this policy for an adapter within this time, "
            + "0s to 24h.")
    String cooldown() default "5m";

    @AttributeDefinition(name = "Minimum calls", description = "errorRate and p99 need this many calls in the window to count.",
            min = "1")
    int minCalls() default 1;

    @AttributeDefinition(name = "Operation", description = "One operation only, e.g. send; all of the adapter's calls "
            + "when empty.", required = false)
    String operation();

    @AttributeDefinition(name = "Notify", description = "Notification targets told of each alert and its end, by name, "
            + "separated by commas (etc/io.rocketconnect.notify-<name>.cfg, feature rocketmq-notify).", required = false)
    String notify_to();

    String webconsole_configurationFactory_nameHint() default "{name}: {metric} {condition} {threshold} on {adapter}";
}
