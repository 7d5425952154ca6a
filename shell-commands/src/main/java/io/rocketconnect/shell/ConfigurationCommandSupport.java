package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.shell.completers.AdapterIdCompleter;

/** What the commands that work on one adapter's configuration share: its id, the lookup, the services. */
public abstract class ConfigurationCommandSupport implements Action {

    @Argument(index = 0, name = "id", description = "Id of the adapter (see rocketmq:list)", required = true)
    @Completion(AdapterIdCompleter.class)
    String id;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    RocketmqAdapters adapters;

    /** The adapter's configuration; an unknown id is named. */
    Configuration configuration() throws Exception {
        return AdapterConfigurations.find(configAdmin, id)
                .orElseThrow(() -> new IllegalArgumentException("No adapter configuration with id '" + id + "'"));
    }
}
