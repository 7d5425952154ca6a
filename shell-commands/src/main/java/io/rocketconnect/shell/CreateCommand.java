package io.rocketconnect.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.rocketconnect.api.config.AdapterConfiguration;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.AdapterKeys;

/** Creates an adapter configuration through the configuration service; the connector makes the service. */
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
    AdapterConfigurationService configurations;

    @Override
    public Object execute() {
        Map<String, Object> written = new LinkedHashMap<>(KeyValueArguments.parse(settings));
        written.put(AdapterKeys.NAMESRV_ADDR, namesrvAddr);
        written.put(AdapterKeys.DESCRIPTION, description);
        written.put(AdapterKeys.APP_ID, app);
        AdapterConfiguration created = configurations.create(id, written);
        System.out.println("Adapter '" + id + "' created (configuration " + created.pid() + ")");
        return null;
    }
}
