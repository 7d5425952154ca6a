package io.rocketconnect.shell;

import java.util.Hashtable;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

import io.rocketconnect.api.RocketmqAdapters;

/** Writes a new adapter configuration, as Karaf's jms:create does; the connector makes the service. */
@Service
@Command(scope = "rocketmq", name = "create", description = "Creates an adapter configuration (checked before anything is written)")
public class CreateCommand implements Action {

    @Argument(index = 0, name = "id", description = "Id of the new adapter: letters, digits, _ . -", required = true)
    String id;

    @Option(name = "--namesrv", description = "NameServer address(es), host:port[;host:port...]; may use @env(NAME)", required = true)
    String namesrvAddr;

    @Option(name = "--description", description = "What the adapter is for")
    String description;

    @Option(name = "--app", description = "The app the adapter belongs to (app.id)")
    String app;

    @Argument(index = 1, name = "settings", description = "More adapter keys as key=value, e.g. consumeThreadMax=8 "
            + "(see the README); give secrets as .secretKey=@env(NAME) so they stay out of shell history", multiValued = true)
    List<String> settings;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    RocketmqAdapters adapters;

    @Override
    public Object execute() throws Exception {
        if (AdapterConfigurations.find(configAdmin, id).isPresent()) {
            throw new IllegalStateException("Adapter '" + id + "' exists already; use rocketmq:update");
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("id", id);
        properties.put("namesrvAddr", namesrvAddr);
        if (description != null) {
            properties.put("description", description);
        }
        if (app != null) {
            properties.put(AdapterConfigurations.APP_ID, app);
        }
        for (String[] pair : AdapterConfigurations.keyValues(settings)) {
            if (!pair[1].isEmpty()) {
                properties.put(pair[0], pair[1]);
            }
        }
        adapters.validate(properties);
        configAdmin.getFactoryConfiguration(AdapterConfigurations.FACTORY_PID, id, "?").update(properties);
        System.out.println("Adapter '" + id + "' created (configuration " + AdapterConfigurations.FACTORY_PID + "~" + id + ")");
        return null;
    }
}
