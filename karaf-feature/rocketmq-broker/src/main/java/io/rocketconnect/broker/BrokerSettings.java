package io.rocketconnect.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * etc/io.rocketconnect.broker.cfg, validated: {@link #from} returns settings the broker can start with,
 * or throws an {@link IllegalArgumentException} naming the key, the value and what is allowed.
 * A record, so an update that changes nothing is recognised and does not restart the broker.
 */
record BrokerSettings(int namesrvPort, int brokerPort, int haPort, String brokerIP1, String brokerName,
        String clusterName, Path storeDir, int mappedFileSizeCommitLog, int mappedFileSizeConsumeQueue,
        int maxHashSlotNum, int maxIndexNum, boolean autoCreateTopicEnable) {

    static final String PID = "io.rocketconnect.broker";

    static BrokerSettings from(Map<String, ?> config, Path karafData) {
        int namesrvPort = port(config, "namesrvPort", 19876);
        int brokerPort = port(config, "brokerPort", 20911);
        if (brokerPort < 3) {
            throw invalid("brokerPort", brokerPort, "at least 3: the broker also listens on brokerPort - 2");
        }
        int haPort = port(config, "haPort", brokerPort + 1);
        if (namesrvPort == brokerPort || namesrvPort == brokerPort - 2 || namesrvPort == haPort || haPort == brokerPort
                || haPort == brokerPort - 2) {
            throw invalid("brokerPort", brokerPort, "ports namesrvPort, brokerPort, brokerPort - 2 and haPort all different");
        }
        // Consume queue entries are 20 bytes each.
        int consumeQueueFile = integer(config, "mappedFileSizeConsumeQueue", 600_000, 20 * 1000, Integer.MAX_VALUE);
        if (consumeQueueFile % 20 != 0) {
            throw invalid("mappedFileSizeConsumeQueue", consumeQueueFile, "a multiple of 20 (bytes per entry)");
        }
        return new BrokerSettings(namesrvPort, brokerPort, haPort,
                string(config, "brokerIP1", "127.0.0.1"),
                string(config, "brokerName", "karaf-dev-broker"),
                string(config, "clusterName", "DevCluster"),
                Path.of(string(config, "storeDir", karafData.resolve("rocketmq").toString())),
                integer(config, "mappedFileSizeCommitLog", 64 * 1024 * 1024, 1024 * 1024, Integer.MAX_VALUE),
                consumeQueueFile,
                integer(config, "maxHashSlotNum", 25_000, 1, 5_000_000),
                integer(config, "maxIndexNum", 100_000, 1, 20_000_000),
                bool(config, "autoCreateTopicEnable", true));
    }

    @Override
    public String toString() {
        return "NameServer on port " + namesrvPort + ", broker '" + brokerName + "' on ports " + brokerPort
                + " (and " + (brokerPort - 2) + ", HA " + haPort + ") advertised as " + brokerIP1 + ", store " + storeDir;
    }

    private static IllegalArgumentException invalid(String key, Object value, String allowed) {
        return new IllegalArgumentException(key + "=" + value + " is not allowed; expected " + allowed);
    }

    private static String string(Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    private static int port(Map<String, ?> config, String key, int fallback) {
        return integer(config, key, fallback, 1, 65535);
    }

    private static int integer(Map<String, ?> config, String key, int fallback, int min, int max) {
        String text = string(config, key, null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, text, "an integer in [" + min + ", " + max + "]");
    }

    private static boolean bool(Map<String, ?> config, String key, boolean fallback) {
        String text = string(config, key, null);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw invalid(key, text, "true or false");
    }
}
