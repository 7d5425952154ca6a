package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.AdapterKeys;
import io.rocketconnect.shell.completers.AdapterIdCompleter;

/** What every command that works through one adapter shares: its id argument and the lookup. */
public abstract class AdapterCommandSupport implements Action {

    @Argument(index = 0, name = "adapter", description = "Id of the adapter (see rocketmq:list)", required = true)
    @Completion(AdapterIdCompleter.class)
    String adapterId;

    @Reference
    RocketmqAdapters adapters;

    /** Where the adapter's transport is read: the commands that work differently on gRPC ask. */
    @Reference
    AdapterConfigurationService configurations;

    /** The adapter; a NoSuchAdapterException names the id and the adapters that are up. */
    RocketmqAPI adapter() {
        return adapters.getRocketmqAPI(adapterId);
    }

    /** True if the adapter's configuration says transport=grpc (it talks to a RocketMQ 5 Proxy). */
    boolean grpc() {
        return AdapterKeys.TRANSPORT_GRPC.equals(configurations.get(adapterId)
                .setting(AdapterKeys.TRANSPORT, AdapterKeys.TRANSPORT_REMOTING).trim());
    }

    /**
     * The adapter's cluster queries. A gRPC adapter has none (they ask the NameServer, which it does not
     * use): that is one line naming the command and the transport, not a stack trace.
     */
    RocketmqAdmin admin() {
        RocketmqAPI adapter = adapter();
        try {
            return adapter.admin();
        } catch (UnsupportedOperationException notOnThisTransport) {
            Command command = getClass().getAnnotation(Command.class);
            throw new IllegalStateException((command == null ? "this command" : command.scope() + ":" + command.name())
                    + " asks the NameServer, which only adapters with transport=remoting use: " + notOnThisTransport.getMessage()
                    + " (on gRPC adapters: rocketmq:test, rocketmq:send, rocketmq:consume)");
        }
    }
}
