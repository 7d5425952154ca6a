package io.rocketconnect.itests;

import java.util.List;

/**
 * Bad adapter configuration values, one per configuration, with the problem each must be refused with:
 * the key, the value as written and the rule. RocketmqConnectorIT runs them all through the connector in
 * Karaf; AdapterSettingsTest covers the same rules one by one.
 */
final class BadAdapterValues {

    /** One bad value of {@code key}; {@code problem} is what the ERROR line must say of it. */
    record Case(String key, String value, String problem) {

        static Case of(String key, String value, String rule) {
            return new Case(key, value, key + "=" + value + " is not allowed; expected " + rule);
        }
    }

    private static final String INTEGER = "an integer in ";
    private static final String BOOLEAN = "true or false";

    static final List<Case> ALL = List.of(
            Case.of("consumeThreadMin", "-1", INTEGER + "[0, 1000]"),
            Case.of("consumeThreadMin", "abc", INTEGER + "[0, 1000]"),
            Case.of("consumeThreadMax", "1001", INTEGER + "[0, 1000]"),
            Case.of("consumeMessageBatchMaxSize", "0", INTEGER + "[1, 1024]"),
            Case.of("consumeMessageBatchMaxSize", "1025", INTEGER + "[1, 1024]"),
            Case.of("sendMsgTimeout", "0", INTEGER + "[1, 600000]"),
            Case.of("sendMsgTimeout", "600001", INTEGER + "[1, 600000]"),
            Case.of("sendMsgTimeout", "3s", INTEGER + "[1, 600000]"),
            Case.of("retryTimesWhenSendFailed", "17", INTEGER + "[0, 16]"),
            Case.of("retryTimesWhenBrokerBusy", "-1", INTEGER + "[0, 16]"),
            Case.of("retryDelayWhenBrokerBusy", "0", INTEGER + "[1, 60000]"),
            Case.of("consumeFromWhere", "CONSUME_FROM_NOWHERE",
                    "one of [CONSUME_FROM_LAST_OFFSET, CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_TIMESTAMP]"),
            Case.of("maxReconsumeTimes", "-2", INTEGER + "[-1, 1000]"),
            Case.of("consumeTimeout", "0", INTEGER + "[1, 1440]"),
            Case.of("consumeTimeout", "1441", INTEGER + "[1, 1440]"),
            Case.of("filelog.bodyLimit", "65537", INTEGER + "[0, 65536]"),
            Case.of("namespace", "bad namespace", "1 to 64 of a-z A-Z 0-9 _ -"),
            Case.of("producerGroup", "bad group!", "a RocketMQ group name (the specified group[bad group!] contains illegal "
                    + "characters, allowing only ^[%|a-zA-Z0-9_-]+$)"),
            Case.of("traceTopic", "bad topic", "a RocketMQ topic name (The specified topic[bad topic] contains illegal "
                    + "characters, allowing only ^[%|a-zA-Z0-9_-]+$)"),
            Case.of("namesrvAddr", "127.0.0.1", "host:port[;host:port...]; '127.0.0.1' is not host:port"),
            Case.of("namesrvAddr", "host:99999", "host:port[;host:port...]; port 99999 is not in 1..65535"),
            Case.of("namesrvAddr", ";", "host:port[;host:port...]; '' is not host:port"),
            Case.of("namesrvAddr", "@env(RC_IT_UNSET)", "environment variable RC_IT_UNSET to be set (it is not)"),
            Case.of("useTLS", "maybe", BOOLEAN),
            Case.of("vipChannelEnabled", "2", BOOLEAN),
            Case.of("sendLatencyFaultEnable", "on", BOOLEAN),
            Case.of("enableMsgTrace", "yes", BOOLEAN),
            Case.of("managed", "sure", BOOLEAN),
            Case.of("sla.enabled", "nope", BOOLEAN),
            Case.of("tracing.enabled", "1", BOOLEAN),
            Case.of("metrics.enabled", "y", BOOLEAN),
            Case.of("filelog.enabled", "t", BOOLEAN),
            Case.of("audit.enabled", "off", BOOLEAN),
            Case.of("id", "x)(adapter.id=*", "1 to 64 of the characters A-Z a-z 0-9 _ . -"),
            Case.of("id", "a".repeat(65), "1 to 64 of the characters A-Z a-z 0-9 _ . -"),
            new Case("accessKey", "OnlyTheAccessKey", ".secretKey is missing; expected accessKey and .secretKey set together (ACL needs both)"));

    private BadAdapterValues() {
    }
}
