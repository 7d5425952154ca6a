package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.shell.completers.AdapterIdCompleter;

/**
 * What the commands that work on one adapter's configuration share: its id and the configuration
 * service, which checks, writes and holds the managed lock (as Karaf's jms:* commands call JmsService).
 */
public abstract class ConfigurationCommandSupport implements Action {

    @Argument(index = 0, name = "id", description = "Id of the adapter (see rocketmq:list)", required = true)
    @Completion(AdapterIdCompleter.class)
    String id;

    @Reference
    AdapterConfigurationService configurations;
}
