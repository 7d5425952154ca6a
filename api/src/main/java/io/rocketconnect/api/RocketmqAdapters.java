package io.rocketconnect.api;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds adapters by model id, for code that learns the id at run time (from a process definition or
 * a request) rather than selecting the {@link RocketmqAPI} service with a filter.
 */
@ProviderType
public interface RocketmqAdapters {

    /**
     * @return the adapter registered under {@code modelId}
     * @throws NoSuchAdapterException if no adapter of that id is up
     */
    RocketmqAPI getRocketmqAPI(String modelId);

    /** Ids of the adapters that are up now, sorted. */
    Set<String> adapterIds();

    /**
     * Checks an adapter configuration as the connector will when it is written, so tools can refuse
     * bad input before they change anything.
     *
     * @throws IllegalArgumentException naming the key, the value (never a secret's) and what is allowed
     * @deprecated use {@link io.rocketconnect.api.config.AdapterConfigurationService#validate}, which
     *             also creates, changes and deletes configurations
     */
    @Deprecated
    void validate(Map<String, ?> configuration);
}
