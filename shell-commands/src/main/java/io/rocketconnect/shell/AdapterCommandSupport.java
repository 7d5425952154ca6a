package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.shell.completers.AdapterIdCompleter;

/** What every command that works through one adapter shares: its id argument and the lookup. */
public abstract class AdapterCommandSupport implements Action {

    @Argument(index = 0, name = "adapter", description = "Id of the adapter (see rocketmq:list)", required = true)
    @Completion(AdapterIdCompleter.class)
    String adapterId;

    @Reference
    RocketmqAdapters adapters;

    /** The adapter; a NoSuchAdapterException names the id and the adapters that are up. */
    RocketmqAPI adapter() {
        return adapters.getRocketmqAPI(adapterId);
    }
}
