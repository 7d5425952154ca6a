package io.rocketconnect.api.config;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place where adapter configurations (factory PID {@value AdapterKeys#FACTORY_PID}) are read and
 * changed. Every front end calls it: the {@code rocketmq:*} shell, the web console, scripts. It checks
 * a configuration with the connector's own rules before it writes anything, and it refuses to change or
 * delete a {@linkplain AdapterKeys#MANAGED managed} adapter.
 * <p>
 * Roles are the front end's business (Karaf's command and JMX ACLs, the web console's login); this
 * service trusts its caller.
 */
@ProviderType
public interface AdapterConfigurationService {

    /** Every adapter configuration, sorted by id, with its state. Secrets are masked. */
    List<AdapterConfiguration> list();

    /**
     * One adapter configuration with its state. Secrets are masked.
     *
     * @throws IllegalArgumentException if no configuration has that id (the message lists those that do)
     */
    AdapterConfiguration get(String id);

    /** The keys an adapter configuration may hold, in the order of the connector's metatype. */
    List<KeyDefinition> keys();

    /**
     * Checks a whole configuration as the connector does when it is written.
     *
     * @throws InvalidConfigurationException naming each key at fault, its value (never a secret's) and
     *         what is allowed
     */
    void validate(Map<String, ?> configuration);

    /**
     * Writes a new adapter configuration, after checking it; the connector then brings the adapter up.
     *
     * @param settings keys of {@link #keys()}; the id comes from {@code id}
     * @return the configuration as written (its state may still be {@code DOWN} for a moment)
     * @throws IllegalStateException if an adapter with that id exists already
     * @throws InvalidConfigurationException if a key is unknown or a value is refused; nothing is written
     */
    AdapterConfiguration create(String id, Map<String, ?> settings);

    /**
     * Changes keys of an adapter configuration, after checking the result; a null or empty value removes
     * the key.
     *
     * @throws ManagedAdapterException if the adapter is managed; nothing is written
     * @throws InvalidConfigurationException if a key is unknown or the result is refused; nothing is written
     * @throws IllegalArgumentException if no configuration has that id
     */
    AdapterConfiguration update(String id, Map<String, ?> changes);

    /**
     * Deletes an adapter configuration; the connector closes the adapter's clients.
     *
     * @throws ManagedAdapterException if the adapter is managed; nothing is deleted
     * @throws IllegalArgumentException if no configuration has that id
     */
    void delete(String id);
}
