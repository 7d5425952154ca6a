package io.rocketconnect.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The form operators see in the Web Console and the keys of {@code etc/io.rocketconnect.adapter-<id>.cfg}.
 * Values are validated by {@link AdapterSettings}, which reads the raw configuration so that a bad
 * value gets a message naming it rather than a conversion error.
 */
@ObjectClassDefinition(
        name = "RocketConnect adapter",
        description = "A named connection to a RocketMQ cluster, registered as a RocketmqAPI service "
                + "with the property adapter.id.")
@interface AdapterConfig {

    @AttributeDefinition(name = "Adapter id",
            description = "The model id applications look the adapter up by. Defaults to the part of "
                    + "the file name after 'io.rocketconnect.adapter-'. Letters, digits, _ . - only.",
            required = false)
    String id();

    @AttributeDefinition(name = "NameServer address",
            description = "host:port[;host:port...]. May use @env(NAME) or ${env:NAME} for any part.")
    String namesrvAddr();

    @AttributeDefinition(name = "Consumer threads, minimum",
            description = "Threads a push consumer starts with, 0..1000; 0 keeps the client default (20). "
                    + "The 4.x client queues work without bound, so this is the number that runs.",
            min = "0", max = "1000")
    int consumeThreadMin() default 0;

    @AttributeDefinition(name = "Consumer threads, maximum",
            description = "Upper bound of a push consumer's pool, 0..1000 and at least the minimum; "
                    + "0 keeps the client default (20).",
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

    String webconsole_configurationFactory_nameHint() default "{id} ({namesrvAddr})";
}
