package io.rocketconnect.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Every key of {@code etc/io.rocketconnect.adapter-<id>.cfg}, written once: its name (the method's, as DS
 * maps it), type, default, range, options and description. bnd turns it into the metatype the Web
 * Console builds its form from; {@link KeyDefinitions} reads the same metatype for validation and for
 * {@code AdapterConfigurationService.keys()}, and {@link AdapterSettings#config()} reads values through
 * it. Values are checked by {@link AdapterSettings}, from the raw configuration, so that a bad value
 * gets a message naming it rather than a conversion error.
 */
@ObjectClassDefinition(
        name = "RocketConnect adapter",
        description = "A named connection to a RocketMQ cluster, registered as a RocketmqAPI service "
                + "with the property adapter.id.")
public @interface AdapterConfig {

    @AttributeDefinition(name = "Adapter id",
            description = "The model id applications look the adapter up by. Defaults to the part of "
                    + "the file name after 'io.rocketconnect.adapter-'. Letters, digits, _ . - only.",
            required = false)
    String id();

    @AttributeDefinition(name = "Transport",
            description = "How the adapter talks to RocketMQ: the remoting protocol through NameServers and brokers "
                    + "(4.x and 5.x), or gRPC through a RocketMQ 5 Proxy (endpoints). Keys that do not apply to the "
                    + "chosen transport are refused by name.",
            options = {
                @Option(label = "Remoting (NameServer and brokers)", value = "remoting"),
                @Option(label = "gRPC (RocketMQ 5 Proxy)", value = "grpc")
            })
    String transport() default "remoting";

    @AttributeDefinition(name = "NameServer address",
            description = "host:port[;host:port...]; required with transport remoting. May use @env(NAME) or "
                    + "${env:NAME} for any part.",
            required = false)
    String namesrvAddr();

    @AttributeDefinition(name = "Proxy endpoints",
            description = "host:port[;host:port...] of RocketMQ 5 Proxies (their gRPC port, 8081 by default); "
                    + "required with transport grpc, refused with remoting.",
            required = false)
    String endpoints();

    @AttributeDefinition(name = "Consumer threads, minimum",
            description = "Threads a push consumer starts with, 0..1000; 0 keeps the client default (20), or "
                    + "the maximum if that is set lower. The 4.x client queues work without bound, so this is the "
                    + "number that runs.",
            min = "0", max = "1000")
    int consumeThreadMin() default 0;

    @AttributeDefinition(name = "Consumer threads, maximum",
            description = "Upper bound of a push consumer's pool, 0..1000 and at least the minimum; "
                    + "0 keeps the client default (20), or the minimum if that is set higher.",
            min = "0", max = "1000")
    int consumeThreadMax() default 0;

    @AttributeDefinition(name = "Messages per consume batch",
            description = "How many messages one listener call receives, 1..1024.",
            min = "1", max = "1024")
    int consumeMessageBatchMaxSize() default 1;

    @AttributeDefinition(name = "Name", description = "A display name; defaults to the id.", required = false)
    String name();

    @AttributeDefinition(name = "Description", description = "What the adapter is for.", required = false)
    String description();

    @AttributeDefinition(name = "Default producer group",
            description = "Group of the direct send methods; defaults to <id>-producer.", required = false)
    String producerGroup();

    @AttributeDefinition(name = "Send timeout", description = "Milliseconds a send waits for the broker, 1..600000.",
            min = "1", max = "600000")
    int sendMsgTimeout() default 3000;

    @AttributeDefinition(name = "Send retries", description = "Retries of a failed send, 0..16.", min = "0", max = "16")
    int retryTimesWhenSendFailed() default 2;

    @AttributeDefinition(name = "Retries when the broker is busy", description = "Retries of a send (sync, async, "
            + "orderly, batch) the broker refused with flow control (SYSTEM_BUSY, e.g. [TIMEOUT_CLEAN_QUEUE]), 0..16; "
            + "the client itself does not retry these.", min = "0", max = "16")
    int retryTimesWhenBrokerBusy() default 2;

    @AttributeDefinition(name = "First delay when the broker is busy", description = "Milliseconds before the first "
            + "retry of a busy refusal, 1..60000; each next delay doubles, up to ten times this, with 25% jitter.",
            min = "1", max = "60000")
    int retryDelayWhenBrokerBusy() default 200;

    @AttributeDefinition(name = "Consume from",
            description = "Where a consumer group without a stored offset starts.",
            options = {
                @Option(label = "Newest messages only", value = "CONSUME_FROM_LAST_OFFSET"),
                @Option(label = "From the oldest stored message", value = "CONSUME_FROM_FIRST_OFFSET"),
                @Option(label = "From a time (consumeTimestamp)", value = "CONSUME_FROM_TIMESTAMP")
            })
    String consumeFromWhere() default "CONSUME_FROM_LAST_OFFSET";

    @AttributeDefinition(name = "Attempts before the dead letter queue",
            description = "-1 keeps the client default (16).", min = "-1", max = "1000")
    int maxReconsumeTimes() default -1;

    @AttributeDefinition(name = "Consume timeout (minutes)", description = "A message still in a listener after this "
            + "long is given back to the broker for another attempt (concurrent listeners).", min = "1", max = "1440")
    int consumeTimeout() default 15;

    @AttributeDefinition(name = "ACL access key", description = "Set with the secret key to use RocketMQ ACL.",
            required = false)
    String accessKey();

    @AttributeDefinition(name = "ACL secret key",
            description = "Stored as .secretKey: never in service properties, logs or the shell.",
            type = AttributeType.PASSWORD, required = false)
    String _secretKey();

    @AttributeDefinition(name = "Namespace", description = "RocketMQ namespace prefixed to topics and groups.",
            required = false)
    String namespace();

    @AttributeDefinition(name = "Message trace", description = "Record message traces in the trace topic.")
    boolean enableMsgTrace() default false;

    @AttributeDefinition(name = "Trace topic", description = "Defaults to RMQ_SYS_TRACE_TOPIC.", required = false)
    String traceTopic();

    @AttributeDefinition(name = "TLS", description = "Talk to NameServers and brokers over TLS. Whether the broker's "
            + "certificate is checked is set for the whole JVM (tls.client.authServer, tls.client.trustCertPath).")
    boolean useTLS() default false;

    @AttributeDefinition(name = "VIP channel", description = "Use the 4.x broker's VIP port (listen port - 2).")
    boolean vipChannelEnabled() default false;

    @AttributeDefinition(name = "Latency fault tolerance", description = "Send around a broker that has just "
            + "failed or answered slowly, for a while, instead of trying it again at once (for clusters of several brokers).")
    boolean sendLatencyFaultEnable() default false;

    @AttributeDefinition(name = "App", description = "The app this adapter belongs to.", required = false)
    String app_id();

    @AttributeDefinition(name = "Managed",
            description = "Locked: it belongs to its app's deployment, and RocketConnect's shell, web console "
                    + "and configuration service refuse to change or delete it (see the README for what else stops it).")
    boolean managed() default false;

    @AttributeDefinition(name = "SLA monitoring",
            description = "Count calls and errors and time them per operation (rocketmq:stats).")
    boolean sla_enabled() default true;

    @AttributeDefinition(name = "Tracing",
            description = "An OpenTelemetry span for every send and every listener call, with W3C trace context in "
                    + "the message's properties; while a span is active the requestId is its trace id.")
    boolean tracing_enabled() default false;

    @AttributeDefinition(name = "Metrics",
            description = "The OpenTelemetry messaging metrics (messaging.client.operation.duration and the rest) "
                    + "through the OpenTelemetry service, if one is registered (feature rocketmq-opentelemetry).")
    boolean metrics_enabled() default true;

    @AttributeDefinition(name = "Request file log",
            description = "Write request and result of each call to data/log/rocketconnect-requests.log (rolling).")
    boolean filelog_enabled() default false;

    @AttributeDefinition(name = "Body bytes in the file log", description = "How much of each body the file log shows, 0..65536.",
            min = "0", max = "65536")
    int filelog_bodyLimit() default 256;

    @AttributeDefinition(name = "Audit log",
            description = "Write each call (never its body) to the audit table of the DataSource set in io.rocketconnect.audit (rocketmq:audit).")
    boolean audit_enabled() default false;

    String webconsole_configurationFactory_nameHint() default "{id} ({namesrvAddr})";
}
