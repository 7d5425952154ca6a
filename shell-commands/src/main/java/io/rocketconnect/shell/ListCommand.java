package io.rocketconnect.shell;

import java.util.Comparator;
import java.util.Dictionary;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;

@Service
@Command(scope = "rocketmq", name = "list", description = "Lists the adapter configurations: whether each is up, its app, lock and clients")
public class ListCommand implements Action {

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    RocketmqAdapters adapters;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        for (String column : List.of("Id", "Name", "App", "NameServer", "State", "Managed", "Clients", "Description")) {
            table.column(column);
        }
        List<Configuration> configurations = AdapterConfigurations.all(configAdmin).stream()
                .sorted(Comparator.comparing(AdapterConfigurations::idOf)).collect(Collectors.toList());
        for (Configuration configuration : configurations) {
            String id = AdapterConfigurations.idOf(configuration);
            Dictionary<String, Object> properties = configuration.getProperties();
            String state;
            String clients;
            try {
                RocketmqAPI adapter = adapters.getRocketmqAPI(id);
                state = "up";
                clients = Integer.toString(adapter.runningClients().size());
            } catch (NoSuchAdapterException e) {
                state = "down";
                clients = "-";
            }
            table.addRow().addContent(id, value(properties, "name", id), value(properties, AdapterConfigurations.APP_ID, ""),
                    value(properties, "namesrvAddr", ""), state,
                    Boolean.parseBoolean(value(properties, AdapterConfigurations.MANAGED, "false")) ? "locked" : "",
                    clients, value(properties, "description", ""));
        }
        table.print(System.out);
        return null;
    }

    private static String value(Dictionary<String, Object> properties, String key, String fallback) {
        Object value = properties == null ? null : properties.get(key);
        return value == null ? fallback : value.toString();
    }
}
