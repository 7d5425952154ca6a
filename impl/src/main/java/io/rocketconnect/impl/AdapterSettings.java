package io.rocketconnect.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rocketconnect.api.RocketmqAPI;

/**
 * One adapter configuration, validated. {@link #from} is the only way in: it either returns settings
 * a client can start with, or throws an {@link InvalidSettingException} naming the key, the value and
 * what is allowed. Unit tests call it without a framework.
 */
public final class AdapterSettings {

    public static final String FACTORY_PID = "io.rocketconnect.adapter";

    public static final String ID = "id";
    public static final String NAMESRV_ADDR = "namesrvAddr";
    public static final String CONSUME_THREAD_MIN = "consumeThreadMin";
    public static final String CONSUME_THREAD_MAX = "consumeThreadMax";
    public static final String CONSUME_MESSAGE_BATCH_MAX_SIZE = "consumeMessageBatchMaxSize";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String PRODUCER_GROUP = "producerGroup";
    public static final String SEND_MSG_TIMEOUT = "sendMsgTimeout";
    public static final String RETRY_TIMES_WHEN_SEND_FAILED = "retryTimesWhenSendFailed";
    public static final String RETRY_TIMES_WHEN_BROKER_BUSY = "retryTimesWhenBrokerBusy";
    public static final String RETRY_DELAY_WHEN_BROKER_BUSY = "retryDelayWhenBrokerBusy";
    public static final String CONSUME_FROM_WHERE = "consumeFromWhere";
    public static final String MAX_RECONSUME_TIMES = "maxReconsumeTimes";
    public static final String CONSUME_TIMEOUT = "consumeTimeout";
    public static final String ACCESS_KEY = "accessKey";
    /** Leading dot: ConfigAdmin keeps it, the service registry never sees it. */
    public static final String SECRET_KEY = ".secretKey";
    public static final String NAMESPACE = "namespace";
    public static final String ENABLE_MSG_TRACE = "enableMsgTrace";
    public static final String TRACE_TOPIC = "traceTopic";
    public static final String USE_TLS = "useTLS";
    public static final String VIP_CHANNEL_ENABLED = "vipChannelEnabled";
    public static final String SEND_LATENCY_FAULT_ENABLE = "sendLatencyFaultEnable";
    public static final String APP_ID = "app.id";
    /** Count and time every call (on by default). */
    public static final String SLA_ENABLED = "sla.enabled";
    /** Write request and result of each call to the rolling request log (off by default). */
    public static final String FILELOG_ENABLED = "filelog.enabled";
    public static final String FILELOG_BODY_LIMIT = "filelog.bodyLimit";
    /** Write each call to the audit table (off by default). */
    public static final String AUDIT_ENABLED = "audit.enabled";
    /** A managed adapter belongs to its app's deployment: tools refuse to change or delete it. */
    public static final String MANAGED = "managed";

    /** Where a consumer without a stored offset starts (RocketMQ's ConsumeFromWhere, the ones it still supports). */
    public enum ConsumeFrom { CONSUME_FROM_LAST_OFFSET, CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_TIMESTAMP }

    /** The 4.x push consumer's own default for both thread settings. */
    static final int CLIENT_DEFAULT_CONSUME_THREADS = 20;
    static final int MAX_CONSUME_THREADS = 1000;
    /** The push consumer refuses larger batches. */
    static final int MAX_CONSUME_BATCH = 1024;

    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern GROUP_PATTERN = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");
    private static final Pattern NAMESPACE_PATTERN = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9_.-]+):(\\d{1,5})");
    private static final Pattern ENV_FORMULA =
            Pattern.compile("@env\\(([A-Za-z_][A-Za-z0-9_]*)\\)|\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final String id;
    private final String namesrvAddr;
    private final int consumeThreadMin;
    private final int consumeThreadMax;
    private final int consumeMessageBatchMaxSize;
    private final String name;
    private final String description;
    private final String producerGroup;
    private final int sendMsgTimeout;
    private final int retryTimesWhenSendFailed;
    private final int retryTimesWhenBrokerBusy;
    private final int retryDelayWhenBrokerBusy;
    private final ConsumeFrom consumeFromWhere;
    private final int maxReconsumeTimes;
    private final int consumeTimeout;
    private final String accessKey;
    private final String secretKey;
    private final String namespace;
    private final boolean enableMsgTrace;
    private final String traceTopic;
    private final boolean useTLS;
    private final boolean vipChannelEnabled;
    private final boolean sendLatencyFaultEnable;
    private final String appId;
    private final boolean managed;
    private final boolean slaEnabled;
    private final boolean filelogEnabled;
    private final int filelogBodyLimit;
    private final boolean auditEnabled;

    private AdapterSettings(Reader in) {
        this.id = in.id();
        this.namesrvAddr = in.namesrvAddr();
        this.consumeThreadMin = in.intIn(CONSUME_THREAD_MIN, 0, 0, MAX_CONSUME_THREADS, "0 = client default 20");
        this.consumeThreadMax = in.intIn(CONSUME_THREAD_MAX, 0, 0, MAX_CONSUME_THREADS, "0 = client default 20");
        this.consumeMessageBatchMaxSize = in.intIn(CONSUME_MESSAGE_BATCH_MAX_SIZE, 1, 1, MAX_CONSUME_BATCH, null);
        this.name = in.string(NAME, id);
        this.description = in.string(DESCRIPTION, "");
        this.producerGroup = in.matching(PRODUCER_GROUP, id.replace('.', '_') + "-producer", GROUP_PATTERN,
                "a RocketMQ group name: 1 to 255 of a-z A-Z 0-9 _ - % |");
        this.sendMsgTimeout = in.intIn(SEND_MSG_TIMEOUT, 3000, 1, 600_000, "milliseconds");
        this.retryTimesWhenSendFailed = in.intIn(RETRY_TIMES_WHEN_SEND_FAILED, 2, 0, 16, null);
        this.retryTimesWhenBrokerBusy = in.intIn(RETRY_TIMES_WHEN_BROKER_BUSY, 2, 0, 16, null);
        this.retryDelayWhenBrokerBusy = in.intIn(RETRY_DELAY_WHEN_BROKER_BUSY, 200, 1, 60_000, "milliseconds");
        this.consumeFromWhere = in.enumValue(CONSUME_FROM_WHERE, ConsumeFrom.class, ConsumeFrom.CONSUME_FROM_LAST_OFFSET);
        this.maxReconsumeTimes = in.intIn(MAX_RECONSUME_TIMES, -1, -1, 1000, "-1 = client default 16");
        this.consumeTimeout = in.intIn(CONSUME_TIMEOUT, 15, 1, 1440, "minutes");
        this.accessKey = in.string(ACCESS_KEY, null);
        this.secretKey = in.secret(SECRET_KEY);
        if ((accessKey == null) != (secretKey == null)) {
            throw new InvalidSettingException(accessKey == null ? ACCESS_KEY : SECRET_KEY, null,
                    "accessKey and .secretKey set together (ACL needs both)");
        }
        this.namespace = in.matching(NAMESPACE, null, NAMESPACE_PATTERN, "1 to 64 of a-z A-Z 0-9 _ -");
        this.enableMsgTrace = in.bool(ENABLE_MSG_TRACE, false);
        this.traceTopic = in.string(TRACE_TOPIC, null);
        this.useTLS = in.bool(USE_TLS, false);
        this.vipChannelEnabled = in.bool(VIP_CHANNEL_ENABLED, false);
        this.sendLatencyFaultEnable = in.bool(SEND_LATENCY_FAULT_ENABLE, false);
        this.appId = in.string(APP_ID, null);
        this.managed = in.bool(MANAGED, false);
        this.slaEnabled = in.bool(SLA_ENABLED, true);
        this.filelogEnabled = in.bool(FILELOG_ENABLED, false);
        this.filelogBodyLimit = in.intIn(FILELOG_BODY_LIMIT, 256, 0, 65536, "bytes of each body written");
        this.auditEnabled = in.bool(AUDIT_ENABLED, false);
        if (effectiveConsumeThreadMin() > effectiveConsumeThreadMax()) {
            // A max under 20 with min unset is refused too: the unset min is the client's 20. Say so.
            throw new InvalidSettingException(CONSUME_THREAD_MIN, describeThreads(consumeThreadMin),
                    "at most consumeThreadMax (" + describeThreads(consumeThreadMax) + ")"
                    + (consumeThreadMin == 0 ? "; set consumeThreadMin as well" : ""));
        }
    }

    /**
     * @param properties the configuration as ConfigAdmin hands it over (values may be strings)
     * @param environment looks up environment variables for {@code @env(NAME)} and {@code ${env:NAME}}
     */
    public static AdapterSettings from(Map<String, ?> properties, UnaryOperator<String> environment) {
        return new AdapterSettings(new Reader(properties, environment));
    }

    public static AdapterSettings from(Map<String, ?> properties) {
        return from(properties, System::getenv);
    }

    /**
     * The adapter id a configuration names, for error messages about a configuration that failed
     * before its id was validated; never throws.
     */
    static String idForMessages(Map<String, ?> properties) {
        try {
            return new Reader(properties, name -> null).id();
        } catch (InvalidSettingException e) {
            return String.valueOf(properties.get("service.pid"));
        }
    }

    public String id() {
        return id;
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    /** 0 means the client's default. */
    public int consumeThreadMin() {
        return consumeThreadMin;
    }

    /** 0 means the client's default. */
    public int consumeThreadMax() {
        return consumeThreadMax;
    }

    public int effectiveConsumeThreadMin() {
        return consumeThreadMin == 0 ? CLIENT_DEFAULT_CONSUME_THREADS : consumeThreadMin;
    }

    public int effectiveConsumeThreadMax() {
        return consumeThreadMax == 0 ? CLIENT_DEFAULT_CONSUME_THREADS : consumeThreadMax;
    }

    public int consumeMessageBatchMaxSize() {
        return consumeMessageBatchMaxSize;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The adapter's own producer group, for the direct send methods. */
    public String producerGroup() {
        return producerGroup;
    }

    public int sendMsgTimeout() {
        return sendMsgTimeout;
    }

    public int retryTimesWhenSendFailed() {
        return retryTimesWhenSendFailed;
    }

    public int retryTimesWhenBrokerBusy() {
        return retryTimesWhenBrokerBusy;
    }

    /** Milliseconds before the first retry of a send the broker refused as busy. */
    public int retryDelayWhenBrokerBusy() {
        return retryDelayWhenBrokerBusy;
    }

    public ConsumeFrom consumeFromWhere() {
        return consumeFromWhere;
    }

    /** -1 means the client's default. */
    public int maxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    /**
     * Minutes a message may stay in a listener before the client gives it back to the broker for a
     * later attempt (concurrent consumers; the client checks every consumeTimeout minutes).
     */
    public int consumeTimeout() {
        return consumeTimeout;
    }

    /** The ACL access key, or null without ACL. */
    public String accessKey() {
        return accessKey;
    }

    /** The ACL secret key, or null. Never log it or put it in a message. */
    String secretKey() {
        return secretKey;
    }

    /** The namespace, or null. */
    public String namespace() {
        return namespace;
    }

    public boolean enableMsgTrace() {
        return enableMsgTrace;
    }

    /** The trace topic, or null for the client's default. */
    public String traceTopic() {
        return traceTopic;
    }

    public boolean useTLS() {
        return useTLS;
    }

    public boolean vipChannelEnabled() {
        return vipChannelEnabled;
    }

    public boolean sendLatencyFaultEnable() {
        return sendLatencyFaultEnable;
    }

    /** The app the adapter belongs to, or null. */
    public String appId() {
        return appId;
    }

    public boolean managed() {
        return managed;
    }

    public boolean slaEnabled() {
        return slaEnabled;
    }

    public boolean filelogEnabled() {
        return filelogEnabled;
    }

    public int filelogBodyLimit() {
        return filelogBodyLimit;
    }

    public boolean auditEnabled() {
        return auditEnabled;
    }

    /** What the RocketmqAPI service shows of this adapter: every setting except the secret key. */
    public Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(RocketmqAPI.ADAPTER_ID, id);
        properties.put(NAME, name);
        properties.put(DESCRIPTION, description);
        properties.put(NAMESRV_ADDR, namesrvAddr);
        properties.put(CONSUME_THREAD_MIN, consumeThreadMin);
        properties.put(CONSUME_THREAD_MAX, consumeThreadMax);
        properties.put(CONSUME_MESSAGE_BATCH_MAX_SIZE, consumeMessageBatchMaxSize);
        properties.put(PRODUCER_GROUP, producerGroup);
        properties.put(SEND_MSG_TIMEOUT, sendMsgTimeout);
        properties.put(RETRY_TIMES_WHEN_SEND_FAILED, retryTimesWhenSendFailed);
        properties.put(RETRY_TIMES_WHEN_BROKER_BUSY, retryTimesWhenBrokerBusy);
        properties.put(RETRY_DELAY_WHEN_BROKER_BUSY, retryDelayWhenBrokerBusy);
        properties.put(CONSUME_FROM_WHERE, consumeFromWhere.name());
        properties.put(MAX_RECONSUME_TIMES, maxReconsumeTimes);
        properties.put(CONSUME_TIMEOUT, consumeTimeout);
        if (accessKey != null) {
            properties.put(ACCESS_KEY, accessKey);
        }
        if (namespace != null) {
            properties.put(NAMESPACE, namespace);
        }
        properties.put(ENABLE_MSG_TRACE, enableMsgTrace);
        if (traceTopic != null) {
            properties.put(TRACE_TOPIC, traceTopic);
        }
        properties.put(USE_TLS, useTLS);
        properties.put(VIP_CHANNEL_ENABLED, vipChannelEnabled);
        properties.put(SEND_LATENCY_FAULT_ENABLE, sendLatencyFaultEnable);
        if (appId != null) {
            properties.put(APP_ID, appId);
        }
        properties.put(MANAGED, managed);
        properties.put(SLA_ENABLED, slaEnabled);
        properties.put(FILELOG_ENABLED, filelogEnabled);
        properties.put(FILELOG_BODY_LIMIT, filelogBodyLimit);
        properties.put(AUDIT_ENABLED, auditEnabled);
        return properties;
    }

    @Override
    public String toString() {
        return "adapter '" + id + "' (namesrvAddr=" + namesrvAddr
                + ", consumeThreads=" + effectiveConsumeThreadMin() + ".." + effectiveConsumeThreadMax()
                + ", consumeMessageBatchMaxSize=" + consumeMessageBatchMaxSize + ", producerGroup=" + producerGroup
                + (accessKey == null ? "" : ", accessKey=" + accessKey + ", secretKey=****")
                + (namespace == null ? "" : ", namespace=" + namespace) + (enableMsgTrace ? ", trace on" : "")
                + (useTLS ? ", TLS" : "") + ")";
    }

    private static String describeThreads(int value) {
        return value == 0 ? "0 (client default " + CLIENT_DEFAULT_CONSUME_THREADS + ")" : Integer.toString(value);
    }

    /** Reads raw ConfigAdmin values: strings from .cfg files, numbers from typed configurations. */
    private static final class Reader {

        private final Map<String, ?> properties;
        private final UnaryOperator<String> environment;

        Reader(Map<String, ?> properties, UnaryOperator<String> environment) {
            this.properties = properties;
            this.environment = environment;
        }

        String id() {
            String explicit = string(ID, null);
            String id = explicit != null ? explicit : FactoryConfigurations.nameFromOrigin(properties, FACTORY_PID);
            if (id == null) {
                throw new InvalidSettingException(ID, null,
                        "set 'id', or name the file " + FACTORY_PID + "-<id>.cfg");
            }
            if (!ID_PATTERN.matcher(id).matches()) {
                throw new InvalidSettingException(ID, id, "1 to 64 of the characters A-Z a-z 0-9 _ . -");
            }
            return id;
        }

        String namesrvAddr() {
            String value = string(NAMESRV_ADDR, null);
            if (value == null) {
                throw new InvalidSettingException(NAMESRV_ADDR, null, "host:port[;host:port...], required");
            }
            for (String address : value.split(";", -1)) {
                Matcher matcher = HOST_PORT.matcher(address.trim());
                if (!matcher.matches()) {
                    throw new InvalidSettingException(NAMESRV_ADDR, value,
                            "host:port[;host:port...]; '" + address + "' is not host:port");
                }
                int port = Integer.parseInt(matcher.group(2));
                if (port < 1 || port > 65535) {
                    throw new InvalidSettingException(NAMESRV_ADDR, value,
                            "host:port[;host:port...]; port " + port + " is not in 1..65535");
                }
            }
            return value.replace(" ", "");
        }

        /** A trimmed string with environment formulas resolved, or {@code fallback} if absent or blank. */
        String string(String key, String fallback) {
            Object raw = properties.get(key);
            if (raw == null) {
                return fallback;
            }
            String value = resolveEnvironment(key, raw.toString()).trim();
            return value.isEmpty() ? fallback : value;
        }

        String matching(String key, String fallback, Pattern pattern, String allowed) {
            String value = string(key, fallback);
            if (value != null && !pattern.matcher(value).matches()) {
                throw new InvalidSettingException(key, value, allowed);
            }
            return value;
        }

        boolean bool(String key, boolean fallback) {
            Object raw = properties.get(key);
            if (raw instanceof Boolean) {
                return (Boolean) raw;
            }
            String text = string(key, null);
            if (text == null) {
                return fallback;
            }
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new InvalidSettingException(key, raw, "true or false");
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
            String text = string(key, null);
            if (text == null) {
                return fallback;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw new InvalidSettingException(key, text, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }

        /** Like string(), but an error never shows the value. */
        String secret(String key) {
            try {
                return string(key, null);
            } catch (InvalidSettingException e) {
                throw new InvalidSettingException(key, "****", "a value whose environment variables are set");
            }
        }

        int intIn(String key, int fallback, int min, int max, String note) {
            Object raw = properties.get(key);
            String allowed = "an integer in [" + min + ", " + max + "]" + (note == null ? "" : " (" + note + ")");
            if (raw == null) {
                return fallback;
            }
            int value;
            if (raw instanceof Number) {
                long number = ((Number) raw).longValue();
                if (number != ((Number) raw).doubleValue() || number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                    throw new InvalidSettingException(key, raw, allowed);
                }
                value = (int) number;
            } else {
                String text = resolveEnvironment(key, raw.toString()).trim();
                if (text.isEmpty()) {
                    return fallback;
                }
                try {
                    value = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new InvalidSettingException(key, raw, allowed);
                }
            }
            if (value < min || value > max) {
                throw new InvalidSettingException(key, raw, allowed);
            }
            return value;
        }

        private String resolveEnvironment(String key, String value) {
            Matcher matcher = ENV_FORMULA.matcher(value);
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                String variable = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                String replacement = environment.apply(variable);
                if (replacement == null) {
                    throw new InvalidSettingException(key, value,
                            "environment variable " + variable + " to be set (it is not)");
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(resolved);
            return resolved.toString();
        }
    }
}
