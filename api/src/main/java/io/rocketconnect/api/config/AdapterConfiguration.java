package io.rocketconnect.api.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One adapter configuration as {@link AdapterConfigurationService} shows it.
 *
 * @param id       the adapter's model id
 * @param pid      the ConfigurationAdmin PID, e.g. {@code io.rocketconnect.adapter~orders}
 * @param file     the file in {@code etc/} the configuration came from or is saved to, or null
 * @param settings the configuration's keys (without ConfigurationAdmin's own), sorted; every secret is
 *                 {@value #MASK}
 * @param state    whether the adapter is up and, if not, why
 */
public record AdapterConfiguration(String id, String pid, String file, Map<String, Object> settings, State state) {

    /** What a secret's value is shown as. */
    public static final String MASK = "****";

    public AdapterConfiguration {
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A setting as text, or {@code fallback} when it is not set. */
    public String setting(String key, String fallback) {
        Object value = settings.get(key);
        return value == null ? fallback : value.toString();
    }

    /** True if the adapter is locked: tools refuse to change or delete it. */
    public boolean managed() {
        return Boolean.parseBoolean(setting(AdapterKeys.MANAGED, "false").trim());
    }

    /** The app the adapter belongs to, or null. */
    public String appId() {
        return setting(AdapterKeys.APP_ID, null);
    }

    /**
     * Up or down. A down adapter has a {@code reason}: the validation message of a configuration the
     * connector refused, or why a valid one has no service.
     *
     * @param clients the clients an up adapter runs now, e.g. {@code "producer orders-producer"}
     */
    public record State(boolean up, String reason, List<String> clients) {

        public State {
            clients = List.copyOf(clients);
        }

        public static State up(List<String> clients) {
            return new State(true, null, clients);
        }

        public static State down(String reason) {
            return new State(false, reason, List.of());
        }
    }
}
