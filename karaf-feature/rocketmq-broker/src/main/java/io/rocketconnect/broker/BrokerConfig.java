package io.rocketconnect.broker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The keys of etc/io.rocketconnect.broker.cfg, as the Web Console shows them. Read by {@link BrokerSettings}. */
@ObjectClassDefinition(
        name = "RocketConnect development broker",
        description = "A RocketMQ NameServer and Broker inside Karaf. For development and demos only.")
@interface BrokerConfig {

    @AttributeDefinition(name = "NameServer port", description = "Adapters use 127.0.0.1:<this port>.")
    int namesrvPort() default 19876;

    @AttributeDefinition(name = "Broker port",
            description = "The broker also listens on this port - 2 (the 4.x VIP channel).")
    int brokerPort() default 20911;

    @AttributeDefinition(name = "HA port", description = "Defaults to the broker port + 1.", required = false)
    int haPort();

    @AttributeDefinition(name = "Advertised address",
            description = "The address the broker gives clients through the NameServer.")
    String brokerIP1() default "127.0.0.1";

    @AttributeDefinition(name = "Broker name", description = "Name registered with the NameServer.")
    String brokerName() default "karaf-dev-broker";

    @AttributeDefinition(name = "Cluster name", description = "Cluster registered with the NameServer.")
    String clusterName() default "DevCluster";

    @AttributeDefinition(name = "Store directory",
            description = "Commit log, queues and metadata; defaults to ${karaf.data}/rocketmq.", required = false)
    String storeDir();

    @AttributeDefinition(name = "Commit log file size", description = "Bytes per mapped commit log file.")
    int mappedFileSizeCommitLog() default 64 * 1024 * 1024;

    @AttributeDefinition(name = "Consume queue file size", description = "Bytes per consume queue file, a multiple of 20.")
    int mappedFileSizeConsumeQueue() default 600_000;

    @AttributeDefinition(name = "Index hash slots", description = "Hash slots per index file.")
    int maxHashSlotNum() default 25_000;

    @AttributeDefinition(name = "Index entries", description = "Entries per index file.")
    int maxIndexNum() default 100_000;

    @AttributeDefinition(name = "Create topics on first send",
            description = "Topics come into being when a producer first sends to them.")
    boolean autoCreateTopicEnable() default true;
}
