package io.rocketconnect.api;

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
}
