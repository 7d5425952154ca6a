package io.rocketconnect.impl.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.config.AdapterKeys;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.api.config.KeyDefinition;

/**
 * One adapter configuration, checked. {@link #from} is the only way in: it returns settings a client
 * can start with, or throws an {@link InvalidConfigurationException} naming every key at fault, its
 * value and what is allowed. Types, defaults and ranges come from {@link AdapterConfig} (through
 * {@link KeyDefinitions}); this class adds only the rules a metatype cannot say. Unit tests call it
 * without a framework.
 */
public final class AdapterSettings {

    /** The keys of an adapter configuration, as {@link AdapterConfig} defines them. */
    public static final KeyDefinitions KEYS = KeyDefinitions.of(AdapterConfig.class);

    /** The 4.x push consumer's own default for both thread settings. */
    public static final int CLIENT_DEFAULT_CONSUME_THREADS = 20;

    // The keys that rules below name: taken from the annotation's methods, never written a second time.
    static final String ID = key(AdapterConfig::id);
    static final String TRANSPORT = key(AdapterConfig::transport);
    static final String NAMESRV_ADDR = key(AdapterConfig::namesrvAddr);
    static final String ENDPOINTS = key(AdapterConfig::endpoints);
    static final String NAME = key(AdapterConfig::name);
    static final String DESCRIPTION = key(AdapterConfig::description);
    static final String PRODUCER_GROUP = key(AdapterConfig::producerGroup);
    static final String NAMESPACE = key(AdapterConfig::namespace);
    static final String TRACE_TOPIC = key(AdapterConfig::traceTopic);
    static final String ACCESS_KEY = key(AdapterConfig::accessKey);
    static final String SECRET_KEY = key(AdapterConfig::_secretKey);
    static final String CONSUME_THREAD_MIN = key(AdapterConfig::consumeThreadMin);
    static final String CONSUME_THREAD_MAX = key(AdapterConfig::consumeThreadMax);

    /**
     * Keys of the remoting client that the gRPC client has no use for: its routes come from the Proxy,
     * its retries and flow-control back-off are its own, and a gRPC consumer's batch size, retries,
     * start position and timeout are the server's subscription group settings.
     */
    static final List<String> REMOTING_ONLY = List.of(NAMESRV_ADDR, key(AdapterConfig::vipChannelEnabled),
            key(AdapterConfig::sendLatencyFaultEnable), key(AdapterConfig::enableMsgTrace), TRACE_TOPIC,
            key(AdapterConfig::retryTimesWhenBrokerBusy), key(AdapterConfig::retryDelayWhenBrokerBusy),
            key(AdapterConfig::consumeFromWhere), key(AdapterConfig::maxReconsumeTimes), key(AdapterConfig::consumeTimeout),
            key(AdapterConfig::consumeMessageBatchMaxSize), CONSUME_THREAD_MIN);

    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern NAMESPACE_PATTERN = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9_.-]+):(\\d{1,5})");

    /** Every key's typed value (null where unset and without default); the secret among them. */
    private final Map<String, Object> values;
    private final AdapterConfig config;
    private final Transport transport;
    private final int consumeThreadMin;
    private final int consumeThreadMax;

    private AdapterSettings(Map<String, Object> values, Transport transport, int consumeThreadMin, int consumeThreadMax) {
        this.values = Collections.unmodifiableMap(values);
        this.transport = transport;
        this.config = TypedConfigurations.of(AdapterConfig.class, values);
        this.consumeThreadMin = consumeThreadMin;
        this.consumeThreadMax = consumeThreadMax;
    }

    /**
     * @param properties  the configuration as ConfigAdmin hands it over (values may be text); keys that
     *                    are not adapter keys are ignored
     * @param environment looks up environment variables for {@code @env(NAME)} and {@code ${env:NAME}}
     * @throws InvalidConfigurationException naming each key at fault
     */
    public static AdapterSettings from(Map<String, ?> properties, UnaryOperator<String> environment) {
        PropertyReader in = new PropertyReader(properties, environment, new Problems());
        Map<String, Object> values = in.values(KEYS);
        String id = id(in, properties);
        values.put(ID, id);
        Transport transport = Transport.of((String) values.get(TRANSPORT));
        transportKeys(in, transport);
        values.put(NAMESRV_ADDR, transport == Transport.REMOTING ? addresses(in, NAMESRV_ADDR) : null);
        values.put(ENDPOINTS, transport == Transport.GRPC ? addresses(in, ENDPOINTS) : null);
        values.putIfAbsent(NAME, id);
        values.putIfAbsent(DESCRIPTION, "");
        String group = (String) values.get(PRODUCER_GROUP);
        values.put(PRODUCER_GROUP, group != null ? checkedGroup(in, group) : id == null ? null : id.replace('.', '_') + "-producer");
        String namespace = (String) values.get(NAMESPACE);
        if (namespace != null && !NAMESPACE_PATTERN.matcher(namespace).matches()) {
            in.problems().add(NAMESPACE, namespace, "1 to 64 of a-z A-Z 0-9 _ -");
        }
        checkedTopic(in, (String) values.get(TRACE_TOPIC));
        if ((values.get(ACCESS_KEY) == null) != (values.get(SECRET_KEY) == null) && !in.problems().has(SECRET_KEY)) {
            in.problems().add(values.get(ACCESS_KEY) == null ? ACCESS_KEY : SECRET_KEY, null,
                    "accessKey and .secretKey set together (ACL needs both)");
        }
        int[] threads = consumeThreads(in, (Integer) values.get(CONSUME_THREAD_MIN), (Integer) values.get(CONSUME_THREAD_MAX));
        in.problems().throwIfAny();
        return new AdapterSettings(values, transport, threads[0], threads[1]);
    }

    public static AdapterSettings from(Map<String, ?> properties) {
        return from(properties, System::getenv);
    }

    /**
     * The adapter id a configuration names, for messages about a configuration whose id may be bad
     * itself; never throws.
     */
    public static String idForMessages(Map<String, ?> properties) {
        Object explicit = properties.get(ID);
        String id = explicit != null && !explicit.toString().isBlank() ? explicit.toString().trim()
                : FactoryConfigurations.nameFromOrigin(properties, AdapterKeys.FACTORY_PID);
        return id != null ? id : String.valueOf(properties.get("service.pid"));
    }

    private static String id(PropertyReader in, Map<String, ?> properties) {
        String explicit = in.text(ID);
        String id = explicit != null ? explicit : FactoryConfigurations.nameFromOrigin(properties, AdapterKeys.FACTORY_PID);
        if (id == null) {
            in.problems().add(ID, null, "set 'id', or name the file " + AdapterKeys.FACTORY_PID + "-<id>.cfg");
            return null;
        }
        if (!ID_PATTERN.matcher(id).matches()) {
            in.problems().add(ID, id, "1 to 64 of the characters A-Z a-z 0-9 _ . -");
            return null;
        }
        return id;
    }

    /** A key of the other transport, set, is an error: the adapter would silently ignore it. */
    private static void transportKeys(PropertyReader in, Transport transport) {
        List<String> foreign = transport == Transport.GRPC ? REMOTING_ONLY : List.of(ENDPOINTS);
        for (String key : foreign) {
            String value = in.text(key);
            if (value != null) {
                in.problems().add(key, value, "not set: it applies to transport=" + transport.other().key()
                        + " only, and this adapter has transport=" + transport.key());
            }
        }
    }

    /** The {@code host:port[;host:port...]} of {@code key}, the transport's required address. */
    private static String addresses(PropertyReader in, String key) {
        String value = in.text(key);
        if (value == null) {
            in.problems().add(key, null, "host:port[;host:port...] (required)");
            return null;
        }
        for (String address : value.split(";", -1)) {
            Matcher matcher = HOST_PORT.matcher(address.trim());
            if (!matcher.matches()) {
                in.problems().add(key, value, "host:port[;host:port...]; '" + address + "' is not host:port");
                return null;
            }
            int port = Integer.parseInt(matcher.group(2));
            if (port < 1 || port > 65535) {
                in.problems().add(key, value, "host:port[;host:port...]; port " + port + " is not in 1..65535");
                return null;
            }
        }
        return value.replace(" ", "");
    }

    private static void checkedTopic(PropertyReader in, String traceTopic) {
        String problem = traceTopic == null ? null : NameRules.topicProblem(traceTopic);
        if (problem != null) {
            in.problems().add(TRACE_TOPIC, traceTopic, "a RocketMQ topic name (" + problem + ")");
        }
    }

    private static String checkedGroup(PropertyReader in, String group) {
        String problem = NameRules.groupProblem(group);
        if (problem != null) {
            in.problems().add(PRODUCER_GROUP, group, "a RocketMQ group name (" + problem + ")");
        }
        return group;
    }

    /**
     * The pool sizes a consumer gets. 0 (or unset) means the client's default of 20, except that a key
     * left at 0 follows the other one where 20 would contradict it: consumeThreadMax=4 alone means a
     * pool of 4, consumeThreadMin=30 alone means 30. Only two values the user wrote can be refused.
     */
    private static int[] consumeThreads(PropertyReader in, Integer min, Integer max) {
        int setMin = min == null ? 0 : min;
        int setMax = max == null ? 0 : max;
        int effectiveMin = setMin != 0 ? setMin : setMax != 0 ? Math.min(CLIENT_DEFAULT_CONSUME_THREADS, setMax)
                : CLIENT_DEFAULT_CONSUME_THREADS;
        int effectiveMax = setMax != 0 ? setMax : Math.max(CLIENT_DEFAULT_CONSUME_THREADS, effectiveMin);
        if (setMin != 0 && setMax != 0 && setMin > setMax) {
            in.problems().add(CONSUME_THREAD_MIN, setMin, "at most consumeThreadMax (" + setMax + ")");
        }
        return new int[] {effectiveMin, effectiveMax};
    }

    private static String key(java.util.function.Function<AdapterConfig, ?> accessor) {
        return TypedConfigurations.key(AdapterConfig.class, accessor);
    }

    /** Every value, typed, through the metatype interface: {@code config().sendMsgTimeout()}. */
    public AdapterConfig config() {
        return config;
    }

    public String id() {
        return config.id();
    }

    /** How the adapter talks to RocketMQ. */
    public Transport transport() {
        return transport;
    }

    /** The NameServers of a remoting adapter; null on gRPC. */
    public String namesrvAddr() {
        return config.namesrvAddr();
    }

    /** The Proxy endpoints of a gRPC adapter; null on remoting. */
    public String endpoints() {
        return config.endpoints();
    }

    /** The adapter's own producer group, for the direct send methods. */
    public String producerGroup() {
        return config.producerGroup();
    }

    /** Threads a push consumer starts with (the client default, or what the settings say). */
    public int consumeThreadMin() {
        return consumeThreadMin;
    }

    /** The most threads a push consumer may have. */
    public int consumeThreadMax() {
        return consumeThreadMax;
    }

    /** The ACL access key, or null without ACL. */
    public String accessKey() {
        return config.accessKey();
    }

    /** The ACL secret key, or null. Never log it or put it in a message. */
    public String secretKey() {
        return config._secretKey();
    }

    /** What the RocketmqAPI service shows of this adapter: every setting that has a value, except secrets. */
    public Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(RocketmqAPI.ADAPTER_ID, id());
        for (KeyDefinition key : KEYS.all()) {
            Object value = values.get(key.key());
            if (value != null && !key.secret() && !key.key().equals(ID)) {
                properties.put(key.key(), value);
            }
        }
        return properties;
    }

    @Override
    public String toString() {
        return "adapter '" + id() + "' (" + (transport == Transport.GRPC ? "grpc endpoints=" + endpoints()
                : "namesrvAddr=" + namesrvAddr()) + ", consumeThreads=" + consumeThreadMin + ".."
                + consumeThreadMax + ", consumeMessageBatchMaxSize=" + config.consumeMessageBatchMaxSize()
                + ", producerGroup=" + producerGroup()
                + (accessKey() == null ? "" : ", accessKey=" + accessKey() + ", secretKey=****")
                + (config.namespace() == null ? "" : ", namespace=" + config.namespace())
                + (config.enableMsgTrace() ? ", trace on" : "") + (config.useTLS() ? ", TLS" : "") + ")";
    }
}
